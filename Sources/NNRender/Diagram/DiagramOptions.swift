import NNCore

/// What a model diagram shows and how.
public struct DiagramOptions: Equatable, Sendable {
    /// One box per layer (like Keras's plot_model), or one node per neuron and one edge per weight.
    public enum Style: String, CaseIterable, Sendable {
        case layers, neurons
    }

    /// The neuron view's scale for fills and edge widths: each layer's largest value, or the network's.
    public typealias Scale = ValueScale

    public var style: Style
    /// `nil` picks top to bottom for layers and left to right for neurons.
    public var rankDirection: RankDirection?
    public var theme: Theme
    public var title: String?
    // The parts of a layer box.
    public var showNames: Bool
    public var showTypes: Bool
    public var showShapes: Bool
    public var showActivations: Bool
    public var showParameters: Bool
    public var showMath: Bool
    // The neuron view.
    /// The most neurons drawn per layer; wider layers show their first and last neurons around a "⋮ +N more" node.
    public var maxNeurons: Int
    public var showBias: Bool
    /// Whether the fills and edge widths of the neuron view share one scale for the whole network.
    public var scale: Scale
    /// Pixels per inch of a PNG.
    public var dpi: Int?

    public init(style: Style = .layers, rankDirection: RankDirection? = nil, theme: Theme = .light, title: String? = nil,
                showNames: Bool = true, showTypes: Bool = true, showShapes: Bool = true, showActivations: Bool = true,
                showParameters: Bool = true, showMath: Bool = false, maxNeurons: Int = 10, showBias: Bool = false,
                scale: Scale = .layer, dpi: Int? = nil) {
        precondition(maxNeurons >= 2, "maxNeurons must be at least 2 to show a first and a last neuron")
        self.style = style
        self.rankDirection = rankDirection
        self.theme = theme
        self.title = title
        self.showNames = showNames
        self.showTypes = showTypes
        self.showShapes = showShapes
        self.showActivations = showActivations
        self.showParameters = showParameters
        self.showMath = showMath
        self.maxNeurons = maxNeurons
        self.showBias = showBias
        self.scale = scale
        self.dpi = dpi
    }

    /// The rank direction to draw with.
    public var resolvedRankDirection: RankDirection {
        rankDirection ?? (style == .layers ? .topToBottom : .leftToRight)
    }
}

/// The file formats a diagram is written in.
public enum DiagramFormat: String, CaseIterable, Sendable {
    case png, svg, pdf, dot

    /// The format a file name's extension asks for (`.gv` is DOT too), or `nil`.
    public init?(path: String) {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        let fileExtension = path[path.index(after: dot)...].lowercased()
        if fileExtension == "gv" {
            self = .dot
        } else {
            self.init(rawValue: fileExtension)
        }
    }

    /// True for the formats written as text, which can go to standard output.
    public var isText: Bool { self == .svg || self == .dot }
}

/// A model's diagram in either style.
public enum ModelDiagram {
    /// The most boxes (inputs and layers) a layer diagram holds; Graphviz's layout time grows faster
    /// than the number of boxes, and a larger picture cannot be read.
    public static let maximumBoxes = 1_000
    /// The most arrows a layer diagram holds.
    public static let maximumEdges = 10_000
    /// The most neurons the neuron view draws (its weights are thinned to the strongest on their own):
    /// three columns of 1,000, so that a 1,000 × 1,000 layer with its inputs and outputs is drawn in full.
    public static let maximumNeurons = 3_000

    /// The description of `model`'s diagram; `activations` fills the neurons of the neuron view.
    public static func describe(_ model: Model, options: DiagramOptions,
                                activations: NeuronActivations? = nil) throws(ModelError) -> DiagramDescription {
        switch options.style {
        case .layers:
            let boxes = model.inputs.count + model.layers.count
            let edges = model.layers.reduce(0) { $0 + $1.inbound.count }
            guard boxes <= maximumBoxes, edges <= maximumEdges else {
                throw ModelError("the layer diagram would have \(boxes) boxes and \(edges) arrows, more than nnviz draws (\(maximumBoxes) boxes, \(maximumEdges) arrows); nnviz summary lists every layer")
            }
            return LayerDiagram.describe(model, options: options)
        case .neurons:
            return try NeuronDiagram.describe(model, options: options, activations: activations)
        }
    }
}
