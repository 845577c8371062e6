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

/// One layer of a model: a dense layer nnviz can run, or another kind it describes.
public struct Layer: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case dense(units: Int, activation: Activation, useBias: Bool)
        /// A layer nnviz draws and summarises but cannot run (Conv2D, Dropout, …).
        case other(className: String, activation: String?)
    }

    public var name: String
    public var kind: Kind
    /// The names of the layers (or model inputs) feeding this one.
    public var inbound: [String]
    /// The shapes of the inputs, one per inbound connection.
    public var inputShapes: [Shape]
    public var outputShape: Shape?
    /// The parameter count, where it can be worked out.
    public var parameterCount: Int?
    public var parameters: DenseParameters?

    public init(name: String, kind: Kind, inbound: [String], inputShapes: [Shape], outputShape: Shape?,
                parameterCount: Int?, parameters: DenseParameters? = nil) {
        self.name = name
        self.kind = kind
        self.inbound = inbound
        self.inputShapes = inputShapes
        self.outputShape = outputShape
        self.parameterCount = parameterCount
        self.parameters = parameters
    }

    public var className: String {
        switch kind {
        case .dense: return "Dense"
        case let .other(className, _): return className
        }
    }

    /// The activation's name, for dense and Activation layers.
    public var activationName: String? {
        switch kind {
        case let .dense(_, activation, _): return activation.rawValue
        case let .other(_, activation): return activation
        }
    }

    public var isDense: Bool {
        if case .dense = kind { return true }
        return false
    }

    public var units: Int? {
        if case let .dense(units, _, _) = kind { return units }
        return nil
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

    public var isTrained: Bool { layers.allSatisfy { !$0.isDense || $0.parameters != nil } && layers.contains { $0.isDense } }

    public func layer(named name: String) -> Layer? { layers.first { $0.name == name } }

    /// The names of the output neurons of the last layer: class names or `y` or `y1`, `y2`, ….
    public var outputNames: [String] {
        let width = layers.last?.units ?? 1
        if let classNames, classNames.count == width { return classNames }
        if let classNames, width == 1, classNames.count == 2 { return [classNames[1]] }
        return width == 1 ? ["y"] : (0..<width).map { "y\($0 + 1)" }
    }

    /// The names of the input features: the model's own or `x1`, `x2`, ….
    public var inputNames: [String] {
        let width = inputSize ?? 0
        if let featureNames, featureNames.count == width { return featureNames }
        return (0..<width).map { "x\($0 + 1)" }
    }
}
