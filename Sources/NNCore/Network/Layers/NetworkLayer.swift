/// Whether a pass runs as in training (batch statistics, dropout masks) or as in inference.
public enum ForwardMode: Sendable {
    case inference
    case training
}

/// One layer ready to run. Each kind is one type in its own file with its forward pass over a
/// batch of row-major rows and its backward pass; this enum only dispatches to them.
public enum NetworkLayer: Equatable, Sendable {
    case dense(Dense)
    case activation(ActivationLayer)
    case dropout(Dropout)
    case batchNormalization(BatchNorm)
    case passThrough(PassThrough)

    public var name: String {
        switch self {
        case let .dense(layer): return layer.name
        case let .activation(layer): return layer.name
        case let .dropout(layer): return layer.name
        case let .batchNormalization(layer): return layer.name
        case let .passThrough(layer): return layer.name
        }
    }

    public var inputSize: Int {
        switch self {
        case let .dense(layer): return layer.inputSize
        case let .activation(layer): return layer.size
        case let .dropout(layer): return layer.size
        case let .batchNormalization(layer): return layer.size
        case let .passThrough(layer): return layer.size
        }
    }

    public var outputSize: Int {
        if case let .dense(layer) = self { return layer.outputSize }
        return inputSize
    }

    /// The kind's name as Keras spells it: Dense, Activation, Dropout, BatchNormalization, Flatten, ….
    public var className: String {
        switch self {
        case .dense: return "Dense"
        case .activation: return "Activation"
        case .dropout: return "Dropout"
        case .batchNormalization: return "BatchNormalization"
        case let .passThrough(layer): return layer.className
        }
    }

    /// The activation that makes the output, or for the layers without one, the kind's name.
    public var activationName: String {
        switch self {
        case let .dense(layer): return layer.activationName
        case let .activation(layer): return layer.activationName
        default: return className
        }
    }

    /// The dense layer, read or replaced in place.
    public var dense: Dense? {
        get {
            if case let .dense(layer) = self { return layer }
            return nil
        }
        set {
            if let newValue { self = .dense(newValue) }
        }
    }

    /// The layer's learned values, as a model stores them.
    public var parameters: LayerParameters? {
        switch self {
        case let .dense(layer): return .dense(DenseParameters(weights: layer.weights, bias: layer.bias))
        case let .batchNormalization(layer): return .batchNormalization(layer.parameters)
        case .activation, .dropout, .passThrough: return nil
        }
    }

    /// Whether every learned value is a finite number.
    var isFinite: Bool {
        switch self {
        case let .dense(layer): return layer.weights.allSatisfy(\.isFinite) && layer.bias.allSatisfy(\.isFinite)
        case let .batchNormalization(layer):
            let p = layer.parameters
            return [p.gamma, p.beta, p.movingMean, p.movingVariance].allSatisfy { $0.allSatisfy(\.isFinite) }
        case .activation, .dropout, .passThrough: return true
        }
    }

    /// The activation that makes this layer's output, where a loss may take its gradient with respect
    /// to the activation's input in one stable step (softmax with cross-entropy, sigmoid with binary
    /// cross-entropy); nil where the layer's output is not such an activation's.
    @inline(__always)
    var lossActivation: Activation? {
        switch self {
        case let .dense(layer): return layer.activation
        case let .activation(layer): return layer.alpha == nil ? layer.function : nil
        case .dropout, .batchNormalization, .passThrough: return nil
        }
    }

    func makeBuffers(rows: Int) -> LayerBuffers {
        switch self {
        case let .dense(layer): return layer.makeBuffers(rows: rows)
        case let .batchNormalization(layer): return layer.makeBuffers(rows: rows)
        case let .dropout(layer): return LayerBuffers(rows: rows, width: layer.size, mask: true)
        case .activation, .passThrough: return LayerBuffers(rows: rows, width: outputSize)
        }
    }

    /// The values the loss's activation was applied to: z of a dense layer, the input of an activation layer.
    @inline(__always)
    func preActivation(input: UnsafePointer<Float>, buffers: LayerBuffers) -> UnsafePointer<Float> {
        if case .dense = self { return UnsafePointer(buffers.z.baseAddress!) }
        if case .activation = self { return input }
        return UnsafePointer(buffers.output.baseAddress!)
    }

    @inline(__always)
    func forward(_ input: UnsafePointer<Float>, rows: Int, buffers: LayerBuffers, mode: ForwardMode,
                 generator: inout SeededGenerator, fillingInput: (Range<Int>) -> Void = { _ in }) {
        if case let .dense(layer) = self {
            layer.forward(input, rows: rows, buffers: buffers, fillingInput: fillingInput)
            return
        }
        fillingInput(0..<rows)
        switch self {
        case let .dense(layer): layer.forward(input, rows: rows, buffers: buffers)
        case let .activation(layer): layer.forward(input, rows: rows, buffers: buffers)
        case let .dropout(layer): layer.forward(input, rows: rows, buffers: buffers, mode: mode, generator: &generator)
        case let .batchNormalization(layer): layer.forward(input, rows: rows, buffers: buffers, mode: mode)
        case let .passThrough(layer): buffers.output.baseAddress!.update(from: input, count: rows * layer.size)
        }
    }

    /// Backpropagation after `forward`: `buffers.gradient` holds ∂L/∂output (∂L/∂z already when
    /// `gradientIsPreActivation`); fills the parameter gradients and, if asked, ∂L/∂input. With
    /// `learningRate`, a dense layer also takes its step of plain gradient descent (`Dense.backward`).
    @inline(__always)
    mutating func backward(input: UnsafePointer<Float>, rows: Int, buffers: LayerBuffers, mode: ForwardMode,
                           gradientIsPreActivation: Bool, inputGradient: UnsafeMutablePointer<Float>?, learningRate: Float? = nil) {
        switch self {
        case var .dense(layer):
            guard let learningRate else {
                layer.backward(input: input, rows: rows, buffers: buffers, gradientIsPreActivation: gradientIsPreActivation,
                               inputGradient: inputGradient)
                return
            }
            // Taken out of the enum first, so that its arrays change in place (see `update`).
            self = .passThrough(PassThrough(name: "", size: 0, className: ""))
            layer.backward(input: input, rows: rows, buffers: buffers, gradientIsPreActivation: gradientIsPreActivation,
                           inputGradient: inputGradient, learningRate: learningRate)
            self = .dense(layer)
        case let .activation(layer):
            layer.backward(input: input, rows: rows, buffers: buffers, gradientIsPreActivation: gradientIsPreActivation,
                           inputGradient: inputGradient)
        case let .dropout(layer): layer.backward(rows: rows, buffers: buffers, mode: mode, inputGradient: inputGradient)
        case let .batchNormalization(layer): layer.backward(rows: rows, buffers: buffers, mode: mode, inputGradient: inputGradient)
        case let .passThrough(layer): inputGradient?.update(from: buffers.gradient.baseAddress!, count: rows * layer.size)
        }
    }

    /// Applies the optimizer to the learned values from the gradients in `buffers` (slots `slot` and
    /// `slot + 1`), and in training keeps batch normalisation's moving statistics.
    ///
    /// The layer is taken out of the enum before it changes, so that its arrays are not shared and
    /// change in place rather than being copied at every step.
    @inline(__always)
    mutating func update(_ optimizer: inout any Optimizer, buffers: LayerBuffers, slot: Int, mode: ForwardMode) {
        switch self {
        case var .dense(layer):
            self = .passThrough(PassThrough(name: "", size: 0, className: ""))
            layer.update(&optimizer, buffers: buffers, slot: slot)
            self = .dense(layer)
        case var .batchNormalization(layer):
            self = .passThrough(PassThrough(name: "", size: 0, className: ""))
            layer.update(&optimizer, buffers: buffers, slot: slot, mode: mode)
            self = .batchNormalization(layer)
        case .activation, .dropout, .passThrough:
            break
        }
    }
}

/// The memory of one layer for a forward and backward pass over up to `rows` rows, allocated once
/// and reused for every batch.
final class LayerBuffers {
    let rows: Int
    /// The layer's output, rows × width.
    let output: UnsafeMutableBufferPointer<Float>
    /// ∂L/∂output, rows × width; a layer with an activation turns it into ∂L/∂z in place.
    let gradient: UnsafeMutableBufferPointer<Float>
    /// Dense: z = x·Wᵀ + b. Batch normalisation: x̂ = (x − μ)/√(σ² + ε). Dropout: the mask. Else empty.
    let z: UnsafeMutableBufferPointer<Float>
    /// ∂L/∂ each learned tensor, in the layer's order (W and b; γ and β).
    let parameterGradients: [UnsafeMutableBufferPointer<Float>]
    /// Per-feature values of the last batch: batch normalisation's mean, variance and 1/√(σ² + ε).
    let statistics: [UnsafeMutableBufferPointer<Float>]

    init(rows: Int, width: Int, z: Bool = false, mask: Bool = false, parameterGradients: [Int] = [], statistics: [Int] = []) {
        func zeros(_ count: Int) -> UnsafeMutableBufferPointer<Float> {
            let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: max(count, 1))
            buffer.initialize(repeating: 0)
            return buffer
        }
        self.rows = rows
        output = zeros(rows * width)
        gradient = zeros(rows * width)
        self.z = zeros(z || mask ? rows * width : 0)
        self.parameterGradients = parameterGradients.map(zeros)
        self.statistics = statistics.map(zeros)
    }

    deinit {
        output.deallocate()
        gradient.deallocate()
        z.deallocate()
        for buffer in parameterGradients + statistics { buffer.deallocate() }
    }
}
