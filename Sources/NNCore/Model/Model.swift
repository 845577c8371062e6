/// A tensor shape without its batch dimension; `nil` marks a size that is not known.
public typealias Shape = [Int?]

extension Array where Element == Int? {
    /// Keras's way of writing a shape with its batch dimension: `(None, 8)`.
    public var kerasDescription: String {
        let parts = ["None"] + map { $0.map(String.init) ?? "?" }
        return "(" + parts.joined(separator: ", ") + ")"
    }
}

/// The weights and bias of a dense layer. `weights[j * inputSize + i]` is the weight from input i to
/// neuron j, so W has one row per neuron, as in z = W·a + b.
public struct DenseParameters: Equatable, Sendable {
    public var weights: [Float]
    public var bias: [Float]

    public init(weights: [Float], bias: [Float]) {
        self.weights = weights
        self.bias = bias
    }
}

/// The four vectors of a batch normalisation layer, one value per feature. γ and β are learned
/// (γ is all ones when the layer has no `scale`, β all zeros when it has no `center`); the moving
/// mean and variance are statistics kept while training, not learned by gradient descent.
public struct BatchNormParameters: Equatable, Sendable {
    public var gamma: [Float]
    public var beta: [Float]
    public var movingMean: [Float]
    public var movingVariance: [Float]

    public init(gamma: [Float], beta: [Float], movingMean: [Float], movingVariance: [Float]) {
        precondition(beta.count == gamma.count && movingMean.count == gamma.count && movingVariance.count == gamma.count)
        self.gamma = gamma
        self.beta = beta
        self.movingMean = movingMean
        self.movingVariance = movingVariance
    }

    /// Keras's starting values: γ = 1, β = 0, moving mean 0, moving variance 1.
    public init(features: Int) {
        self.init(gamma: Array(repeating: 1, count: features), beta: Array(repeating: 0, count: features),
                  movingMean: Array(repeating: 0, count: features), movingVariance: Array(repeating: 1, count: features))
    }

    public var features: Int { gamma.count }
}

/// The learned values of a layer that has any.
public enum LayerParameters: Equatable, Sendable {
    case dense(DenseParameters)
    case batchNormalization(BatchNormParameters)
}

/// One setting of a layer as a person reads it: ("Kernel", "3×3").
public struct LayerSetting: Equatable, Sendable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// One layer of a model: a kind nnviz can run (dense, activation, dropout, batch normalisation, a
/// reshape of an already flat row), or another kind it only describes.
public struct Layer: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case dense(units: Int, activation: Activation, useBias: Bool)
        /// An activation on its own (Keras `Activation`, `ReLU`, `LeakyReLU`, `ELU`, `Softmax`).
        /// `alpha` is leaky ReLU's negative slope or ELU's α as the file gives it; `nil` means the
        /// function's own default (`Activation.leakySlope`, α = 1).
        case activation(Activation, alpha: Float?)
        /// Drops each input with probability `rate` while training (scaling the rest by 1/(1 − rate));
        /// the identity at inference.
        case dropout(rate: Float)
        /// y = γ(x − μ)/√(σ² + ε) + β per feature, with the batch's μ and σ² while training and the
        /// moving ones at inference; `momentum` weighs the old moving value in each update.
        case batchNormalization(epsilon: Float, momentum: Float, center: Bool, scale: Bool)
        /// A layer that only changes the shape (Flatten, Reshape, Identity, an inner InputLayer): on a
        /// flat row it is the identity.
        case passThrough(className: String)
        /// A layer nnviz draws and summarises but cannot run (Conv2D, pooling, recurrent, …).
        case other(className: String, activation: String?)

        /// The function a dense or activation layer runs.
        public var activationFunction: Activation? {
            switch self {
            case let .dense(_, activation, _), let .activation(activation, _): return activation
            default: return nil
            }
        }
    }

    public var name: String
    public var kind: Kind
    /// The names of the layers (or model inputs) feeding this one.
    public var inbound: [String]
    /// The shapes of the inputs, one per inbound connection.
    public var inputShapes: [Shape]
    public var outputShape: Shape?
    /// The parameter count, where it can be worked out (trainable and non-trainable together, as
    /// Keras's `count_params()`).
    public var parameterCount: Int?
    public var parameters: LayerParameters?
    /// The activation's name as the file spells it (`silu`), where that differs from the name of the
    /// function `kind` runs (`swish`); shown instead of it, never used to compute.
    public var activationSpelling: String?
    /// Settings read from the file that `kind` does not hold, in the file's order, for showing only:
    /// a convolution's filters, kernel and strides, a pooling window.
    public var settings: [LayerSetting]

    public init(name: String, kind: Kind, inbound: [String], inputShapes: [Shape], outputShape: Shape?,
                parameterCount: Int?, parameters: LayerParameters? = nil, activationSpelling: String? = nil,
                settings: [LayerSetting] = []) {
        self.name = name
        self.kind = kind
        self.inbound = inbound
        self.inputShapes = inputShapes
        self.outputShape = outputShape
        self.parameterCount = parameterCount
        self.parameters = parameters
        self.activationSpelling = activationSpelling
        self.settings = settings
    }

    public var className: String {
        switch kind {
        case .dense: return "Dense"
        case .activation: return "Activation"
        case .dropout: return "Dropout"
        case .batchNormalization: return "BatchNormalization"
        case let .passThrough(className), let .other(className, _): return className
        }
    }

    /// The activation's name as the file spells it, for dense and activation layers.
    public var activationName: String? {
        if case let .other(_, activation) = kind { return activation }
        return kind.activationFunction.map { activationSpelling ?? $0.rawValue }
    }

    public var isDense: Bool {
        if case .dense = kind { return true }
        return false
    }

    /// Whether nnviz can run this kind of layer (on a flat input).
    public var isRunnable: Bool {
        if case .other = kind { return false }
        return true
    }

    /// Whether the layer holds learned values: dense and batch normalisation layers.
    public var hasParameters: Bool {
        switch kind {
        case .dense, .batchNormalization: return true
        default: return false
        }
    }

    public var units: Int? {
        if case let .dense(units, _, _) = kind { return units }
        return nil
    }

    /// The width of a flat output: the units of a dense layer, the input's width for layers that keep it.
    public var width: Int? {
        guard let outputShape, outputShape.count == 1 else { return nil }
        return outputShape[0]
    }

    public var denseParameters: DenseParameters? {
        if case let .dense(parameters)? = parameters { return parameters }
        return nil
    }

    public var batchNormParameters: BatchNormParameters? {
        if case let .batchNormalization(parameters)? = parameters { return parameters }
        return nil
    }

    /// The parameters training does not change: a batch normalisation layer's moving mean and
    /// variance (Keras's "Non-trainable params").
    public var nonTrainableParameterCount: Int? {
        guard case .batchNormalization = kind else { return 0 }
        guard let features = inputShapes.first?.last ?? nil else { return nil }
        return 2 * features
    }
}

/// An input of a model: its name and shape.
public struct ModelInput: Equatable, Sendable {
    public var name: String
    public var shape: Shape

    public init(name: String, shape: Shape) {
        self.name = name
        self.shape = shape
    }
}

/// How a trained model was trained.
public struct TrainingRecord: Equatable, Sendable {
    public var optimizer: String
    public var learningRate: Float
    public var epochs: Int
    public var batchSize: Int
    public var seed: UInt64
    public var history: History?

    public init(optimizer: String, learningRate: Float, epochs: Int, batchSize: Int, seed: UInt64, history: History?) {
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.epochs = epochs
        self.batchSize = batchSize
        self.seed = seed
        self.history = history
    }
}

/// Where a model came from.
public enum ModelOrigin: String, Sendable {
    case nnviz
    case keras
    case onnx
}

/// A neural network as nnviz knows it: its inputs, layers (a graph through `inbound`) and what
/// training needs (loss, class and feature names, input normalisation, learned parameters).
public struct Model: Equatable, Sendable {
    public var name: String?
    public var inputs: [ModelInput]
    public var layers: [Layer]
    /// The names of the layers whose outputs are the model's outputs.
    public var outputs: [String]
    public var featureNames: [String]?
    public var classNames: [String]?
    public var loss: Loss?
    public var normalization: Normalization?
    public var training: TrainingRecord?
    public var origin: ModelOrigin

    public init(name: String? = nil, inputs: [ModelInput], layers: [Layer], outputs: [String]? = nil,
                featureNames: [String]? = nil, classNames: [String]? = nil, loss: Loss? = nil,
                normalization: Normalization? = nil, training: TrainingRecord? = nil, origin: ModelOrigin = .nnviz) {
        self.name = name
        self.inputs = inputs
        self.layers = layers
        self.outputs = outputs ?? layers.last.map { [$0.name] } ?? []
        self.featureNames = featureNames
        self.classNames = classNames
        self.loss = loss
        self.normalization = normalization
        self.training = training
        self.origin = origin
    }

    /// A sequential stack of dense layers, named like Keras names them (`dense`, `dense_1`, …).
    public init(inputSize: Int, layers specs: [(units: Int, activation: Activation)], name: String? = nil) {
        var layers: [Layer] = []
        var previous = "input_layer"
        var width = inputSize
        for (index, spec) in specs.enumerated() {
            let layerName = index == 0 ? "dense" : "dense_\(index)"
            layers.append(Layer(name: layerName, kind: .dense(units: spec.units, activation: spec.activation, useBias: true),
                                inbound: [previous], inputShapes: [[width]], outputShape: [spec.units],
                                parameterCount: width * spec.units + spec.units))
            previous = layerName
            width = spec.units
        }
        self.init(name: name, inputs: [ModelInput(name: "input_layer", shape: [inputSize])], layers: layers)
    }

    /// The number of input features of a single-input, flat model.
    public var inputSize: Int? {
        guard inputs.count == 1, inputs[0].shape.count == 1 else { return nil }
        return inputs[0].shape[0]
    }

    public var parameterCount: Int { layers.reduce(0) { $0 + ($1.parameterCount ?? 0) } }

    /// The parameters training does not change (batch normalisation's moving statistics).
    public var nonTrainableParameterCount: Int { layers.reduce(0) { $0 + ($1.nonTrainableParameterCount ?? 0) } }

    /// Whether every layer that learns values has them.
    public var isTrained: Bool { layers.allSatisfy { !$0.hasParameters || $0.parameters != nil } && layers.contains { $0.isDense } }

    public func layer(named name: String) -> Layer? { layers.first { $0.name == name } }

    /// The names of the output neurons of the last layer: a classifier's `classLabels` (for one
    /// sigmoid output, the second class), otherwise class names or `y` or `y1`, `y2`, ….
    public var outputNames: [String] {
        let width = outputWidth
        switch task {
        case .binary: return [classLabels[1]]
        case .categorical: return classLabels
        case .regression:
            if let classNames, classNames.count == width { return classNames }
            return width == 1 ? ["y"] : (0..<width).map { "y\($0 + 1)" }
        }
    }

    /// The number of output values of the last layer (1 when it is not known).
    public var outputWidth: Int { layers.last?.units ?? layers.last?.width ?? 1 }

    /// The activation that makes the model's outputs: the last dense or activation layer's, when only
    /// layers that keep values at inference (dropout, reshapes) follow it.
    public var outputActivation: Activation? {
        for layer in layers.reversed() {
            switch layer.kind {
            case let .dense(_, activation, _), let .activation(activation, _): return activation
            case .dropout, .passThrough: continue
            case .batchNormalization, .other: return nil
            }
        }
        return nil
    }

    /// The names of the input features: the model's own or `x1`, `x2`, ….
    public var inputNames: [String] {
        let width = inputSize ?? 0
        if let featureNames, featureNames.count == width { return featureNames }
        return (0..<width).map { "x\($0 + 1)" }
    }
}
