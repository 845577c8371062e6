/// The weighted sums z and activations a of every layer for some input rows, as CSV or JSON that a
/// program can read, to check nnviz against another framework number by number.
///
/// Numbers are written with the shortest text that reads back to the same `Float`; a value that is
/// not finite is `nan`/`inf` in CSV and `null` in JSON.
public struct ActivationExport: Sendable {
    /// One input row: its number in the input (counting from 1), the values given and the trace.
    public struct Row: Sendable {
        public var number: Int
        public var input: [Float]
        public var trace: ForwardTrace

        public init(number: Int, input: [Float], trace: ForwardTrace) {
            self.number = number
            self.input = input
            self.trace = trace
        }
    }

    public var network: Network
    public var rows: [Row]
    /// The layers written, by index into `network.layers`.
    public var layers: [Int]

    public init(network: Network, rows: [Row], layers: [Int]) {
        precondition(layers.allSatisfy(network.layers.indices.contains), "layer index out of range")
        self.network = network
        self.rows = rows
        self.layers = layers
    }

    /// One line per row, layer and neuron: `row,layer,activation,neuron,z,a`, neurons counted from 1.
    public var csv: String {
        var out = "row,layer,activation,neuron,z,a\n"
        for row in rows {
            for index in layers {
                let layer = network.layers[index]
                let trace = row.trace.layers[index]
                let name = csvField(layer.name)
                for neuron in trace.a.indices {
                    out += "\(row.number),\(name),\(layer.activationName),\(neuron + 1),\(trace.z[neuron]),\(trace.a[neuron])\n"
                }
            }
        }
        return out
    }

    /// `{"rows": [{"row": 1, "input": […], "layers": [{"name", "activation", "z", "a"}, …]}, …]}`.
    public var json: JSONValue {
        func numbers(_ values: [Float]) -> JSONValue { .array(values.map { $0.isFinite ? .float($0) : .null }) }
        return .object([("rows", .array(rows.map { row in
            .object([
                ("row", .int(row.number)),
                ("input", numbers(row.input)),
                ("layers", .array(layers.map { index in
                    .object([
                        ("name", .string(network.layers[index].name)),
                        ("activation", .string(network.layers[index].activationName)),
                        ("z", numbers(row.trace.layers[index].z)),
                        ("a", numbers(row.trace.layers[index].a)),
                    ])
                })),
            ])
        }))])
    }
}
