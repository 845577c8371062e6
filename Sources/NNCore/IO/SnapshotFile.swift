import Foundation

/// A model's weights at chosen epochs of one training run, kept in one file by
/// `nnviz train --snapshots` and drawn by `nnviz evolution`.
///
/// The file is JSON: the trained model in nnviz's format (with its training record and history),
/// then one entry per kept epoch holding every dense layer's weights (one row per neuron) and bias:
///
/// ```
/// {"format": "nnviz-snapshots", "version": 1, "model": {…},
///  "snapshots": [{"epoch": 0, "layers": [{"weights": [[…], …], "bias": […]}, …]}, …]}
/// ```
public struct Snapshots: Equatable, Sendable {
    /// At most this many snapshots are kept or drawn.
    public static let maximumCount = 500

    /// The model after training, with its history.
    public var model: Model
    /// The kept epochs in increasing order (0 is before training) and the network at each.
    public var epochs: [Int]
    public var networks: [Network]

    public init(model: Model, epochs: [Int], networks: [Network]) {
        precondition(epochs.count == networks.count)
        self.model = model
        self.epochs = epochs
        self.networks = networks
    }

    /// The model holding the weights kept at `index`.
    public func model(at index: Int) -> Model { model.updating(from: networks[index]) }

    /// The epochs an option asks to keep: a list such as "0,1,2,5,10", or every `every` epochs
    /// (with 0 and the last), checked against the run's `epochs`.
    public static func epochs(list: String?, every: Int?, of epochs: Int) throws(DataError) -> [Int] {
        var kept: [Int] = []
        if let list, !list.trimmingCharacters(in: .whitespaces).isEmpty {
            for part in list.split(separator: ",", omittingEmptySubsequences: false) {
                let text = part.trimmingCharacters(in: .whitespaces)
                guard let epoch = Int(text), epoch >= 0 else {
                    throw DataError(file: "--snapshots", reason: "'\(text)' is not an epoch (a whole number from 0, before training, to \(epochs))")
                }
                guard epoch <= epochs else {
                    throw DataError(file: "--snapshots", reason: "epoch \(epoch) is past the last epoch of this run (\(epochs))")
                }
                kept.append(epoch)
            }
        }
        if let every {
            guard every >= 1 else { throw DataError(file: "--snapshot-every", reason: "must be at least 1 (got \(every))") }
            kept += Array(stride(from: 0, through: epochs, by: every)) + [epochs]
        }
        kept = Array(Set(kept)).sorted()
        guard !kept.isEmpty else { throw DataError(file: "--snapshots", reason: "the list of epochs is empty") }
        guard kept.count <= maximumCount else {
            throw DataError(file: every == nil ? "--snapshots" : "--snapshot-every",
                            reason: "asks for \(kept.count) snapshots; at most \(maximumCount) are kept")
        }
        return kept
    }

    /// The file's text.
    public func encode() throws(ModelFileError) -> String {
        let entries = zip(epochs, networks).map { epoch, network -> JSONValue in
            // Dense layers' weights and batch normalisation's four vectors; the other kinds have none.
            let layers = network.layers.map { running -> JSONValue in
                if case let .batchNormalization(bn) = running {
                    let p = bn.parameters
                    return .object([("gamma", .array(p.gamma.map(JSONValue.float))), ("beta", .array(p.beta.map(JSONValue.float))),
                                    ("moving_mean", .array(p.movingMean.map(JSONValue.float))),
                                    ("moving_variance", .array(p.movingVariance.map(JSONValue.float)))])
                }
                guard let layer = running.dense else { return .object([]) }
                let rows = (0..<layer.outputSize).map { j in
                    JSONValue.array(layer.weights[j * layer.inputSize..<(j + 1) * layer.inputSize].map(JSONValue.float))
                }
                return .object([("weights", .array(rows)), ("bias", .array(layer.bias.map(JSONValue.float)))])
            }
            return .object([("epoch", .int(epoch)), ("layers", .array(layers))])
        }
        return JSONWriter.write(.object([("format", .string("nnviz-snapshots")), ("version", .int(1)),
                                         ("model", try NativeModelFormat.json(for: model)), ("snapshots", .array(entries))]))
    }

    /// Writes the file through a temporary file, so that a failure leaves nothing behind.
    public func save(to path: String) throws(ModelFileError) {
        let text = try encode()
        do {
            try AtomicFile.write(Data(text.utf8), to: path)
        } catch {
            throw ModelFileError(file: path, reason: error.reason)
        }
    }

    /// Reads a snapshot file, checking every layer against the model it holds.
    public static func load(path: String) throws(ModelFileError) -> Snapshots {
        let text: String
        do {
            text = try TextFile.read(path)
        } catch {
            throw ModelFileError(file: path, reason: error.reason)
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws(ModelFileError) -> Snapshots {
        func fail(_ place: String?, _ reason: String) -> ModelFileError { ModelFileError(file: file, place: place, reason: reason) }
        let json: JSONValue
        do {
            json = try JSONParser.parse(text)
        } catch {
            throw fail("line \(error.line), column \(error.column)", error.reason)
        }
        guard json["format"]?.string == "nnviz-snapshots" else {
            throw fail(nil, "is not a snapshot file (made by nnviz train --snapshots; expected \"format\": \"nnviz-snapshots\")")
        }
        guard json["version"]?.int == 1 else { throw fail("version", "expected 1") }
        guard let modelValue = json["model"] else { throw fail("model", "missing") }
        let model = try NativeModelFormat.model(from: modelValue, file: file)
        let template: Network
        do {
            template = try model.network()
        } catch {
            throw fail("model", error.reason)
        }
        guard let entries = json["snapshots"]?.array else { throw fail("snapshots", "missing or not a list") }
        guard !entries.isEmpty else { throw fail("snapshots", "is empty") }
        guard entries.count <= maximumCount else { throw fail("snapshots", "has \(entries.count) snapshots; at most \(maximumCount) can be drawn") }
        var epochs: [Int] = []
        var networks: [Network] = []
        for (index, entry) in entries.enumerated() {
            let place = "snapshots[\(index)]"
            guard let epoch = entry["epoch"]?.int, epoch >= 0 else { throw fail("\(place).epoch", "expected a whole number from 0") }
            if let last = epochs.last, epoch <= last { throw fail("\(place).epoch", "\(epoch) does not come after \(last)") }
            guard let layers = entry["layers"]?.array, layers.count == template.layers.count else {
                throw fail("\(place).layers", "expected \(template.layers.count) layers, as the model has")
            }
            var network = template
            for (l, layer) in layers.enumerated() {
                if case var .batchNormalization(bn) = template.layers[l] {
                    let n = bn.size
                    let vectors = try ["gamma", "beta", "moving_mean", "moving_variance"].map { key throws(ModelFileError) in
                        try NativeModelFormat.floats(layer[key], count: n, place: "\(place).layers[\(l)].\(key)", file: file)
                    }
                    if let negative = vectors[3].firstIndex(where: { $0 < 0 }) {
                        throw fail("\(place).layers[\(l)].moving_variance[\(negative)]", "must not be negative")
                    }
                    bn.parameters = BatchNormParameters(gamma: vectors[0], beta: vectors[1], movingMean: vectors[2], movingVariance: vectors[3])
                    network.layers[l] = .batchNormalization(bn)
                    continue
                }
                guard template.layers[l].dense != nil else { continue }
                let size = (input: template.layers[l].inputSize, output: template.layers[l].outputSize)
                guard let rows = layer["weights"]?.array, rows.count == size.output else {
                    throw fail("\(place).layers[\(l)].weights", "expected \(size.output) rows (one per neuron) of \(size.input) numbers")
                }
                var weights: [Float] = []
                weights.reserveCapacity(size.input * size.output)
                for (j, row) in rows.enumerated() {
                    guard let numbers = row.array, numbers.count == size.input else {
                        throw fail("\(place).layers[\(l)].weights[\(j)]", "expected \(size.input) numbers")
                    }
                    for number in numbers {
                        guard let value = number.float, value.isFinite else {
                            throw fail("\(place).layers[\(l)].weights[\(j)]", "expected finite numbers")
                        }
                        weights.append(value)
                    }
                }
                guard let biasValues = layer["bias"]?.array, biasValues.count == size.output else {
                    throw fail("\(place).layers[\(l)].bias", "expected \(size.output) numbers")
                }
                var bias: [Float] = []
                for number in biasValues {
                    guard let value = number.float, value.isFinite else { throw fail("\(place).layers[\(l)].bias", "expected finite numbers") }
                    bias.append(value)
                }
                network.layers[l].dense?.weights = weights
                network.layers[l].dense?.bias = bias
            }
            epochs.append(epoch)
            networks.append(network)
        }
        return Snapshots(model: model, epochs: epochs, networks: networks)
    }
}
