/// A diagram as plain values: nodes, edges, ranks, labels and colours, ready to be written as DOT.
/// User text is kept as it is here; escaping happens once, when the DOT is written.
public struct DiagramDescription: Equatable, Sendable {
    /// How the ranks run (top to bottom, left to right, …).
    public var rankDirection: RankDirection
    public var background: RGB
    public var foreground: RGB
    /// The default colour of borders and edges.
    public var lineColor: RGB
    public var fontFamily: String
    /// The size of ordinary text in points. Sizes elsewhere in the description (of text runs and
    /// nodes) are given for the default, 11, and written scaled by `fontSize / 11`.
    public var fontSize: Double
    /// The title drawn above the diagram.
    public var title: String?
    /// The caption and legend drawn below the diagram.
    public var caption: DiagramLabel?
    public var nodes: [DiagramNode]
    public var edges: [DiagramEdge]
    /// Groups of node ids drawn on one rank (a column of neurons), in order.
    public var ranks: [[String]]
    /// Straight edges (the neuron view) rather than splines.
    public var straightEdges: Bool
    /// Space between nodes of one rank and between ranks, in inches.
    public var nodeSeparation: Double
    public var rankSeparation: Double
    /// Pixels per inch of a bitmap rendering; `nil` leaves Graphviz's default.
    public var dpi: Int?
    /// True when every node has its `position`: Graphviz then draws without laying out (its `nop` engine).
    public var pinned = false
    /// Groups of node ids drawn at one width, the widest's (a column of layer boxes). Graphviz measures
    /// the text, so `GraphvizRenderer.dot(for:)` lays out once to find the widths, then writes them.
    public var equalWidths: [[String]] = []

    public init(rankDirection: RankDirection, theme: Theme, title: String? = nil, caption: DiagramLabel? = nil,
                nodes: [DiagramNode] = [], edges: [DiagramEdge] = [], ranks: [[String]] = [], straightEdges: Bool = false,
                nodeSeparation: Double = 0.3, rankSeparation: Double = 0.4, dpi: Int? = nil) {
        self.rankDirection = rankDirection
        background = theme.background
        foreground = theme.foreground
        lineColor = theme.muted
        fontFamily = theme.fontFamily
        fontSize = theme.fontSize
        self.title = title
        self.caption = caption
        self.nodes = nodes
        self.edges = edges
        self.ranks = ranks
        self.straightEdges = straightEdges
        self.nodeSeparation = nodeSeparation
        self.rankSeparation = rankSeparation
        self.dpi = dpi
    }
}

/// A place in a pinned diagram, in points (1/72 inch), y growing upwards as in Graphviz.
public struct DiagramPoint: Equatable, Sendable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// The side of a node where an edge starts or ends.
public enum DiagramPort: String, Sendable {
    case north = "n", south = "s", east = "e", west = "w"
}

/// The direction in which the layers of a diagram follow each other.
public enum RankDirection: String, CaseIterable, Sendable {
    case topToBottom = "TB"
    case leftToRight = "LR"
    case bottomToTop = "BT"
    case rightToLeft = "RL"
}

/// A run of text in one style.
public struct TextRun: Equatable, Sendable {
    public var text: String
    public var bold: Bool
    public var color: RGB?
    /// The font size in points; `nil` keeps the size around it.
    public var size: Double?

    public init(_ text: String, bold: Bool = false, color: RGB? = nil, size: Double? = nil) {
        self.text = text
        self.bold = bold
        self.color = color
        self.size = size
    }
}

/// One line of text made of runs.
public typealias TextLine = [TextRun]

/// A cell of a label table.
public struct DiagramCell: Equatable, Sendable {
    public enum Alignment: String, Sendable {
        case left, center, right
    }

    public var lines: [TextLine]
    public var columnSpan: Int
    public var fill: RGB?
    public var alignment: Alignment

    public init(_ lines: [TextLine], columnSpan: Int = 1, fill: RGB? = nil, alignment: Alignment = .center) {
        self.lines = lines
        self.columnSpan = columnSpan
        self.fill = fill
        self.alignment = alignment
    }

    /// A cell of one line of plain text.
    public init(_ text: String, bold: Bool = false, color: RGB? = nil, columnSpan: Int = 1, alignment: Alignment = .center) {
        self.init([[TextRun(text, bold: bold, color: color)]], columnSpan: columnSpan, alignment: alignment)
    }
}

/// A width and a height, in inches.
public struct DiagramSize: Equatable, Sendable {
    public var width: Double
    public var height: Double

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }
}

/// A row of a label table, or a horizontal rule between rows.
public enum DiagramRow: Equatable, Sendable {
    case cells([DiagramCell])
    case rule
}

/// What a node (or the caption) shows: lines of text, or a table.
public enum DiagramLabel: Equatable, Sendable {
    case lines([TextLine])
    /// A table; `border` draws a rounded frame in that colour and `fill` paints it.
    case table(rows: [DiagramRow], border: RGB?, fill: RGB?)

    /// Plain text, one line per element.
    public static func text(_ lines: String...) -> DiagramLabel {
        .lines(lines.map { [TextRun($0)] })
    }
}

/// A node of a diagram.
public struct DiagramNode: Equatable, Sendable {
    public enum Shape: String, Sendable {
        /// No outline of its own: the label (usually a table) is the whole node.
        case none
        case box
        case roundedBox
        case circle
    }

    /// The node's identifier in the DOT text; made by nnviz, never taken from user text.
    public var id: String
    public var label: DiagramLabel
    public var shape: Shape
    public var fill: RGB?
    public var border: RGB?
    public var textColor: RGB?
    public var dashed: Bool
    /// A fixed size in inches; `nil` fits the label.
    public var size: DiagramSize?
    public var fontSize: Double?
    /// The node's centre in a pinned diagram.
    public var position: DiagramPoint?
    /// The least width of the node in points, box and border included; `nil` fits the label.
    public var minimumWidth: Double?

    public init(id: String, label: DiagramLabel, shape: Shape, fill: RGB? = nil, border: RGB? = nil, textColor: RGB? = nil,
                dashed: Bool = false, size: DiagramSize? = nil, fontSize: Double? = nil, position: DiagramPoint? = nil) {
        self.id = id
        self.label = label
        self.shape = shape
        self.fill = fill
        self.border = border
        self.textColor = textColor
        self.dashed = dashed
        self.size = size
        self.fontSize = fontSize
        self.position = position
    }
}

/// An edge of a diagram: a connection between layers, or a weight between neurons.
public struct DiagramEdge: Equatable, Sendable {
    public var from: String
    public var to: String
    /// `nil` keeps the diagram's line colour.
    public var color: RGB?
    /// 0 (transparent) … 1 (opaque).
    public var opacity: Double
    public var penWidth: Double
    public var dashed: Bool
    public var arrowhead: Bool
    /// An edge that only orders nodes and is never drawn.
    public var invisible: Bool
    /// The sides of the two nodes it leaves and enters by; `nil` lets Graphviz choose.
    public var tailPort: DiagramPort?
    public var headPort: DiagramPort?

    public init(from: String, to: String, color: RGB? = nil, opacity: Double = 1, penWidth: Double = 1, dashed: Bool = false,
                arrowhead: Bool = true, invisible: Bool = false, tailPort: DiagramPort? = nil, headPort: DiagramPort? = nil) {
        self.from = from
        self.to = to
        self.color = color
        self.opacity = opacity
        self.penWidth = penWidth
        self.dashed = dashed
        self.arrowhead = arrowhead
        self.invisible = invisible
        self.tailPort = tailPort
        self.headPort = headPort
    }
}

extension DiagramDescription {
    /// The description with every node of each `equalWidths` group as wide as the widest of the group,
    /// given each node's natural width in points (as Graphviz measured it), rounded up to a whole point.
    public func equalizingWidths(_ measured: [String: Double]) -> DiagramDescription {
        var copy = self
        let indices = Dictionary(nodes.indices.map { (nodes[$0].id, $0) }) { first, _ in first }
        for group in equalWidths {
            let widths = group.compactMap { measured[$0] }
            guard let widest = widths.max(), group.count > 1 else { continue }
            // Graphviz reports widths to a hundredth of a point or so; a whole point absorbs that.
            let width = (widest - 0.01).rounded(.up)
            for id in group { if let index = indices[id] { copy.nodes[index].minimumWidth = width } }
        }
        return copy
    }
}
