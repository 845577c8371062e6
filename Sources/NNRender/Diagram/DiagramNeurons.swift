import Foundation
import NNCore

/// The values that fill the neuron view: one input as the user gave it and the forward trace of it.
public struct NeuronActivations: Sendable {
    /// The input before the model's normalisation.
    public var rawInput: [Float]
    public var trace: ForwardTrace
    /// Where the input came from, for the caption: "row 3 of iris.csv".
    public var source: String
    /// True when the network's weights were drawn at random because the model has none.
    public var fromInitialWeights: Bool

    public init(rawInput: [Float], trace: ForwardTrace, source: String, fromInitialWeights: Bool = false) {
        self.rawInput = rawInput
        self.trace = trace
        self.source = source
        self.fromInitialWeights = fromInitialWeights
    }
}

/// The neuron view: each neuron a node, the layers in columns, every weight an edge coloured by its
/// sign and drawn as wide and opaque as its magnitude. Wide layers show their first and last neurons
/// around a "⋮ +N more" node, and the caption says what was left out.
public enum NeuronDiagram {
    /// The neurons of a layer to draw: all of them, or the first and last few.
    public struct Selection: Equatable, Sendable {
        public var head: Range<Int>
        public var tail: Range<Int>
        public var count: Int

        /// At most `limit` of `count` neurons: the first ⌈limit/2⌉ and the last ⌊limit/2⌋.
        public init(count: Int, limit: Int) {
            self.count = count
            if count <= limit {
                head = 0..<count
                tail = count..<count
            } else {
                head = 0..<(limit + 1) / 2
                tail = (count - limit / 2)..<count
            }
        }

        public var hidden: Int { count - head.count - tail.count }
        public var shown: [Int] { Array(head) + Array(tail) }
    }

    /// One column of neurons: the input, or a dense layer.
    struct Column {
        var name: String
        var detail: String
        var names: [String]?
        var selection: Selection
        /// The values printed in the neurons, and the values that set their fill (the same but for a
        /// normalised input).
        var values: [Float]?
        var shading: [Float]?
        /// True for activations bounded by ±1 (sigmoid, softmax, tanh), whose fill scale is fixed at 1.
        var bounded = false

        /// The fill scale: 1 for bounded activations, else the largest |value| of the column, hidden neurons included.
        var limit: Double { bounded ? 1 : Double(shading?.reduce(0) { max($0, abs($1)) } ?? 0) }
    }

    public static func describe(_ model: Model, options: DiagramOptions,
                                activations: NeuronActivations? = nil) throws(ModelError) -> DiagramDescription {
        let dense = try denseStack(model)
        let columns = self.columns(model, dense: dense, limit: options.maxNeurons, activations: activations)
        var weights = 0
        for index in dense.indices {
            let pair = columns[index].selection.shown.count * columns[index + 1].selection.shown.count
            weights = SizeLimits.sum(weights, pair, ceiling: Int.max) ?? Int.max
        }
        guard weights <= ModelDiagram.maximumEdges else {
            throw ModelError("the neuron view would draw \(weights) weights, more than nnviz draws (\(ModelDiagram.maximumEdges)); lower --max-neurons")
        }
        var diagram = DiagramDescription(rankDirection: options.resolvedRankDirection, theme: options.theme, title: options.title,
                                         straightEdges: true, nodeSeparation: 0.12, rankSeparation: 1.4, dpi: options.dpi)
        for (c, column) in columns.enumerated() {
            var bias = false
            if options.showBias, c < dense.count, case let .dense(_, _, useBias) = dense[c].kind { bias = useBias }
            add(column, index: c, bias: bias, to: &diagram, options: options)
        }
        for (index, layer) in dense.enumerated() {
            diagram.edges += weightEdges(layer, from: columns[index].selection, index: index, to: columns[index + 1].selection,
                                         bias: options.showBias, theme: options.theme)
        }
        diagram.caption = caption(columns: columns, untrained: dense.filter { $0.parameters == nil }.map(\.name),
                                  activations: activations, normalized: model.normalization.map { $0.method != .none } ?? false,
                                  bias: options.showBias, theme: options.theme)
        return diagram
    }

    /// The input column and one column per dense layer.
    static func columns(_ model: Model, dense: [Layer], limit: Int, activations: NeuronActivations?) -> [Column] {
        let width = model.inputSize ?? 0
        var columns = [Column(name: model.inputs[0].name, detail: "\(width) input" + (width == 1 ? "" : "s"), names: model.inputNames,
                              selection: Selection(count: width, limit: limit), values: activations?.rawInput,
                              shading: activations?.trace.input)]
        for (index, layer) in dense.enumerated() {
            let values = activations?.trace.layers[index].a
            let activation = layer.activationName ?? "linear"
            columns.append(Column(name: layer.name, detail: "\(layer.units ?? 0) × \(activation)",
                                  names: index == dense.count - 1 ? outputNames(model) : nil,
                                  selection: Selection(count: layer.units ?? 0, limit: limit), values: values, shading: values,
                                  bounded: ["sigmoid", "softmax", "tanh"].contains(activation)))
        }
        return columns
    }

    /// The nodes of column `c` in order, top to bottom (or left to right), held on one rank by
    /// invisible edges: its header, the first neurons, the "more" node, the last neurons, the bias unit.
    static func add(_ column: Column, index c: Int, bias: Bool, to diagram: inout DiagramDescription, options: DiagramOptions) {
        let theme = options.theme
        let selection = column.selection
        var header: [TextLine] = [[TextRun(column.name, bold: true)], [TextRun(column.detail, color: theme.muted, size: 9)]]
        if selection.hidden > 0 {
            header.append([TextRun("\(selection.shown.count) of \(selection.count) shown", color: theme.muted, size: 9)])
        }
        var rank = ["h\(c)"]
        diagram.nodes.append(DiagramNode(id: rank[0], label: .lines(header), shape: .none))
        for i in selection.head {
            diagram.nodes.append(neuron(column, i, id: "n\(c)_\(i)", boldName: c > 0, theme: theme))
            rank.append("n\(c)_\(i)")
        }
        if selection.hidden > 0 {
            let vertical = options.resolvedRankDirection == .leftToRight || options.resolvedRankDirection == .rightToLeft
            let label = DiagramLabel.lines([[TextRun(vertical ? "⋮" : "⋯", size: 14)], [TextRun("+\(selection.hidden) more", size: 9)]])
            diagram.nodes.append(DiagramNode(id: "m\(c)", label: label, shape: .none, textColor: theme.muted))
            rank.append("m\(c)")
        }
        for i in selection.tail {
            diagram.nodes.append(neuron(column, i, id: "n\(c)_\(i)", boldName: c > 0, theme: theme))
            rank.append("n\(c)_\(i)")
        }
        if bias {
            diagram.nodes.append(DiagramNode(id: "b\(c)", label: .text("+1"), shape: .box, fill: theme.grid, dashed: true,
                                             size: DiagramSize(width: 0.4, height: 0.4), fontSize: 9))
            rank.append("b\(c)")
        }
        diagram.ranks.append(rank)
        for (a, b) in zip(rank, rank.dropFirst()) { diagram.edges.append(DiagramEdge(from: a, to: b, invisible: true)) }
    }

    /// Neuron `i` of a column: a circle, or a rounded box when it has a name; filled by its value.
    static func neuron(_ column: Column, _ i: Int, id: String, boldName: Bool, theme: Theme) -> DiagramNode {
        var lines: [TextLine] = []
        if let names = column.names { lines.append([TextRun(names[i], bold: boldName)]) }
        var fill = theme.fill
        var textColor: RGB?
        if let values = column.values, let shading = column.shading {
            fill = theme.diverging(Double(shading[i]), limit: column.limit)
            textColor = theme.textColor(on: fill)
            lines.append([TextRun(compact(values[i]))])
            if shading[i] != values[i] { lines.append([TextRun("→ " + compact(shading[i]), size: 8)]) }
        }
        let named = column.names != nil
        return DiagramNode(id: id, label: .lines(lines), shape: named ? .roundedBox : .circle, fill: fill, textColor: textColor,
                           size: named ? nil : DiagramSize(width: 0.5, height: 0.5), fontSize: named ? 10 : 9)
    }

    /// The output neurons' names; a single sigmoid output of two classes is the probability of the second.
    static func outputNames(_ model: Model) -> [String] {
        if model.outputWidth == 1, let classes = model.classNames, classes.count == 2 { return ["p(\(classes[1]))"] }
        return model.outputNames
    }

    /// The model's dense layers, checked to form one sequential stack from one flat input.
    static func denseStack(_ model: Model) throws(ModelError) -> [Layer] {
        guard model.inputs.count == 1, model.inputSize != nil else {
            throw ModelError("the neuron view draws a stack of Dense layers on one flat input, and this model's inputs are "
                + model.inputs.map { "'\($0.name)' \($0.shape.kerasDescription)" }.joined(separator: ", ") + "; use --style layers")
        }
        var previous = model.inputs[0].name
        for layer in model.layers {
            guard layer.isDense else {
                throw ModelError("the neuron view draws only Dense layers, and '\(layer.name)' is a \(layer.className); use --style layers")
            }
            guard layer.inbound == [previous] else {
                throw ModelError("the neuron view draws a sequential stack, and '\(layer.name)' does not follow '\(previous)'; use --style layers")
            }
            previous = layer.name
        }
        guard !model.layers.isEmpty else { throw ModelError("the model has no layers") }
        return model.layers
    }

    /// The edges from the shown neurons of one column to the shown neurons of the next, weakest first
    /// so that the strongest are drawn on top.
    static func weightEdges(_ layer: Layer, from source: Selection, index: Int, to target: Selection, bias: Bool,
                            theme: Theme) -> [DiagramEdge] {
        let inputs = source.count
        let useBias: Bool
        if case let .dense(_, _, flag) = layer.kind { useBias = flag } else { useBias = false }
        guard let parameters = layer.denseParameters else {
            var edges: [DiagramEdge] = []
            for j in target.shown {
                for i in source.shown {
                    edges.append(DiagramEdge(from: "n\(index)_\(i)", to: "n\(index + 1)_\(j)", opacity: 0.55, penWidth: 0.7, arrowhead: false))
                }
                if bias, useBias {
                    edges.append(DiagramEdge(from: "b\(index)", to: "n\(index + 1)_\(j)", opacity: 0.55, penWidth: 0.7, dashed: true,
                                             arrowhead: false))
                }
            }
            return edges
        }
        var largest = parameters.weights.reduce(Float(0)) { max($0, abs($1)) }
        if bias, useBias { largest = parameters.bias.reduce(largest) { max($0, abs($1)) } }
        var weighted: [(strength: Double, edge: DiagramEdge)] = []
        func add(_ value: Float, from: String, to: String, dashed: Bool) {
            let strength = largest > 0 ? Double(abs(value) / largest) : 0
            let edge = DiagramEdge(from: from, to: to, color: value < 0 ? theme.negative : theme.positive,
                                   opacity: 0.15 + 0.85 * strength, penWidth: 0.3 + 2.7 * strength, dashed: dashed, arrowhead: false)
            weighted.append((strength, edge))
        }
        for j in target.shown {
            for i in source.shown {
                add(parameters.weights[j * inputs + i], from: "n\(index)_\(i)", to: "n\(index + 1)_\(j)", dashed: false)
            }
            if bias, useBias { add(parameters.bias[j], from: "b\(index)", to: "n\(index + 1)_\(j)", dashed: true) }
        }
        // A stable sort: equal strengths keep their order, so the output never varies.
        return weighted.enumerated().sorted { ($0.element.strength, $0.offset) < ($1.element.strength, $1.offset) }.map(\.element.edge)
    }

    /// The legend and the notes under the diagram.
    static func caption(columns: [Column], untrained: [String], activations: NeuronActivations?, normalized: Bool, bias: Bool,
                        theme: Theme) -> DiagramLabel? {
        var lines: [TextLine] = []
        func note(_ text: String) { lines.append([TextRun(text, color: theme.muted)]) }
        if untrained.count < columns.count - 1 {
            lines.append([TextRun("━━ ", bold: true, color: theme.positive), TextRun("positive weight     "),
                          TextRun("━━ ", bold: true, color: theme.negative), TextRun("negative weight     "),
                          TextRun("width and opacity grow with |w|, up to each layer's largest |w|", color: theme.muted)])
        }
        if bias { note("The +1 units are the biases: each dashed edge carries a bias b, the weight from a constant input of 1.") }
        if !untrained.isEmpty {
            let which = untrained.count == columns.count - 1 ? "this model" : untrained.map { "'\($0)'" }.joined(separator: ", ")
            note("No trained weights in \(which): edges show connections only.")
        }
        if let activations {
            note("Fill: each neuron's activation a for \(activations.source), blue above zero and red below,")
            note("in full at the layer's largest |a| (at |a| = 1 for sigmoid, softmax and tanh layers).")
            if normalized { note("Inputs show the value given → the normalised value the network sees, which sets the fill.") }
            if activations.fromInitialWeights { note("The model is untrained: the activations come from random initial weights.") }
        }
        let elided = columns.filter { $0.selection.hidden > 0 }
        if !elided.isEmpty {
            let parts = elided.map { column -> String in
                let s = column.selection
                let first = s.head.upperBound
                let last = s.tail.lowerBound - 1
                let range = column.names.map { "\($0[first])…\($0[last])" } ?? "neurons \(first + 1)…\(last + 1)"
                return "\(s.hidden) of \(s.count) in \(column.name) (\(range))"
            }
            note("Not drawn, for space: " + parts.joined(separator: "; ") + ", with their weights.")
        }
        return lines.isEmpty ? nil : .lines(lines)
    }

    /// A value short enough for a neuron: 0.57, -1.20, 12.35, 130, 1.2e+05.
    public static func compact(_ value: Float) -> String {
        let magnitude = abs(value)
        if magnitude < 0.005 { return "0.00" }
        if magnitude < 100 { return String(format: "%.2f", Double(value)) }
        if magnitude < 10_000 { return String(format: "%.0f", Double(value)) }
        return String(format: "%.1e", Double(value))
    }
}
