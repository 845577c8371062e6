/// A dense layer: a = f(W·x + b), with W stored one row per neuron.
public struct Dense: Equatable, Sendable {
    public var name: String
    public var inputSize: Int
    public var outputSize: Int
    public var activation: Activation
    public var useBias: Bool
    /// `weights[j * inputSize + i]`: from input i to neuron j.
    public var weights: [Float]
    public var bias: [Float]
    /// The activation's name as the model file spells it, where it differs from `activation`'s (see `Layer`).
    public var activationSpelling: String?

    /// The activation's name to show: the file's spelling, else the function's name.
    public var activationName: String { activationSpelling ?? activation.rawValue }

    public init(name: String, inputSize: Int, outputSize: Int, activation: Activation, useBias: Bool = true,
                weights: [Float], bias: [Float]) {
        precondition(weights.count == inputSize * outputSize && bias.count == outputSize)
        self.name = name
        self.inputSize = inputSize
        self.outputSize = outputSize
        self.activation = activation
        self.useBias = useBias
        self.weights = weights
        self.bias = bias
    }

    /// Glorot-uniform weights, U(−√(6/(in+out)), √(6/(in+out))), and zero bias, as Keras starts a Dense layer.
    public init(name: String, inputSize: Int, outputSize: Int, activation: Activation, useBias: Bool = true,
                glorotUniformFrom generator: inout SeededGenerator) {
        let limit = (6 / Float(inputSize + outputSize)).squareRoot()
        let weights = (0..<inputSize * outputSize).map { _ in generator.uniform(-limit, limit) }
        self.init(name: name, inputSize: inputSize, outputSize: outputSize, activation: activation, useBias: useBias,
                  weights: weights, bias: [Float](repeating: 0, count: outputSize))
    }

    public func weight(from input: Int, to neuron: Int) -> Float { weights[neuron * inputSize + input] }

    func makeBuffers(rows: Int) -> LayerBuffers {
        LayerBuffers(rows: rows, width: outputSize, z: true, parameterGradients: [weights.count, outputSize])
    }

    /// z = x·Wᵀ + b and a = f(z) for the first `rows` rows.
    ///
    /// The product is added to the bias (b + x·Wᵀ, in that order), and each part of a split product
    /// applies f to its own rows as soon as they are done (and first calls `fillingInput` for its
    /// rows of x: see `Workspace.forward`).
    func forward(_ input: UnsafePointer<Float>, rows: Int, buffers: LayerBuffers, fillingInput: (Range<Int>) -> Void = { _ in }) {
        let (z, a, n) = (buffers.z.baseAddress!, buffers.output.baseAddress!, outputSize)
        weights.withUnsafeBufferPointer { w in
            bias.withUnsafeBufferPointer { b in
                multiply(transposeA: false, transposeB: true, m: rows, n: n, k: inputSize, input, w.baseAddress!, into: z,
                         rowsAdding: useBias ? b.baseAddress! : nil, before: fillingInput) { part in
                    activation.forward(z + part.lowerBound * n, into: a + part.lowerBound * n, rows: part.count, width: n)
                }
            }
        }
    }

    /// ∂L/∂z from ∂L/∂a (unless the loss gave ∂L/∂z), then, if asked, ∂L/∂x = dZ·W, and ∂L/∂W = dZᵀ·X
    /// and ∂L/∂b = Σ dZ.
    ///
    /// f' is applied by the parts of the next product (its rows of dZ for ∂L/∂x, else its columns
    /// for ∂L/∂W), and the parts of ∂L/∂W sum ∂L/∂b for their neurons. With `learningRate` (plain
    /// gradient descent), they also take the step w ← w − η·∂L/∂w on their neurons' weights and
    /// biases, with the gradients just computed: the same arithmetic as `SGD`, done while the
    /// gradients are in the cache, after ∂L/∂x has used the old weights.
    mutating func backward(input: UnsafePointer<Float>, rows: Int, buffers: LayerBuffers, gradientIsPreActivation: Bool,
                           inputGradient: UnsafeMutablePointer<Float>?, learningRate: Float? = nil) {
        let (dz, z, a) = (buffers.gradient.baseAddress!, UnsafePointer(buffers.z.baseAddress!), UnsafePointer(buffers.output.baseAddress!))
        let (dw, db) = (buffers.parameterGradients[0].baseAddress!, buffers.parameterGradients[1].baseAddress!)
        let (n, width, useBias, activation) = (outputSize, inputSize, useBias, activation)
        var derivativeApplied = gradientIsPreActivation
        if let inputGradient {
            let applyDerivative = !derivativeApplied
            weights.withUnsafeBufferPointer { w in
                multiply(transposeA: false, transposeB: false, m: rows, n: width, k: n, dz, w.baseAddress!, into: inputGradient,
                         before: { part in
                             guard applyDerivative else { return }
                             activation.backward(z: z + part.lowerBound * n, a: a + part.lowerBound * n,
                                                 gradient: dz + part.lowerBound * n, rows: part.count, width: n)
                         })
            }
            derivativeApplied = true
        } else if !derivativeApplied, activation == .softmax {
            activation.backward(z: z, a: a, gradient: dz, rows: rows, width: n)
            derivativeApplied = true
        }
        let applyDerivative = !derivativeApplied
        func weightGradients(weights: UnsafeMutablePointer<Float>?, bias: UnsafeMutablePointer<Float>?) {
            multiply(transposeA: true, transposeB: false, m: n, n: width, k: rows, dz, input, into: dw,
                     before: { neurons in
                         guard applyDerivative else { return }
                         activation.backward(z: z, a: a, gradient: dz, rows: rows, width: n, columns: neurons)
                     },
                     after: { neurons in
                         if useBias {
                             sumColumns(dz + neurons.lowerBound, rows: rows, columns: neurons.count, rowStride: n, into: db + neurons.lowerBound)
                         } else {
                             (db + neurons.lowerBound).update(repeating: 0, count: neurons.count)
                         }
                         guard let learningRate, let weights else { return }
                         for i in neurons.lowerBound * width..<neurons.upperBound * width { weights[i] -= learningRate * dw[i] }
                         if let bias {
                             for j in neurons { bias[j] -= learningRate * db[j] }
                         }
                     })
        }
        if learningRate == nil {
            weightGradients(weights: nil, bias: nil)
        } else {
            weights.withUnsafeMutableBufferPointer { w in
                bias.withUnsafeMutableBufferPointer { b in weightGradients(weights: w.baseAddress!, bias: useBias ? b.baseAddress! : nil) }
            }
        }
    }

    mutating func update(_ optimizer: inout any Optimizer, buffers: LayerBuffers, slot: Int) {
        optimizer.update(&weights, gradient: UnsafeBufferPointer(buffers.parameterGradients[0]), slot: slot)
        if useBias { optimizer.update(&bias, gradient: UnsafeBufferPointer(buffers.parameterGradients[1]), slot: slot + 1) }
    }
}
