import Testing
@testable import NNCore

/// The fast paths of training (BLAS products, the small-product loops, bias folded into the product,
/// in-place ReLU backward) against plain definitions.
@Suite struct PerformancePathTests {
    /// op(M)[i, p] of a row-major matrix stored untransposed (rows×columns) or transposed.
    static func element(_ m: [Float], transposed: Bool, rows: Int, columns: Int, _ i: Int, _ p: Int) -> Float {
        transposed ? m[p * rows + i] : m[i * columns + p]
    }

    static func randomValues(_ count: Int, _ generator: inout SeededGenerator) -> [Float] {
        (0..<count).map { _ in generator.uniform(-1, 1) }
    }

    /// Both sides of the small-product limit and a product large enough to be split over threads,
    /// every transposition, with alpha and beta: the result matches a Double-precision product to
    /// 1e-4 relative to its size.
    @Test(arguments: [(3, 4, 5), (7, 1, 9), (33, 40, 17), (128, 10, 64), (200, 80, 70)], [false, true])
    func multiplyMatchesTheDefinition(shape: (Int, Int, Int), transposeA: Bool) {
        let (m, n, k) = shape
        var generator = SeededGenerator(seed: UInt64(m * 1000 + n * 10 + k))
        for transposeB in [false, true] {
            for (alpha, beta): (Float, Float) in [(1, 0), (0.5, 1), (-2, 0.25)] {
                let a = Self.randomValues(m * k, &generator)
                let b = Self.randomValues(k * n, &generator)
                var c = Self.randomValues(m * n, &generator)
                let start = c
                a.withUnsafeBufferPointer { a in
                    b.withUnsafeBufferPointer { b in
                        c.withUnsafeMutableBufferPointer { c in
                            multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                                     a.baseAddress!, b.baseAddress!, into: c.baseAddress!, alpha: alpha, beta: beta)
                        }
                    }
                }
                for i in 0..<m {
                    for j in 0..<n {
                        var sum: Double = 0
                        for p in 0..<k {
                            sum += Double(Self.element(a, transposed: transposeA, rows: m, columns: k, i, p))
                                * Double(Self.element(b, transposed: transposeB, rows: k, columns: n, p, j))
                        }
                        let expected = Double(alpha) * sum + Double(beta) * Double(start[i * n + j])
                        #expect(abs(Double(c[i * n + j]) - expected) < 1e-4 * Double(k),
                                "m=\(m) n=\(n) k=\(k) tA=\(transposeA) tB=\(transposeB) α=\(alpha) β=\(beta) at (\(i), \(j))")
                    }
                }
            }
        }
    }

    /// OpenBLAS is opened by name when a product first needs it (it is not linked); a missing file or
    /// a library without its functions gives none, and products then stay in the Swift loops.
    @Test func openBLASIsOpenedWhenAProductNeedsIt() {
        #expect(OpenBLAS.open("libopenblas.so.0") != nil)
        #expect(OpenBLAS.open("/nonexistent/libopenblas.so.0") == nil)
        #expect(OpenBLAS.open("libc.so.6") == nil)
        #expect(OpenBLAS.shared() != nil)
    }

    /// The small products against the plain loops they replace, compared bit for bit: shapes with
    /// eight-column and four-column groups, leftover columns, four-row blocks and leftover rows, every
    /// transposition, with alpha and beta, and with a vector added to every row.
    @Test(arguments: [(1, 1, 1), (5, 3, 2), (8, 9, 4), (32, 8, 4), (32, 1, 4), (7, 13, 16), (16, 12, 21)], [false, true])
    func smallProductsAreBitIdenticalToThePlainLoops(shape: (Int, Int, Int), transposeA: Bool) {
        let (m, n, k) = shape
        #expect(m * n * k <= smallProductLimit)
        var generator = SeededGenerator(seed: UInt64(m * 1000 + n * 10 + k))
        for transposeB in [false, true] {
            for (alpha, beta, addsVector): (Float, Float, Bool) in [(1, 0, false), (0.5, 1, false), (-2, 0.25, false), (1, 0, true), (0.3, 0, true)] {
                let a = Self.randomValues(m * k, &generator)
                let b = Self.randomValues(k * n, &generator)
                let vector = Self.randomValues(n, &generator)
                let start = Self.randomValues(m * n, &generator)
                var c = start
                a.withUnsafeBufferPointer { a in
                    b.withUnsafeBufferPointer { b in
                        vector.withUnsafeBufferPointer { v in
                            c.withUnsafeMutableBufferPointer { c in
                                multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a.baseAddress!, b.baseAddress!,
                                         into: c.baseAddress!, alpha: alpha, beta: beta, rowsAdding: addsVector ? v.baseAddress! : nil)
                            }
                        }
                    }
                }
                // The loops as they were: C filled with the vector (then β = 1) or scaled by β, then
                // for op(B) = Bᵀ one dot product per value added with α, otherwise α·A[i, p]·B[p, j]
                // added term by term.
                var expected = start
                let effectiveBeta = addsVector ? 1 : beta
                for i in 0..<m {
                    for j in 0..<n {
                        if addsVector { expected[i * n + j] = vector[j] }
                        expected[i * n + j] = effectiveBeta == 0 ? 0 : effectiveBeta == 1 ? expected[i * n + j] : expected[i * n + j] * effectiveBeta
                    }
                }
                for i in 0..<m {
                    for j in 0..<n {
                        if transposeB {
                            var sum: Float = 0
                            for p in 0..<k {
                                sum += Self.element(a, transposed: transposeA, rows: m, columns: k, i, p)
                                    * Self.element(b, transposed: true, rows: k, columns: n, p, j)
                            }
                            expected[i * n + j] += alpha * sum
                        } else {
                            for p in 0..<k {
                                expected[i * n + j] += alpha * Self.element(a, transposed: transposeA, rows: m, columns: k, i, p)
                                    * Self.element(b, transposed: false, rows: k, columns: n, p, j)
                            }
                        }
                    }
                }
                #expect(c.map(\.bitPattern) == expected.map(\.bitPattern),
                        "m=\(m) n=\(n) k=\(k) tA=\(transposeA) tB=\(transposeB) α=\(alpha) β=\(beta) vector=\(addsVector)")
            }
        }
    }

    /// Rows gathered in the order given, narrow rows (copied in registers) and wide ones.
    @Test(arguments: [1, 3, 4, 7, 15, 16, 40])
    func gatherRowsCopiesTheChosenRows(width: Int) {
        var generator = SeededGenerator(seed: UInt64(width))
        let source = Self.randomValues(10 * width, &generator)
        let order = [7, 0, 9, 7, 3]
        var batch = [Float](repeating: .nan, count: order.count * width)
        source.withUnsafeBufferPointer { s in
            order.withUnsafeBufferPointer { o in
                batch.withUnsafeMutableBufferPointer { gatherRows(s.baseAddress!, order: o, width: width, into: $0.baseAddress!) }
            }
        }
        #expect(batch == order.flatMap { source[$0 * width..<($0 + 1) * width] })
    }

    /// The batch's summed loss is the rows' `rowLoss` added up in order, and its gradient theirs
    /// scaled, bit for bit, for every loss with its activation.
    @Test(arguments: [(Loss.categoricalCrossEntropy, Activation.softmax, 3), (.binaryCrossEntropy, .sigmoid, 1),
                      (.binaryCrossEntropy, .sigmoid, 2), (.meanSquaredError, .tanh, 3), (.meanSquaredError, .softmax, 4)])
    func summedLossIsTheRowLossesInOrder(loss: Loss, activation: Activation, width: Int) {
        var generator = SeededGenerator(seed: 3)
        let rows = 6
        let z = Self.randomValues(rows * width, &generator).map { $0 * 4 }
        var a = [Float](repeating: 0, count: z.count)
        for r in 0..<rows {
            let row = activation.apply(Array(z[r * width..<(r + 1) * width]))
            a.replaceSubrange(r * width..<(r + 1) * width, with: row)
        }
        let target = (0..<rows * width).map { Float(($0 * 7) % 3 == 0 ? 1 : 0) }
        let scale: Float = 1 / Float(rows)
        var expectedTotal: Float = 0
        var expectedGradient = [Float](repeating: 0, count: z.count)
        for r in 0..<rows {
            var gradient = [Float](repeating: 0, count: width)
            let span = r * width..<(r + 1) * width
            expectedTotal += z[span].withUnsafeBufferPointer { zr in
                a[span].withUnsafeBufferPointer { ar in
                    target[span].withUnsafeBufferPointer { tr in
                        gradient.withUnsafeMutableBufferPointer { loss.rowLoss(z: zr, a: ar, target: tr, activation: activation, gradient: $0) }
                    }
                }
            }
            expectedGradient.replaceSubrange(span, with: gradient.map { $0 * scale })
        }
        var gradient = [Float](repeating: .nan, count: z.count)
        let total = z.withUnsafeBufferPointer { zp in
            a.withUnsafeBufferPointer { ap in
                target.withUnsafeBufferPointer { tp in
                    gradient.withUnsafeMutableBufferPointer {
                        loss.summedLoss(z: zp.baseAddress!, a: ap.baseAddress!, target: tp.baseAddress!, rows: rows, width: width,
                                        activation: activation, gradient: $0.baseAddress!, gradientScale: scale)
                    }
                }
            }
        }
        #expect(total.bitPattern == expectedTotal.bitPattern)
        #expect(gradient.map(\.bitPattern) == expectedGradient.map(\.bitPattern))
    }

    /// A batch large enough for the BLAS, through ReLU layers and a layer without bias: the batched
    /// loss and gradients are the means of the single-input ones (to 1e-5), and every z is W·x + b.
    @Test func batchedGradientsThroughBLASAndReLUEqualSingleInputMeans() {
        var generator = SeededGenerator(seed: 21)
        let network = Network(layers: [
            Dense(name: "a", inputSize: 24, outputSize: 40, activation: .relu, glorotUniformFrom: &generator),
            Dense(name: "b", inputSize: 40, outputSize: 30, activation: .relu, useBias: false, glorotUniformFrom: &generator),
            Dense(name: "c", inputSize: 30, outputSize: 5, activation: .softmax, glorotUniformFrom: &generator),
        ].map { layer in
            var layer = layer
            if layer.useBias { layer.bias = Self.randomValues(layer.outputSize, &generator) }
            return layer
        })
        let rows = 48
        let inputs = Self.randomValues(rows * 24, &generator)
        var targets = [Float](repeating: 0, count: rows * 5)
        for r in 0..<rows { targets[r * 5 + r % 5] = 1 }

        let workspace = Workspace(network: network, rows: rows)
        let loss = inputs.withUnsafeBufferPointer { x in
            targets.withUnsafeBufferPointer { t in
                var generator = SeededGenerator(seed: 0)
                workspace.forward(network, input: x.baseAddress!, rows: rows, mode: .training, generator: &generator)
                return workspace.backward(network, input: x.baseAddress!, target: t.baseAddress!, rows: rows,
                                          loss: .categoricalCrossEntropy, mode: .training)
            }
        }

        var meanLoss: Float = 0
        var meanWeights = network.layers.map { [Float](repeating: 0, count: $0.dense!.weights.count) }
        var meanBias = network.layers.map { [Float](repeating: 0, count: $0.outputSize) }
        for r in 0..<rows {
            let trace = network.trace(Array(inputs[r * 24..<(r + 1) * 24]))
            let first = network.layers[0].dense!
            for j in 0..<first.outputSize {
                var z = first.bias[j]
                for i in 0..<first.inputSize { z += first.weight(from: i, to: j) * trace.input[i] }
                #expect(abs(trace.layers[0].z[j] - z) < 1e-5)
                #expect(abs(workspace.buffers[0].z[r * first.outputSize + j] - z) < 1e-5)
            }
            let pass = network.backward(trace, target: Array(targets[r * 5..<(r + 1) * 5]), loss: .categoricalCrossEntropy)
            meanLoss += pass.loss / Float(rows)
            for index in network.layers.indices {
                for w in meanWeights[index].indices { meanWeights[index][w] += pass.layers[index].weights[w] / Float(rows) }
                for b in meanBias[index].indices { meanBias[index][b] += pass.layers[index].bias[b] / Float(rows) }
            }
        }
        #expect(abs(loss - meanLoss) < 1e-5)
        for index in network.layers.indices {
            for w in meanWeights[index].indices {
                #expect(abs(workspace.buffers[index].parameterGradients[0][w] - meanWeights[index][w]) < 1e-5, "layer \(index) weight \(w)")
            }
            for b in meanBias[index].indices {
                #expect(abs(workspace.buffers[index].parameterGradients[1][b] - meanBias[index][b]) < 1e-5, "layer \(index) bias \(b)")
            }
        }
        #expect(workspace.buffers[1].parameterGradients[1].allSatisfy { $0 == 0 })
    }

    /// The element-wise passes against their definitions.
    @Test func elementWisePasses() {
        let z: [Float] = [-2, -0.0, 0, 0.5, 3, -1e-8, 1e-8]
        var a = [Float](repeating: 9, count: z.count)
        var gradient: [Float] = [1, 2, 3, 4, 5, 6, 7]
        z.withUnsafeBufferPointer { z in
            a.withUnsafeMutableBufferPointer { relu(z.baseAddress!, into: $0.baseAddress!, count: z.count) }
            gradient.withUnsafeMutableBufferPointer { reluBackward(z: z.baseAddress!, gradient: $0.baseAddress!, count: z.count) }
        }
        #expect(a == [0, 0, 0, 0.5, 3, 0, 1e-8])
        #expect(gradient == [0, 0, 0, 4, 5, 0, 7])

        let matrix: [Float] = [1, 2, 3, 4, 5, 6]
        var sums: [Float] = [7, 7, 7]
        var filled = [Float](repeating: 0, count: 6)
        matrix.withUnsafeBufferPointer { m in
            sums.withUnsafeMutableBufferPointer { sumColumns(m.baseAddress!, rows: 2, columns: 3, into: $0.baseAddress!) }
            filled.withUnsafeMutableBufferPointer { fillRows($0.baseAddress!, with: m.baseAddress!, rows: 2, columns: 3) }
        }
        #expect(sums == [5, 7, 9])
        #expect(filled == [1, 2, 3, 1, 2, 3])
    }

    /// Plain gradient descent takes its step inside the backward pass (the parts of each weight
    /// product update their neurons): the result is bit for bit w − η·∂L/∂w with the gradients of the
    /// separate backward pass, for products split over threads and small ones, a first layer whose
    /// ReLU derivative is applied by the weight product's parts, a layer without bias, and softmax
    /// with cross-entropy as well as tanh with squared error.
    @Test(arguments: [(Loss.categoricalCrossEntropy, Activation.softmax), (.meanSquaredError, .tanh)])
    func gradientDescentInsideTheBackwardPassIsTheSeparateStep(loss: Loss, output: Activation) {
        var generator = SeededGenerator(seed: 17)
        let network = Network(layers: [
            Dense(name: "a", inputSize: 300, outputSize: 96, activation: .relu, glorotUniformFrom: &generator),
            Dense(name: "b", inputSize: 96, outputSize: 128, activation: .relu, useBias: false, glorotUniformFrom: &generator),
            Dense(name: "c", inputSize: 128, outputSize: 5, activation: output, glorotUniformFrom: &generator),
        ])
        let rows = 96
        let inputs = Self.randomValues(rows * 300, &generator)
        var targets = [Float](repeating: 0, count: rows * 5)
        for r in 0..<rows { targets[r * 5 + r % 5] = 1 }
        let rate: Float = 0.05

        let gradients = network.backward(inputs: inputs, targets: targets, loss: loss, mode: .training)
        var expected = network
        for index in expected.layers.indices {
            var layer = expected.layers[index].dense!
            for i in layer.weights.indices { layer.weights[i] -= rate * gradients.layers[index].weights[i] }
            if layer.useBias {
                for j in layer.bias.indices { layer.bias[j] -= rate * gradients.layers[index].bias[j] }
            }
            expected.layers[index] = .dense(layer)
        }

        var stepped = network
        var optimizer: any Optimizer = SGD(learningRate: rate)
        let workspace = Workspace(network: network, rows: rows)
        var stepGenerator = SeededGenerator(seed: 0)
        let lossBefore = inputs.withUnsafeBufferPointer { x in
            targets.withUnsafeBufferPointer { t in
                stepped.step(input: x.baseAddress!, target: t.baseAddress!, rows: rows, loss: loss, mode: .training,
                             optimizer: &optimizer, workspace: workspace, generator: &stepGenerator)
            }
        }
        #expect(lossBefore == gradients.loss)
        for (got, want) in zip(stepped.layers, expected.layers) {
            #expect(got.dense!.weights.map(\.bitPattern) == want.dense!.weights.map(\.bitPattern))
            #expect(got.dense!.bias.map(\.bitPattern) == want.dense!.bias.map(\.bitPattern))
        }
        #expect(zip(workspace.gradients(stepped), gradients.layers).allSatisfy { $0.parameters == $1.parameters })
    }

    /// Training a network wide enough for the BLAS twice from the same seed gives identical weights.
    @Test(arguments: OptimizerKind.allCases)
    func trainingThroughBLASIsDeterministic(optimizer: OptimizerKind) throws {
        var generator = SeededGenerator(seed: 5)
        let rows = 200
        let inputs = Self.randomValues(rows * 64, &generator)
        var targets = [Float](repeating: 0, count: rows * 4)
        for r in 0..<rows { targets[r * 4 + Int(generator.next() % 4)] = 1 }
        let data = Examples(inputs: inputs, targets: targets)
        func run() throws -> Network {
            var seeded = SeededGenerator(seed: 1)
            var network = Network(layers: [
                Dense(name: "a", inputSize: 64, outputSize: 48, activation: .relu, glorotUniformFrom: &seeded),
                Dense(name: "b", inputSize: 48, outputSize: 4, activation: .softmax, glorotUniformFrom: &seeded),
            ])
            _ = try Trainer.train(&network, on: data, loss: .categoricalCrossEntropy, task: .categorical(classes: 4),
                                  options: TrainingOptions(epochs: 3, batchSize: 50, optimizer: optimizer, seed: 7))
            return network
        }
        let first = try run()
        let second = try run()
        #expect(first == second)
    }
}
