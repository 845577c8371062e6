/// The layers of nnviz's own model JSON: one object per layer, its kind given by `type` (`dense`
/// when absent), read and written with every float bit-exact. docs/model-format.md describes them.
extension NativeModelFormat {
    /// The `type` names of the layer kinds, in the order the docs list them.
    static let layerTypes = ["dense", "activation", "dropout", "batch_normalization", "flatten", "reshape", "identity"]

    /// The keys each layer type accepts.
    static func layerKeys(_ type: String) -> [String] {
        switch type {
        case "dense": return ["type", "name", "units", "activation", "use_bias", "weights", "bias"]
        case "activation": return ["type", "name", "activation", "alpha"]
        case "dropout": return ["type", "name", "rate"]
        case "batch_normalization":
            return ["type", "name", "epsilon", "momentum", "center", "scale", "gamma", "beta", "moving_mean", "moving_variance"]
        default: return ["type", "name"]
        }
    }

    /// Reads the layer at `place` that takes `width` inputs from `previous`; `taken` holds the names so far.
    static func readLayer(_ value: JSONValue, place: String, width: Int, previous: String, taken: [Layer],
                          file: String) throws(ModelFileError) -> Layer {
        func fail(_ key: String?, _ reason: String) -> ModelFileError {
            ModelFileError(file: file, place: key.map { "\(place).\($0)" } ?? place, reason: reason)
        }
        guard let members = value.object else { throw fail(nil, "expected an object") }
        let type = try optionalString(value["type"], place: "\(place).type", file: file) ?? "dense"
        guard layerTypes.contains(type) else {
            throw fail("type", "unknown layer type '\(Sanitized.quoted(type))' (expected one of \(layerTypes.joined(separator: ", ")))")
        }
        let keys = layerKeys(type)
        for (key, _) in members where !keys.contains(key) {
            throw fail(Sanitized.quoted(key), "unknown key for a \(type) layer (expected \(keys.joined(separator: ", ")))")
        }
        let sameType = taken.filter { Self.typeName(of: $0.kind) == type }.count
        let name = try optionalString(value["name"], place: "\(place).name", file: file) ?? (sameType == 0 ? type : "\(type)_\(sameType)")
        if taken.contains(where: { $0.name == name }) || name == "input_layer" {
            throw fail("name", "the name '\(Sanitized.quoted(name))' is used twice")
        }
        func layer(_ kind: Layer.Kind, output: Int, count: Int, _ parameters: LayerParameters? = nil) -> Layer {
            let spelling = value["activation"]?.string.flatMap { name in kind.activationFunction.flatMap { Activation.spelling(name, of: $0) } }
            return Layer(name: name, kind: kind, inbound: [previous], inputShapes: [[width]], outputShape: [output],
                         parameterCount: count, parameters: parameters, activationSpelling: spelling)
        }
        switch type {
        case "dense":
            return try readDense(value, place: place, width: width, file: file, layer: layer)
        case "activation":
            let activationName = try optionalString(value["activation"], place: "\(place).activation", file: file) ?? "linear"
            let activation = try readActivation(activationName, place: "\(place).activation", file: file)
            var alpha: Float?
            if let alphaValue = value["alpha"] {
                guard activation == .leakyRelu || activation == .elu else {
                    throw fail("alpha", "only leaky_relu and elu take an alpha")
                }
                guard let number = alphaValue.float, number.isFinite else { throw fail("alpha", "expected a finite number") }
                alpha = number
            }
            return layer(.activation(activation, alpha: alpha), output: width, count: 0)
        case "dropout":
            guard let rate = value["rate"]?.float, rate >= 0, rate < 1 else {
                throw fail("rate", "expected a number from 0 up to (not including) 1")
            }
            return layer(.dropout(rate: rate), output: width, count: 0)
        case "batch_normalization":
            return try readBatchNormalization(value, place: place, width: width, file: file, layer: layer)
        default:
            let className = ["flatten": "Flatten", "reshape": "Reshape", "identity": "Identity"][type] ?? type
            return layer(.passThrough(className: className), output: width, count: 0)
        }
    }

    static func readActivation(_ name: String, place: String, file: String) throws(ModelFileError) -> Activation {
        guard !name.isEmpty, let activation = Activation(rawValue: name) ?? Activation(kerasName: name) else {
            throw ModelFileError(file: file, place: place,
                                 reason: "unknown activation '\(Sanitized.quoted(name))' (expected one of \(Activation.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return activation
    }

    private static func readDense(_ value: JSONValue, place: String, width: Int, file: String,
                                  layer: (Layer.Kind, Int, Int, LayerParameters?) -> Layer) throws(ModelFileError) -> Layer {
        func fail(_ key: String, _ reason: String) -> ModelFileError { ModelFileError(file: file, place: "\(place).\(key)", reason: reason) }
        guard let units = value["units"]?.int else { throw fail("units", "missing or not a whole number") }
        guard units > 0 else { throw fail("units", "must be positive, not \(units)") }
        let activationName = try optionalString(value["activation"], place: "\(place).activation", file: file) ?? "linear"
        let activation = try readActivation(activationName, place: "\(place).activation", file: file)
        var useBias = true
        if let flag = value["use_bias"] {
            guard let given = flag.bool else { throw fail("use_bias", "expected true or false") }
            useBias = given
        }
        guard let count = SizeLimits.denseParameters(inputs: width, units: units, useBias: useBias) else {
            throw fail("units", "\(units) units after \(width) inputs is more parameters than nnviz reads (at most \(SizeLimits.declaredParameters))")
        }
        var parameters: LayerParameters?
        if let weightValue = value["weights"] {
            guard let rows = weightValue.array, rows.count == units else {
                throw fail("weights", "expected \(units) rows (one per neuron) of \(width) numbers")
            }
            var weights: [Float] = []
            weights.reserveCapacity(units * width)
            for (j, row) in rows.enumerated() {
                weights += try floats(row, count: width, place: "\(place).weights[\(j)]", file: file, what: "numbers (one per input)")
            }
            let bias = try value["bias"].map { json throws(ModelFileError) in
                try floats(json, count: units, place: "\(place).bias", file: file)
            } ?? [Float](repeating: 0, count: units)
            parameters = .dense(DenseParameters(weights: weights, bias: bias))
        } else if value["bias"] != nil {
            throw fail("bias", "given without weights")
        }
        return layer(.dense(units: units, activation: activation, useBias: useBias), units, count, parameters)
    }

    private static func readBatchNormalization(_ value: JSONValue, place: String, width: Int, file: String,
                                               layer: (Layer.Kind, Int, Int, LayerParameters?) -> Layer) throws(ModelFileError) -> Layer {
        func fail(_ key: String, _ reason: String) -> ModelFileError { ModelFileError(file: file, place: "\(place).\(key)", reason: reason) }
        let epsilon = value["epsilon"].map { $0.float ?? -1 } ?? 0.001
        guard epsilon > 0, epsilon.isFinite else { throw fail("epsilon", "must be a positive number") }
        let momentum = value["momentum"].map { $0.float ?? -1 } ?? 0.99
        guard momentum >= 0, momentum <= 1 else { throw fail("momentum", "must be a number from 0 to 1") }
        guard value["center"].map({ $0.bool != nil }) ?? true else { throw fail("center", "expected true or false") }
        guard value["scale"].map({ $0.bool != nil }) ?? true else { throw fail("scale", "expected true or false") }
        let center = value["center"]?.bool ?? true
        let scale = value["scale"]?.bool ?? true
        let statistics = ["moving_mean", "moving_variance"].filter { value[$0] != nil }
        let learned = [("gamma", scale), ("beta", center)]
        for (key, used) in learned where value[key] != nil && !used {
            throw fail(key, "given, but the layer has \(key == "gamma" ? "scale" : "center") false")
        }
        var parameters: LayerParameters?
        if !statistics.isEmpty || learned.contains(where: { value[$0.0] != nil }) {
            for key in ["moving_mean", "moving_variance"] + learned.filter(\.1).map(\.0) where value[key] == nil {
                throw fail(key, "missing (a batch normalisation layer with values needs gamma, beta, moving_mean and moving_variance, as its center and scale ask)")
            }
            let gamma = try scale ? floats(value["gamma"], count: width, place: "\(place).gamma", file: file) : Array(repeating: 1, count: width)
            let beta = try center ? floats(value["beta"], count: width, place: "\(place).beta", file: file) : Array(repeating: 0, count: width)
            let mean = try floats(value["moving_mean"], count: width, place: "\(place).moving_mean", file: file)
            let variance = try floats(value["moving_variance"], count: width, place: "\(place).moving_variance", file: file)
            if let negative = variance.firstIndex(where: { $0 < 0 }) {
                throw fail("moving_variance[\(negative)]", "must not be negative")
            }
            parameters = .batchNormalization(BatchNormParameters(gamma: gamma, beta: beta, movingMean: mean, movingVariance: variance))
        }
        guard let count = SizeLimits.product([width, 2 + (center ? 1 : 0) + (scale ? 1 : 0)]) else {
            throw fail("", "a batch normalisation of \(width) values has more parameters than nnviz reads")
        }
        return layer(.batchNormalization(epsilon: epsilon, momentum: momentum, center: center, scale: scale), width, count, parameters)
    }

    /// The native `type` of a layer kind, or nil for kinds the native format cannot hold.
    static func typeName(of kind: Layer.Kind) -> String? {
        switch kind {
        case .dense: return "dense"
        case .activation: return "activation"
        case .dropout: return "dropout"
        case .batchNormalization: return "batch_normalization"
        case let .passThrough(className):
            return ["Flatten": "flatten", "Reshape": "reshape"][className] ?? "identity"
        case .other: return nil
        }
    }

    /// The JSON of one runnable layer.
    static func json(for layer: Layer) -> JSONValue {
        let type = typeName(of: layer.kind) ?? "identity"
        var members: [(String, JSONValue)] = []
        if type != "dense" { members.append(("type", .string(type))) }
        members.append(("name", .string(layer.name)))
        switch layer.kind {
        case let .dense(units, activation, useBias):
            members += [("units", .int(units)), ("activation", .string(layer.activationSpelling ?? activation.rawValue))]
            if !useBias { members.append(("use_bias", .bool(false))) }
            if let parameters = layer.denseParameters {
                let inputs = parameters.weights.count / units
                let rows = (0..<units).map { j in
                    JSONValue.array(parameters.weights[j * inputs..<(j + 1) * inputs].map(JSONValue.float))
                }
                members += [("weights", .array(rows)), ("bias", .array(parameters.bias.map(JSONValue.float)))]
            }
        case let .activation(activation, alpha):
            members.append(("activation", .string(layer.activationSpelling ?? activation.rawValue)))
            if let alpha { members.append(("alpha", .float(alpha))) }
        case let .dropout(rate):
            members.append(("rate", .float(rate)))
        case let .batchNormalization(epsilon, momentum, center, scale):
            members += [("epsilon", .float(epsilon)), ("momentum", .float(momentum))]
            if !center { members.append(("center", .bool(false))) }
            if !scale { members.append(("scale", .bool(false))) }
            if let parameters = layer.batchNormParameters {
                if scale { members.append(("gamma", .array(parameters.gamma.map(JSONValue.float)))) }
                if center { members.append(("beta", .array(parameters.beta.map(JSONValue.float)))) }
                members.append(("moving_mean", .array(parameters.movingMean.map(JSONValue.float))))
                members.append(("moving_variance", .array(parameters.movingVariance.map(JSONValue.float))))
            }
        case .passThrough, .other:
            break
        }
        return .object(members)
    }
}
