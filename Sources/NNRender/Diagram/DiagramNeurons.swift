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
///
/// The columns are known in advance, so nnviz places every node itself (Graphviz only draws them,
/// with its `nop` engine): a layer of a thousand neurons costs no layout time.
public enum NeuronDiagram {
    /// The neurons of a layer to draw: all of them, or the first and last few.
    public struct Selection: Equatable, Sendable {
        public var head: Range<Int>
        public var tail: Range<Int>
        public var count: Int

        /// At most `limit` of `count` neurons: the first ⌈limit/2⌉ and the last ⌊limit/2⌋. A layer at
        /// most two neurons wider than `limit` is drawn in full, since the "more" node takes a place itself.
        public init(count: Int, limit: Int) {
            self.count = count
            if count <= limit + 2 {
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

    /// The default neurons per layer: 10, or one per column for deep models, so that a long chain of
    /// layers keeps its height in proportion to its length.
    public static func defaultLimit(for model: Model) -> Int {
        max(10, model.layers.count + 1)
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

        /// The largest |value| of the column, hidden neurons included.
        var largest: Double { Double(shading?.reduce(0) { max($0, abs($1)) } ?? 0) }
        /// The fill scale of the column alone: 1 for bounded activations, else its largest |value|.
        var limit: Double { bounded ? 1 : largest }
    }

    /// Where the nodes go, in points, for a left-to-right flow: `u` runs along the flow, `v` across it
    /// (upwards). Other directions turn this frame (see `point`).
    struct Geometry: Equatable {
        /// The distance between the centres of two neighbouring neurons.
        var pitch: Double
        /// The diameter of an unnamed neuron.
        var diameter: Double
        /// Whether neurons are large enough to carry text.
        var labelled: Bool
        /// The centre of each column along the flow.
        var columns: [Double]
        /// Where every column's header sits across the flow: one line for all.
        var header: Double
        /// The extent of the whole diagram along the flow, for wrapping the caption.
        var length: Double
        /// The extent across the flow, neurons only.
        var breadth: Double
        /// The places the "more" node takes: one, or more when neurons are too small for its text.
        var moreSpan: Double
        /// The font size over the default: text and the neurons that hold it grow with it.
        var scale: Double
        /// The pitch of neurons drawn at full size, with their text.
        var fullPitch: Double

        /// Whether a column of `places` fits the breadth at full size.
        func fitsAtFullSize(places: Double) -> Bool { labelled || places * fullPitch <= breadth }

        /// The geometry of one column of `places`: where the view's neurons are too small for text, a
        /// column that fits at full size (the 4 inputs beside 1,000 neurons) keeps its neurons at full
        /// size, with their names and values, centred across the flow.
        func column(places: Double) -> Geometry {
            guard !labelled, fitsAtFullSize(places: places) else { return self }
            var column = self
            column.pitch = fullPitch
            column.diameter = 36 * max(scale, 1)
            column.labelled = true
            column.moreSpan = 1
            return column
        }
    }

    /// The tallest column drawn at full size; taller ones shrink their neurons to fit, so that even a
    /// layer of 1,000 neurons stays well inside Cairo's 32,767-pixel bitmaps at 144 dpi.
    static let tallest = 2000.0

    /// The places each column takes across the flow: its neurons, the "more" node (three places when
    /// neurons are too small for text, so that its label fits), and a bias unit 1.5 places below.
    static func places(_ column: Column, bias: Bool, moreSpan: Double) -> Double {
        Double(column.selection.shown.count) + (column.selection.hidden > 0 ? moreSpan : 0) + (bias ? 1.5 : 0)
    }

    /// The size of every part of the view, from the columns alone and the font size over the default (`scale`).
    static func geometry(_ columns: [Column], bias: [Bool], vertical: Bool, scale: Double = 1) -> Geometry {
        let mostPlaces = zip(columns, bias).map { places($0, bias: $1, moreSpan: 1) }.max() ?? 1
        // Named neurons (boxes) need their names' width across a vertical flow, and their lines of text across a horizontal one.
        let widestName = columns.compactMap { column in column.names.map { names in column.selection.shown.map { names[$0].count }.max() ?? 0 } }
            .max() ?? 0
        // Neurons grow with larger text; smaller text leaves them as they are (Graphviz's boxes
        // keep their least size whatever the text).
        let grow = max(scale, 1)
        let nameWidth = Double(widestName) * 6.5 * scale + 18
        let needed = vertical ? max(45 * grow, nameWidth + 10) : 45 * grow
        let pitch = min(needed, tallest / max(mostPlaces, 1))
        let labelled = pitch >= 30 * grow
        let diameter = labelled ? 36 * grow : max(1.5, pitch * 0.8)
        let moreSpan = labelled ? 1 : (40 * grow / pitch).rounded(.up)
        let breadth = (zip(columns, bias).map { places($0, bias: $1, moreSpan: moreSpan) }.max() ?? 1) * pitch
        // Along the flow: each column as wide as its widest node; the gaps grow with the height, so
        // that edges between tall columns do not lie almost flat.
        let widths = zip(columns, bias).map { column, bias -> Double in
            let full = labelled || places(column, bias: bias, moreSpan: 1) * needed <= breadth
            guard full else { return diameter }
            guard column.names != nil else { return 36 * grow }
            return vertical ? 40 * grow : nameWidth
        }
        let gap = max(110, breadth / 5)
        var centres: [Double] = []
        var u = 0.0
        for (c, width) in widths.enumerated() {
            if c > 0 { u += widths[c - 1] / 2 + gap + width / 2 }
            centres.append(u)
        }
        let length = (centres.last ?? 0) + (widths.first ?? 0) / 2 + (widths.last ?? 0) / 2
        return Geometry(pitch: pitch, diameter: diameter, labelled: labelled, columns: centres,
                        header: breadth / 2 + (labelled ? 34 : 24) * grow, length: length, breadth: breadth, moreSpan: moreSpan,
                        scale: scale, fullPitch: needed)
    }

    /// The place of a node at `u` along the flow and `v` across it, in Graphviz's points (y up).
    static func point(u: Double, v: Double, direction: RankDirection) -> DiagramPoint {
        switch direction {
        case .leftToRight: return DiagramPoint(x: u, y: v)
        case .rightToLeft: return DiagramPoint(x: -u, y: v)
        case .topToBottom: return DiagramPoint(x: -v, y: -u)
        case .bottomToTop: return DiagramPoint(x: -v, y: u)
        }
    }

    /// The sides an edge leaves and enters by: the side of each node that faces the other layer.
    static func ports(_ direction: RankDirection) -> (tail: DiagramPort, head: DiagramPort) {
        switch direction {
        case .leftToRight: return (.east, .west)
        case .rightToLeft: return (.west, .east)
        case .topToBottom: return (.south, .north)
        case .bottomToTop: return (.north, .south)
        }
    }

    /// A column of neurons after the input: a dense layer, with the layers after it that have no
    /// neurons of their own (activation, batch normalisation, dropout, reshapes) drawn in its neurons.
    struct DenseColumn {
        var layer: Layer
        /// The model layer whose output the neurons show: the dense layer or the last one folded into it.
        var shownLayer: Int
        var activation: String
        /// The layers folded into the column, as "BatchNormalization 'bn'".
        var folded: [String] = []
    }

    public static func describe(_ model: Model, options: DiagramOptions,
                                activations: NeuronActivations? = nil) throws(ModelError) -> DiagramDescription {
        let (dense, intoInput) = try denseStack(model)
        let columns = self.columns(model, dense: dense, intoInput: intoInput, limit: options.maxNeurons, activations: activations)
        let shownNeurons = columns.reduce(0) { $0 + $1.selection.shown.count }
        guard shownNeurons <= ModelDiagram.maximumNeurons else {
            throw ModelError("the neuron view would draw \(shownNeurons) neurons, more than nnviz draws (\(ModelDiagram.maximumNeurons)); lower --max-neurons")
        }
        let direction = options.resolvedRankDirection
        let bias = columns.indices.map { c -> Bool in
            guard options.showBias, c < dense.count, case let .dense(_, _, useBias) = dense[c].layer.kind else { return false }
            return useBias
        }
        let geometry = self.geometry(columns, bias: bias, vertical: direction == .topToBottom || direction == .bottomToTop,
                                     scale: options.theme.fontSize / Theme.defaultFontSize)
        var diagram = DiagramDescription(rankDirection: direction, theme: options.theme, title: options.title,
                                         straightEdges: true, dpi: options.dpi)
        diagram.pinned = true
        // One fill scale for every column (--scale network), or each column's own.
        let networkLimit = columns.map(\.largest).max() ?? 0
        for (c, column) in columns.enumerated() {
            add(column, index: c, bias: bias[c], geometry: geometry, to: &diagram, options: options,
                fillLimit: options.scale == .network ? networkLimit : column.limit)
        }
        let largestWeight = dense.map { column -> Float in
            guard let parameters = column.layer.denseParameters else { return 0 }
            let weights = parameters.weights.reduce(Float(0)) { max($0, abs($1)) }
            return options.showBias ? parameters.bias.reduce(weights) { max($0, abs($1)) } : weights
        }.max() ?? 0
        var thinned: [String] = []
        for (index, layer) in dense.map(\.layer).enumerated() {
            let (edges, kept) = weightEdges(layer, from: columns[index].selection, index: index, to: columns[index + 1].selection,
                                            bias: options.showBias, theme: options.theme, ports: ports(direction),
                                            scale: options.scale == .network ? largestWeight : nil)
            diagram.edges += edges
            if let kept {
                let what = layer.denseParameters == nil ? "connections" : "weights"
                let which = layer.denseParameters == nil ? "an even spread of" : "the strongest"
                thinned.append("\(columns[index].name) → \(layer.name) shows \(which) \(grouped(kept.shown)) of \(grouped(kept.of)) \(what)")
            }
        }
        let lines = caption(columns: columns, untrained: dense.filter { $0.layer.denseParameters == nil }.map(\.layer.name),
                            activations: activations, normalized: model.normalization.map { $0.method != .none } ?? false,
                            folded: foldNotes(dense, intoInput: intoInput.map { model.layers[$0] }), bias: options.showBias, theme: options.theme, scale: options.scale,
                            largest: (weight: Double(largestWeight), activation: networkLimit), thinned: thinned,
                            labelled: geometry.labelled)
        // The caption wraps to the diagram's width (about 5.5 points a character at 11 points).
        let width = direction == .leftToRight || direction == .rightToLeft ? geometry.length : geometry.breadth + 120
        let wrapped = lines.flatMap { wrap($0, characters: max(60, Int(width / (5.5 * geometry.scale)))) }
        diagram.caption = wrapped.isEmpty ? nil : .lines(wrapped)
        return diagram
    }

    /// The input column and one column per dense layer.
    static func columns(_ model: Model, dense: [DenseColumn], intoInput: [Int], limit: Int,
                        activations: NeuronActivations?) -> [Column] {
        let width = model.inputSize ?? 0
        let inputShading = intoInput.last.flatMap { activations?.trace.layers[$0].a } ?? activations?.trace.input
        var columns = [Column(name: model.inputs[0].name, detail: "\(width) input" + (width == 1 ? "" : "s"), names: model.inputNames,
                              selection: Selection(count: width, limit: limit), values: activations?.rawInput,
                              shading: inputShading)]
        for (index, column) in dense.enumerated() {
            let values = activations?.trace.layers[column.shownLayer].a
            let units = column.layer.units ?? 0
            columns.append(Column(name: column.layer.name, detail: "\(units) × \(column.activation)",
                                  names: index == dense.count - 1 ? outputNames(model) : nil,
                                  selection: Selection(count: units, limit: limit), values: values, shading: values,
                                  bounded: ["sigmoid", "softmax", "tanh"].contains(column.activation)
                                      && !column.folded.contains { $0.hasPrefix("BatchNormalization") }))
        }
        return columns
    }

    /// The header, neurons, "more" node and bias unit of column `c`, each pinned to its place.
    static func add(_ column: Column, index c: Int, bias: Bool, geometry view: Geometry, to diagram: inout DiagramDescription,
                    options: DiagramOptions, fillLimit: Double) {
        let geometry = view.column(places: places(column, bias: bias, moreSpan: 1))
        let theme = options.theme
        let direction = options.resolvedRankDirection
        let selection = column.selection
        let u = geometry.columns[c]
        var detail = column.detail
        if selection.hidden > 0 { detail += " · \(selection.shown.count) shown" }
        // A table keeps a gap between the name (its underscores included) and the detail under it.
        let header = DiagramLabel.table(rows: [.cells([DiagramCell([[TextRun(column.name, bold: true)]])]),
                                               .cells([DiagramCell([[TextRun(detail, color: theme.muted, size: 9)]])])],
                                        border: nil, fill: nil)
        diagram.nodes.append(DiagramNode(id: "h\(c)", label: header, shape: .none,
                                         position: point(u: u, v: geometry.header, direction: direction)))
        let moreSpan = geometry.moreSpan
        let total = places(column, bias: bias, moreSpan: moreSpan)
        var v = (total - 1) / 2 * geometry.pitch
        for i in selection.head {
            diagram.nodes.append(neuron(column, i, id: "n\(c)_\(i)", boldName: c > 0, geometry: geometry, fillLimit: fillLimit,
                                        theme: theme, position: point(u: u, v: v, direction: direction)))
            v -= geometry.pitch
        }
        if selection.hidden > 0 {
            v -= (moreSpan - 1) / 2 * geometry.pitch
            let vertical = direction == .leftToRight || direction == .rightToLeft
            // Three short lines keep the label inside the column, clear of the edges that leave its sides.
            let label = DiagramLabel.lines([[TextRun(vertical ? "⋮" : "⋯", size: 12)], [TextRun("+\(selection.hidden)", size: 9)],
                                            [TextRun("more", size: 9)]])
            diagram.nodes.append(DiagramNode(id: "m\(c)", label: label, shape: .none, textColor: theme.muted,
                                             position: point(u: u, v: v, direction: direction)))
            v -= (moreSpan + 1) / 2 * geometry.pitch
        }
        for i in selection.tail {
            diagram.nodes.append(neuron(column, i, id: "n\(c)_\(i)", boldName: c > 0, geometry: geometry, fillLimit: fillLimit,
                                        theme: theme, position: point(u: u, v: v, direction: direction)))
            v -= geometry.pitch
        }
        if bias {
            v -= 0.5 * geometry.pitch
            let side = min(28 * max(geometry.scale, 1), geometry.diameter) / 72
            diagram.nodes.append(DiagramNode(id: "b\(c)", label: geometry.labelled ? .text("+1") : .text(""), shape: .box,
                                             fill: theme.grid, dashed: true, size: DiagramSize(width: side, height: side), fontSize: 9,
                                             position: point(u: u, v: v, direction: direction)))
        }
    }

    /// Neuron `i` of a column: a circle numbered from 1, or a rounded box when it has a name; filled by its value.
    static func neuron(_ column: Column, _ i: Int, id: String, boldName: Bool, geometry: Geometry, fillLimit: Double, theme: Theme,
                       position: DiagramPoint) -> DiagramNode {
        var lines: [TextLine] = []
        var fill = theme.fill
        var textColor: RGB?
        if column.values != nil, let shading = column.shading {
            fill = theme.diverging(Double(shading[i]), limit: fillLimit)
            textColor = theme.textColor(on: fill)
        }
        let size = DiagramSize(width: geometry.diameter / 72, height: geometry.diameter / 72)
        guard geometry.labelled else {
            return DiagramNode(id: id, label: .text(""), shape: .circle, fill: fill, size: size, position: position)
        }
        if let names = column.names {
            lines.append([TextRun(names[i], bold: boldName)])
        } else {
            lines.append([TextRun(String(i + 1), size: column.values == nil ? 9 : 7)])
        }
        if let values = column.values, let shading = column.shading {
            // Seven characters (−0.0123) would touch a neuron's edge at 9 points.
            let text = compact(values[i])
            lines.append([TextRun(text, size: text.count > 6 ? 8 : nil)])
            if shading[i] != values[i] { lines.append([TextRun("→ " + compact(shading[i]), size: 8)]) }
        }
        let named = column.names != nil
        return DiagramNode(id: id, label: .lines(lines), shape: named ? .roundedBox : .circle, fill: fill, textColor: textColor,
                           size: named ? nil : size, fontSize: named ? 10 : 9, position: position)
    }

    /// The output neurons' names; a single sigmoid output of two classes is the probability of the second.
    static func outputNames(_ model: Model) -> [String] {
        model.task == .binary ? model.outputNames.map { "p(\($0))" } : model.outputNames
    }

    /// The model's dense layers, checked to form one sequential stack from one flat input, with the
    /// layers that have no neurons folded into the column before them (or, before the first dense
    /// layer, into the inputs: their positions are returned as `intoInput`).
    static func denseStack(_ model: Model) throws(ModelError) -> (columns: [DenseColumn], intoInput: [Int]) {
        guard model.inputs.count == 1, model.inputSize != nil else {
            throw ModelError("the neuron view draws a stack of Dense layers on one flat input, and this model's inputs are "
                + model.inputs.map { "'\($0.name)' \($0.shape.kerasDescription)" }.joined(separator: ", ") + "; use --style layers")
        }
        var columns: [DenseColumn] = []
        var intoInput: [Int] = []
        var previous = model.inputs[0].name
        for (index, layer) in model.layers.enumerated() {
            guard layer.isRunnable else {
                throw ModelError("the neuron view draws Dense layers and the layers nnviz runs, and '\(layer.name)' is a \(layer.className); use --style layers")
            }
            guard layer.inbound == [previous] else {
                throw ModelError("the neuron view draws a sequential stack, and '\(layer.name)' does not follow '\(previous)'; use --style layers")
            }
            previous = layer.name
            if case let .dense(_, activation, _) = layer.kind {
                columns.append(DenseColumn(layer: layer, shownLayer: index, activation: layer.activationName ?? activation.rawValue))
                continue
            }
            guard !columns.isEmpty else {
                intoInput.append(index)
                continue
            }
            columns[columns.count - 1].shownLayer = index
            columns[columns.count - 1].folded.append("\(layer.className) '\(layer.name)'")
            if case .activation = layer.kind, let name = layer.activationName { columns[columns.count - 1].activation = name }
        }
        guard !columns.isEmpty else { throw ModelError("the neuron view draws Dense layers, and this model has none; use --style layers") }
        return (columns, intoInput)
    }

    /// The caption's lines on the layers drawn inside the columns of others.
    static func foldNotes(_ columns: [DenseColumn], intoInput: [Layer]) -> [String] {
        var notes: [String] = []
        if !intoInput.isEmpty {
            notes.append(intoInput.map { "\($0.className) '\($0.name)'" }.joined(separator: ", ")
                + " folded into the inputs: their fill shows the values after them.")
        }
        for column in columns where !column.folded.isEmpty {
            notes.append(column.folded.joined(separator: ", ") + " folded into \(column.layer.name): its neurons show the values after them.")
        }
        if columns.contains(where: { $0.folded.contains { $0.hasPrefix("Dropout") } }) || intoInput.contains(where: { $0.className == "Dropout" }) {
            notes.append("Dropout is shown as the identity, as at inference (it drops values only in training).")
        }
        return notes
    }

    /// The most edges drawn between two columns of `shown` and `next` neurons: beyond it, lines
    /// merge into a grey wash and hide one another.
    static func edgeLimit(shown: Int, next: Int) -> Int {
        max(300, 2 * (shown + next))
    }

    /// The edges from the shown neurons of one column to the shown neurons of the next, weakest first
    /// so that the strongest are drawn on top. Too many to read are thinned to `edgeLimit`: the
    /// strongest weights, or for an untrained layer an even spread; `kept` says how many of how many.
    /// `scale` is the network's largest |w| for one scale across layers, nil for each layer's own.
    static func weightEdges(_ layer: Layer, from source: Selection, index: Int, to target: Selection, bias: Bool, theme: Theme,
                            ports: (tail: DiagramPort, head: DiagramPort), scale: Float?)
        -> (edges: [DiagramEdge], kept: (shown: Int, of: Int)?) {
        let inputs = source.count
        let useBias: Bool
        if case let .dense(_, _, flag) = layer.kind { useBias = flag } else { useBias = false }
        let sources = source.shown
        let targets = target.shown
        let total = sources.count * targets.count
        let limit = edgeLimit(shown: sources.count, next: targets.count)
        func edge(from: String, to: String, color: RGB? = nil, opacity: Double, width: Double, dashed: Bool = false) -> DiagramEdge {
            DiagramEdge(from: from, to: to, color: color, opacity: opacity, penWidth: width, dashed: dashed, arrowhead: false,
                        tailPort: ports.tail, headPort: ports.head)
        }
        guard let parameters = layer.denseParameters else {
            // Connections only: an even, fixed spread of them when there are too many.
            let keep = total > limit ? limit : total
            let opacity = total > 60 ? 0.35 : 0.55
            var edges: [DiagramEdge] = []
            for (t, j) in targets.enumerated() {
                for (s, i) in sources.enumerated() {
                    let k = t * sources.count + s
                    if keep < total, (k &* 2_654_435_761) % total >= keep { continue }
                    edges.append(edge(from: "n\(index)_\(i)", to: "n\(index + 1)_\(j)", opacity: opacity, width: 0.7))
                }
                if bias, useBias {
                    edges.append(edge(from: "b\(index)", to: "n\(index + 1)_\(j)", opacity: 0.55, width: 0.8, dashed: true))
                }
            }
            let kept = total > limit ? edges.filter { !$0.dashed }.count : total
            return (edges, total > limit ? (kept, total) : nil)
        }
        var largest = parameters.weights.reduce(Float(0)) { max($0, abs($1)) }
        if bias, useBias { largest = parameters.bias.reduce(largest) { max($0, abs($1)) } }
        if let scale { largest = scale }
        var weighted: [(strength: Double, order: Int, edge: DiagramEdge)] = []
        weighted.reserveCapacity(min(total, limit) + targets.count)
        func strength(_ value: Float) -> Double { largest > 0 ? Double(abs(value) / largest) : 0 }
        func add(_ value: Float, from: String, to: String, isBias: Bool) {
            let s = strength(value)
            // Dashed bias edges start more opaque and wider, so that their dashes show. A theme that
            // marks signs by line style (print) dashes the negative edges instead.
            let dashed = theme.patterns ? value < 0 : isBias
            let opacity = dashed ? 0.35 + 0.65 * s : 0.15 + 0.85 * s
            let width = dashed ? 0.8 + 2.2 * s : 0.3 + 2.7 * s
            weighted.append((s, weighted.count, edge(from: from, to: to, color: value < 0 ? theme.negative : theme.positive,
                                                     opacity: opacity, width: width, dashed: dashed)))
        }
        // The weights drawn: all of them, or the `limit` largest |w| (ties by position, so the choice never varies).
        var chosen: [(j: Int, i: Int)] = []
        chosen.reserveCapacity(min(total, limit))
        if total > limit {
            var candidates: [(magnitude: Float, k: Int)] = []
            candidates.reserveCapacity(total)
            for (t, j) in targets.enumerated() {
                for (s, i) in sources.enumerated() { candidates.append((abs(parameters.weights[j * inputs + i]), t * sources.count + s)) }
            }
            candidates.sort { ($0.magnitude, $1.k) > ($1.magnitude, $0.k) }
            chosen = candidates.prefix(limit).sorted { $0.k < $1.k }.map { (targets[$0.k / sources.count], sources[$0.k % sources.count]) }
        } else {
            for j in targets { for i in sources { chosen.append((j, i)) } }
        }
        for (j, i) in chosen {
            add(parameters.weights[j * inputs + i], from: "n\(index)_\(i)", to: "n\(index + 1)_\(j)", isBias: false)
        }
        if bias, useBias {
            for j in targets { add(parameters.bias[j], from: "b\(index)", to: "n\(index + 1)_\(j)", isBias: true) }
        }
        // A stable sort: equal strengths keep their order, so the output never varies.
        let edges = weighted.sorted { ($0.strength, $0.order) < ($1.strength, $1.order) }.map(\.edge)
        return (edges, total > limit ? (limit, total) : nil)
    }

    /// The legend and the notes under the diagram, before wrapping.
    static func caption(columns: [Column], untrained: [String], activations: NeuronActivations?, normalized: Bool,
                        folded: [String] = [], bias: Bool, theme: Theme, scale: DiagramOptions.Scale,
                        largest: (weight: Double, activation: Double), thinned: [String], labelled: Bool) -> [TextLine] {
        var lines: [TextLine] = []
        func note(_ text: String) { lines.append([TextRun(text, color: theme.muted)]) }
        if untrained.count < columns.count - 1 {
            let upTo = scale == .network ? "up to the network's largest |w|, \(compact(Float(largest.weight))) (one scale for every layer)"
                : "up to each layer's largest |w|"
            // The swatches on one line and the sentence on the next, so that wrapping never splits them.
            lines.append([TextRun("━━ ", bold: true, color: theme.positive), TextRun("positive weight     "),
                          TextRun(theme.patterns ? "╍╍ " : "━━ ", bold: true, color: theme.negative),
                          TextRun(theme.patterns ? "negative weight (dashed)" : "negative weight")])
            note("Width and opacity grow with |w|, " + upTo + ".")
        }
        if bias {
            note("The +1 units are the biases: each " + (theme.patterns ? "edge from one" : "dashed edge")
                + " carries a bias b, the weight from a constant input of 1.")
        }
        for line in folded { note(line) }
        if !untrained.isEmpty {
            let which = untrained.count == columns.count - 1 ? "this model" : untrained.map { "'\($0)'" }.joined(separator: ", ")
            note("No trained weights in \(which): edges show connections only.")
        }
        if let activations {
            if scale == .network {
                note("Fill: each neuron's activation a for \(activations.source), \(theme.scaleWords), "
                    + "in full at the network's largest |a|, \(compact(Float(largest.activation))) (one scale for every layer).")
            } else {
                note("Fill: each neuron's activation a for \(activations.source), \(theme.scaleWords), "
                    + "in full at the layer's largest |a| (at |a| = 1 for sigmoid, softmax and tanh layers).")
            }
            if normalized { note("Inputs show the value given → the normalised value the network sees, which sets the fill.") }
            if activations.fromInitialWeights { note("The model is untrained: the activations come from random initial weights.") }
        }
        if !thinned.isEmpty {
            note("Too many edges to read, so fewer are drawn: " + thinned.joined(separator: "; ") + ".")
        }
        if !labelled { note("The neurons of the tall columns are too small here for their names and values; --max-neurons draws fewer, larger ones.") }
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
        return lines
    }

    /// `line` broken between words into lines of at most `characters` characters (a longer word keeps its own line).
    static func wrap(_ line: TextLine, characters: Int) -> [TextLine] {
        var lines: [TextLine] = []
        var current: TextLine = []
        var length = 0
        func endLine() {
            if var last = current.popLast() {
                while last.text.last == " " { last.text.removeLast() }
                current.append(last)
            }
            lines.append(current)
            current = []
            length = 0
        }
        for run in line {
            // Each word with the spaces after it.
            var pieces: [String] = []
            for character in run.text {
                if pieces.isEmpty || (character != " " && pieces[pieces.count - 1].last == " ") { pieces.append("") }
                pieces[pieces.count - 1].append(character)
            }
            for piece in pieces {
                let word = piece.count - piece.reversed().prefix { $0 == " " }.count
                if length > 0, length + word > characters { endLine() }
                // Words of one run stay one run on their line.
                if let last = current.last, last.bold == run.bold, last.color == run.color, last.size == run.size {
                    current[current.count - 1].text += piece
                } else {
                    var part = run
                    part.text = piece
                    current.append(part)
                }
                length += piece.count
            }
        }
        if !current.isEmpty { endLine() }
        return lines
    }

    /// 1234567 as "1,234,567".
    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (n, digit) in digits.enumerated() {
            if n > 0, (digits.count - n) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return out
    }

    /// A value in a neuron, to three significant digits as the charts and reports write numbers:
    /// 0.568, −1.2, 0.084, 130, 1.23e5 (with a true minus sign).
    public static func compact(_ value: Float) -> String {
        chartNumber(Double(value), significant: 3)
    }
}
