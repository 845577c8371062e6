/// A model summary like Keras's `model.summary()`: one row per layer and the totals.
public struct ModelSummary: Sendable {
    public struct Row: Sendable {
        public var name: String
        public var type: String
        public var outputShape: String
        public var activation: String
        public var parameters: Int?
        public var connectedTo: [String]
    }

    public var modelName: String
    public var rows: [Row]
    public var totalParameters: Int
    /// The parameters training does not change (batch normalisation's moving mean and variance).
    public var nonTrainableParameters: Int
    /// True when some layer's parameter count could not be worked out.
    public var hasUnknownCounts: Bool
    public var isGraph: Bool

    public init(_ model: Model) {
        modelName = model.name ?? "model"
        var rows = model.inputs.map {
            Row(name: $0.name, type: "InputLayer", outputShape: $0.shape.kerasDescription, activation: "", parameters: 0, connectedTo: [])
        }
        for layer in model.layers {
            rows.append(Row(name: layer.name, type: layer.className, outputShape: layer.outputShape?.kerasDescription ?? "?",
                            activation: layer.activationName ?? "", parameters: layer.parameterCount, connectedTo: layer.inbound))
        }
        self.rows = rows
        totalParameters = model.parameterCount
        nonTrainableParameters = model.nonTrainableParameterCount
        hasUnknownCounts = model.layers.contains { $0.parameterCount == nil }
        let sequential = model.inputs.count == 1 && zip(model.layers, [model.inputs[0].name] + model.layers.map(\.name))
            .allSatisfy { $0.inbound == [$1] }
        isGraph = !sequential
    }

    /// Groups digits in threes, as Keras prints counts: 1,234,567.
    public static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0, index % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return String(out.reversed())
    }

    /// The table as text.
    public var text: String {
        var header = ["Layer (type)", "Output Shape", "Activation", "Param #"]
        if isGraph { header.append("Connected to") }
        let body = rows.map { row -> [String] in
            var cells = ["\(row.name) (\(row.type))", row.outputShape, row.activation, row.parameters.map(Self.grouped) ?? "?"]
            if isGraph { cells.append(Sanitized.list(row.connectedTo)) }
            // Cells are cut short, so that one long name or a layer with thousands of inputs cannot
            // widen every row of the table.
            return cells.map { Sanitized.quoted($0, limit: 80) }
        }
        var widths = header.map(\.count)
        for cells in body {
            for (i, cell) in cells.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return i == 3 ? pad + cell : cell + pad
            }.joined(separator: "   ").replacingTrailingSpaces()
        }
        let total = widths.reduce(0, +) + 3 * (widths.count - 1)
        var out = "Model: \"\(Sanitized.text(modelName))\"\n"
        out += String(repeating: "━", count: total) + "\n"
        out += line(header) + "\n"
        out += String(repeating: "━", count: total) + "\n"
        for (i, cells) in body.enumerated() {
            out += line(cells) + "\n"
            out += String(repeating: i + 1 == body.count ? "━" : "─", count: total) + "\n"
        }
        let suffix = hasUnknownCounts ? " (some layers' counts are unknown)" : ""
        out += "Total params: \(Self.grouped(totalParameters)) (\(Self.byteSize(totalParameters * 4)))\(suffix)\n"
        if nonTrainableParameters > 0 {
            let trainable = totalParameters - nonTrainableParameters
            out += "Trainable params: \(Self.grouped(trainable)) (\(Self.byteSize(trainable * 4)))\n"
            out += "Non-trainable params: \(Self.grouped(nonTrainableParameters)) (\(Self.byteSize(nonTrainableParameters * 4)))\n"
        }
        return out
    }

    static func byteSize(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        let units = ["KB", "MB", "GB"]
        var value = Double(bytes) / 1024
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let rounded = (value * 100).rounded() / 100
        return "\(rounded) \(units[unit])"
    }

    /// The summary as JSON.
    public var json: JSONValue {
        .object([
            ("name", .string(modelName)),
            ("layers", .array(rows.map { row in
                .object([
                    ("name", .string(row.name)),
                    ("type", .string(row.type)),
                    ("output_shape", .string(row.outputShape)),
                    ("activation", row.activation.isEmpty ? .null : .string(row.activation)),
                    ("parameters", row.parameters.map(JSONValue.int) ?? .null),
                    ("inbound", .array(row.connectedTo.map(JSONValue.string))),
                ])
            })),
            ("total_parameters", .int(totalParameters)),
            ("non_trainable_parameters", .int(nonTrainableParameters)),
        ])
    }
}

extension String {
    fileprivate func replacingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
