import NNCore

/// The layer view: one box per input and per layer, with its name (type), input and output shapes,
/// activation and parameter count, and an edge wherever one layer feeds another (any DAG).
public enum LayerDiagram {
    public static func describe(_ model: Model, options: DiagramOptions) -> DiagramDescription {
        let theme = options.theme
        var diagram = DiagramDescription(rankDirection: options.resolvedRankDirection, theme: theme, title: options.title,
                                         nodeSeparation: 0.4, rankSeparation: 0.35, dpi: options.dpi)
        var ids: [String: String] = [:]
        for (index, input) in model.inputs.enumerated() {
            let id = "i\(index)"
            ids[input.name] = id
            let label = box(name: input.name, type: "InputLayer", inputShapes: [input.shape], outputShape: input.shape,
                            activation: nil, settings: [], parameters: nil, math: nil, options: options)
            diagram.nodes.append(DiagramNode(id: id, label: label, shape: .none))
        }
        for (index, layer) in model.layers.enumerated() {
            let id = "l\(index)"
            ids[layer.name] = id
            let label = box(name: layer.name, type: layer.className, inputShapes: layer.inputShapes, outputShape: layer.outputShape,
                            activation: layer.activationName, settings: settings(of: layer), parameters: .some(layer.parameterCount),
                            math: math(for: layer),
                            options: options)
            diagram.nodes.append(DiagramNode(id: id, label: label, shape: .none))
        }
        for (index, layer) in model.layers.enumerated() {
            for source in layer.inbound {
                if let from = ids[source] { diagram.edges.append(DiagramEdge(from: from, to: "l\(index)")) }
            }
        }
        // One width per column, as plot_model draws; the width goes on the header cell, so a box needs one.
        if options.showNames || options.showTypes {
            diagram.equalWidths = columns(ids: diagram.nodes.map(\.id), edges: diagram.edges.map { ($0.from, $0.to) })
        }
        if options.showParameters {
            var total = "Total params: " + ModelSummary.grouped(model.parameterCount)
            if model.layers.contains(where: { $0.parameterCount == nil }) { total += " (and some that could not be counted)" }
            // As Keras's summary: trainable and non-trainable, when some are not trained (BatchNormalization's statistics).
            let frozen = model.nonTrainableParameterCount
            if frozen > 0 {
                total += " · Trainable: \(ModelSummary.grouped(model.parameterCount - frozen)) · Non-trainable: \(ModelSummary.grouped(frozen))"
            }
            // An empty line keeps the total clear of the last box.
            diagram.caption = .lines([[TextRun(" ", size: 6)], [TextRun(total, color: theme.muted)]])
        }
        return diagram
    }

    /// The boxes drawn at one width, each group of two or more in the order of `ids`: first the spine,
    /// every box that comes before or after each other box (the column the data flows down), then
    /// each chain of a parallel branch (boxes that feed only the next and are fed only by the last).
    static func columns(ids: [String], edges: [(from: String, to: String)]) -> [[String]] {
        let position = Dictionary(ids.indices.map { (ids[$0], $0) }) { first, _ in first }
        var successors = [[Int]](repeating: [], count: ids.count)
        var predecessors = [[Int]](repeating: [], count: ids.count)
        for edge in edges {
            guard let from = position[edge.from], let to = position[edge.to], from != to else { continue }
            if !successors[from].contains(to) { successors[from].append(to) }
            if !predecessors[to].contains(from) { predecessors[to].append(from) }
        }
        // reaches[u][v]: a path leads from u to v.
        var reaches = [[Bool]](repeating: [Bool](repeating: false, count: ids.count), count: ids.count)
        for start in ids.indices {
            var stack = successors[start]
            while let next = stack.popLast() {
                guard !reaches[start][next] else { continue }
                reaches[start][next] = true
                stack += successors[next]
            }
        }
        let spine = ids.indices.map { u in ids.indices.allSatisfy { v in u == v || reaches[u][v] || reaches[v][u] } }
        func linked(_ u: Int, _ v: Int) -> Bool {
            !spine[u] && !spine[v] && successors[u] == [v] && predecessors[v] == [u]
        }
        var groups = [ids.indices.filter { spine[$0] }]
        var taken = spine
        for start in ids.indices where !taken[start] && !(predecessors[start].count == 1 && linked(predecessors[start][0], start)) {
            var chain = [start]
            taken[start] = true
            while let last = chain.last, successors[last].count == 1, linked(last, successors[last][0]), !taken[successors[last][0]] {
                chain.append(successors[last][0])
                taken[successors[last][0]] = true
            }
            groups.append(chain)
        }
        return groups.filter { $0.count > 1 }.map { $0.map { ids[$0] } }
    }

    /// The table inside one box. `parameters` is `nil` for an input (no row) and `.some(nil)` for an unknown count.
    static func box(name: String, type: String, inputShapes: [Shape], outputShape: Shape?, activation: String?,
                    settings: [LayerSetting], parameters: Int??, math: [String]?, options: DiagramOptions) -> DiagramLabel {
        let theme = options.theme
        var rows: [DiagramRow] = []
        var header: TextLine = []
        if options.showNames { header.append(TextRun(name, bold: true)) }
        if options.showTypes {
            // A no-break space: SVG viewers drop a plain space that starts a text element.
            header.append(options.showNames ? TextRun("\u{00A0}(\(type))", color: theme.muted) : TextRun(type, bold: true))
        }
        if !header.isEmpty { rows.append(.cells([DiagramCell([header], columnSpan: 2)])) }
        if options.showShapes {
            rows.append(.rule)
            rows.append(.cells([DiagramCell("Input shape", color: theme.muted), DiagramCell("Output shape", color: theme.muted)]))
            let input = inputShapes.count == 1
                ? inputShapes[0].kerasDescription
                : "[" + inputShapes.map(\.kerasDescription).joined(separator: ", ") + "]"
            rows.append(.cells([DiagramCell(input), DiagramCell(outputShape?.kerasDescription ?? "?")]))
        }
        var details: [DiagramRow] = []
        if options.showActivations, let activation {
            details.append(.cells([DiagramCell("Activation", color: theme.muted, alignment: .left),
                                   DiagramCell(activation, alignment: .right)]))
        }
        for setting in settings {
            details.append(.cells([DiagramCell(setting.name, color: theme.muted, alignment: .left),
                                   DiagramCell(setting.value, alignment: .right)]))
        }
        if options.showParameters, let parameters {
            details.append(.cells([DiagramCell("Params", color: theme.muted, alignment: .left),
                                   DiagramCell(parameters.map(ModelSummary.grouped) ?? "?", alignment: .right)]))
        }
        if !details.isEmpty { rows += [.rule] + details }
        if options.showMath, let math {
            rows.append(.rule)
            rows.append(.cells([DiagramCell(math.map { [TextRun($0)] }, columnSpan: 2)]))
        }
        if rows.isEmpty { rows.append(.cells([DiagramCell(" ", columnSpan: 2)])) }
        return .table(rows: rows, border: theme.muted, fill: theme.fill)
    }

    /// A setting as short as it reads back: 0.5, 0.001, 1e-05.
    static func compact(_ value: Float) -> String { value.description }

    /// The settings a box shows between the activation and the parameters: a dropout's rate, a batch
    /// normalisation's ε and momentum, and what the file gave for the others (a convolution's filters,
    /// kernel and strides, a pooling window).
    static func settings(of layer: Layer) -> [LayerSetting] {
        switch layer.kind {
        case let .dropout(rate):
            return [LayerSetting("Rate", compact(rate))]
        case let .batchNormalization(epsilon, momentum, _, _):
            return [LayerSetting("ε", compact(epsilon)), LayerSetting("Momentum", compact(momentum))]
        default:
            return layer.settings
        }
    }

    /// The layer's computation, with the shapes of its weights, for the layers whose maths is known.
    static func math(for layer: Layer) -> [String]? {
        switch layer.kind {
        case let .dense(units, activation, useBias):
            let inputs = layer.inputShapes.first?.last.flatMap { $0 }.map(String.init) ?? "?"
            let sum = useBias ? "W·x + b" : "W·x"
            let formula = activation == .linear ? "a = " + sum : "a = \(layer.activationName ?? activation.rawValue)(\(sum))"
            return [formula, "W: \(units)×\(inputs)" + (useBias ? ", b: \(units)" : "")]
        case let .activation(activation, alpha):
            return ["a = \(layer.activationName ?? activation.rawValue)(x)" + (alpha.map { ", α = \(compact($0))" } ?? "")]
        case .dropout:
            // The rate, ε and momentum are rows of the box (`settings(of:)`).
            return ["a = x (drops inputs only in training)"]
        case let .batchNormalization(_, _, center, scale):
            return ["a = " + (scale ? "γ·" : "") + "(x − μ)/√(σ² + ε)" + (center ? " + β" : "")]
        case .passThrough:
            return ["a = x, reshaped"]
        case let .other(className, activation):
            // A merge names its inputs by their layers (x1, x2, … are the model's input features).
            let merged = layer.inbound.isEmpty ? ["x"] : layer.inbound
            switch className {
            case "Activation", "ReLU", "Softmax", "ELU", "LeakyReLU":
                return ["a = \(activation ?? className.lowercased())(x)"]
            case "Concatenate":
                return ["a = [" + merged.joined(separator: "; ") + "]"]
            case "Add":
                return ["a = " + merged.joined(separator: " + ")]
            case "Subtract" where merged.count == 2:
                return ["a = " + merged.joined(separator: " − ")]
            case "Multiply":
                return ["a = " + merged.joined(separator: " ⊙ ")]
            case "Average":
                return ["a = (" + merged.joined(separator: " + ") + ") / \(merged.count)"]
            case "Maximum", "Minimum":
                return ["a = \(className == "Maximum" ? "max" : "min")(" + merged.joined(separator: ", ") + ")"]
            case "Flatten", "Reshape":
                return ["a = x, reshaped"]
            case "Dropout":
                return ["a = x (drops inputs only in training)"]
            default:
                return nil
            }
        }
    }
}
