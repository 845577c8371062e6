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
    /// The product is added to the bias (b + x·Wᵀ, in that order), so the layer is one matrix product
    /// and one element-wise pass.
    func forward(_ input: UnsafePointer<Float>, rows: Int, buffers: LayerBuffers) {
        let z = buffers.z.baseAddress!
        weights.withUnsafeBufferPointer { w in
            bias.withUnsafeBufferPointer { b in
                multiply(transposeA: false, transposeB: true, m: rows, n: outputSize, k: inputSize,
                         input, w.baseAddress!, into: z, rowsAdding: useBias ? b.baseAddress! : nil)
            }
        }
        activation.forward(z, into: buffers.output.baseAddress!, rows: rows, width: outputSize)
    }

    /// ∂L/∂z from ∂L/∂a (unless the loss gave ∂L/∂z), then ∂L/∂W = dZᵀ·X, ∂L/∂b = Σ dZ and, if asked,
    /// ∂L/∂x = dZ·W.
    func backward(input: UnsafePointer<Float>, rows: Int, buffers: LayerBuffers, gradientIsPreActivation: Bool,
                  inputGradient: UnsafeMutablePointer<Float>?) {
        let dz = buffers.gradient.baseAddress!
        if !gradientIsPreActivation {
            activation.backward(z: buffers.z.baseAddress!, a: buffers.output.baseAddress!, gradient: dz, rows: rows, width: outputSize)
        }
        multiply(transposeA: true, transposeB: false, m: outputSize, n: inputSize, k: rows, dz, input,
                 into: buffers.parameterGradients[0].baseAddress!)
        let db = buffers.parameterGradients[1].baseAddress!
        if useBias {
            sumColumns(dz, rows: rows, columns: outputSize, into: db)
        } else {
            db.update(repeating: 0, count: outputSize)
        }
        guard let inputGradient else { return }
        weights.withUnsafeBufferPointer { w in
            multiply(transposeA: false, transposeB: false, m: rows, n: inputSize, k: outputSize, dz, w.baseAddress!,
                     into: inputGradient)
        }
    }

    mutating func update(_ optimizer: inout any Optimizer, buffers: LayerBuffers, slot: Int) {
        optimizer.update(&weights, gradient: UnsafeBufferPointer(buffers.parameterGradients[0]), slot: slot)
        if useBias { optimizer.update(&bias, gradient: UnsafeBufferPointer(buffers.parameterGradients[1]), slot: slot + 1) }
    }
}
