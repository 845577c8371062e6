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
