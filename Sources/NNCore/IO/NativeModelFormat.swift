/// nnviz's own model JSON.
enum NativeModelFormat {
    static let knownKeys: Set<String> = ["name", "input_dim", "features", "classes", "loss", "normalization", "layers", "training"]

    static func model(from json: JSONValue, file: String) throws(ModelFileError) -> Model {
        func fail(_ place: String, _ reason: String) -> ModelFileError { ModelFileError(file: file, place: place, reason: reason) }
        for (key, _) in json.object ?? [] where !knownKeys.contains(key) {
            throw fail(key, "unknown key (expected one of \(knownKeys.sorted().joined(separator: ", ")))")
        }
        guard let inputValue = json["input_dim"] else { throw fail("input_dim", "missing (the number of input features)") }
        guard let inputDim = inputValue.int, inputDim > 0 else { throw fail("input_dim", "must be a positive whole number") }
        let name = try optionalString(json["name"], place: "name", file: file)
        let features = try optionalStrings(json["features"], place: "features", file: file)
        if let features, features.count != inputDim {
            throw fail("features", "has \(features.count) names but input_dim is \(inputDim)")
        }
        let classes = try optionalStrings(json["classes"], place: "classes", file: file)
        var loss: Loss?
        if let value = json["loss"] {
            guard let text = value.string, let parsed = Loss(name: text) else {
                throw fail("loss", "unknown loss \(value.string.map { "'\($0)'" } ?? "value") (expected one of \(Loss.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            loss = parsed
        }
        guard let layerValues = json["layers"]?.array else { throw fail("layers", "missing or not a list") }
        guard !layerValues.isEmpty else { throw fail("layers", "is empty (a model needs at least one layer)") }
        var layers: [Layer] = []
        var width = inputDim
        var previous = "input_layer"
        for (index, value) in layerValues.enumerated() {
            let place = "layers[\(index)]"
            guard let members = value.object else { throw fail(place, "expected an object") }
            for (key, _) in members where !["name", "units", "activation", "use_bias", "weights", "bias"].contains(key) {
                throw fail("\(place).\(key)", "unknown key (expected name, units, activation, use_bias, weights, bias)")
            }
            guard let units = value["units"]?.int else { throw fail("\(place).units", "missing or not a whole number") }
            guard units > 0 else { throw fail("\(place).units", "must be positive, not \(units)") }
            let activationName = try optionalString(value["activation"], place: "\(place).activation", file: file) ?? "linear"
            guard let activation = Activation(rawValue: activationName) ?? Activation(kerasName: activationName) else {
                throw fail("\(place).activation", "unknown activation '\(activationName)' (expected one of \(Activation.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            let useBias = value["use_bias"]?.bool ?? true
            let layerName = try optionalString(value["name"], place: "\(place).name", file: file) ?? (index == 0 ? "dense" : "dense_\(index)")
            if layers.contains(where: { $0.name == layerName }) || layerName == "input_layer" {
                throw fail("\(place).name", "the name '\(layerName)' is used twice")
            }
            var parameters: DenseParameters?
            if let weightValue = value["weights"] {
                guard let rows = weightValue.array, rows.count == units else {
                    throw fail("\(place).weights", "expected \(units) rows (one per neuron) of \(width) numbers")
                }
                var weights: [Float] = []
                weights.reserveCapacity(units * width)
                for (j, row) in rows.enumerated() {
                    guard let numbers = row.array, numbers.count == width else {
                        throw fail("\(place).weights[\(j)]", "expected \(width) numbers (one per input)")
                    }
                    for (i, number) in numbers.enumerated() {
                        guard let w = number.float, w.isFinite else { throw fail("\(place).weights[\(j)][\(i)]", "expected a finite number") }
                        weights.append(w)
                    }
                }
                var bias = [Float](repeating: 0, count: units)
                if let biasValue = value["bias"] {
                    guard let numbers = biasValue.array, numbers.count == units else { throw fail("\(place).bias", "expected \(units) numbers") }
                    for (j, number) in numbers.enumerated() {
                        guard let b = number.float, b.isFinite else { throw fail("\(place).bias[\(j)]", "expected a finite number") }
                        bias[j] = b
                    }
                }
                parameters = DenseParameters(weights: weights, bias: bias)
            } else if value["bias"] != nil {
                throw fail("\(place).bias", "given without weights")
            }
            layers.append(Layer(name: layerName, kind: .dense(units: units, activation: activation, useBias: useBias),
                                inbound: [previous], inputShapes: [[width]], outputShape: [units],
                                parameterCount: width * units + (useBias ? units : 0), parameters: parameters))
            previous = layerName
            width = units
        }
        var normalization: Normalization?
        if let value = json["normalization"] {
            normalization = try readNormalization(value, width: inputDim, file: file)
        }
        var training: TrainingRecord?
        if let value = json["training"] {
            training = try readTraining(value, file: file)
        }
        return Model(name: name, inputs: [ModelInput(name: "input_layer", shape: [inputDim])], layers: layers,
                     featureNames: features, classNames: classes, loss: loss, normalization: normalization, training: training)
    }

    static func optionalString(_ value: JSONValue?, place: String, file: String) throws(ModelFileError) -> String? {
        guard let value else { return nil }
        guard let text = value.string else { throw ModelFileError(file: file, place: place, reason: "expected a string") }
        return text
    }

    static func optionalStrings(_ value: JSONValue?, place: String, file: String) throws(ModelFileError) -> [String]? {
        guard let value else { return nil }
        guard let list = value.array else { throw ModelFileError(file: file, place: place, reason: "expected a list of strings") }
        var names: [String] = []
        for (index, element) in list.enumerated() {
            guard let text = element.string else { throw ModelFileError(file: file, place: "\(place)[\(index)]", reason: "expected a string") }
            names.append(text)
        }
        return names
    }

    static func floats(_ value: JSONValue?, count: Int, place: String, file: String) throws(ModelFileError) -> [Float] {
        guard let list = value?.array, list.count == count else {
            throw ModelFileError(file: file, place: place, reason: "expected \(count) numbers")
        }
        var numbers: [Float] = []
        for (index, element) in list.enumerated() {
            guard let number = element.float, number.isFinite else {
                throw ModelFileError(file: file, place: "\(place)[\(index)]", reason: "expected a finite number")
            }
            numbers.append(number)
        }
        return numbers
    }

    static func readNormalization(_ value: JSONValue, width: Int, file: String) throws(ModelFileError) -> Normalization {
        guard let methodName = value["method"]?.string, let method = Normalization.Method(rawValue: methodName) else {
            throw ModelFileError(file: file, place: "normalization.method", reason: "expected standard, minmax or none")
        }
        if method == .none { return Normalization(method: .none, offset: [], scale: []) }
        let offset = try floats(value["offset"], count: width, place: "normalization.offset", file: file)
        let scale = try floats(value["scale"], count: width, place: "normalization.scale", file: file)
        if let zero = scale.firstIndex(of: 0) {
            throw ModelFileError(file: file, place: "normalization.scale[\(zero)]", reason: "must not be zero")
        }
        return Normalization(method: method, offset: offset, scale: scale)
    }

    static func readTraining(_ value: JSONValue, file: String) throws(ModelFileError) -> TrainingRecord {
        func fail(_ key: String, _ reason: String) -> ModelFileError { ModelFileError(file: file, place: "training.\(key)", reason: reason) }
        guard let optimizer = value["optimizer"]?.string else { throw fail("optimizer", "expected a string") }
        guard let rate = value["learning_rate"]?.float else { throw fail("learning_rate", "expected a number") }
        guard let epochs = value["epochs"]?.int else { throw fail("epochs", "expected a whole number") }
        guard let batchSize = value["batch_size"]?.int else { throw fail("batch_size", "expected a whole number") }
        guard case let .number(seedText)? = value["seed"], let seed = UInt64(seedText) else { throw fail("seed", "expected a whole number") }
        let history = try value["history"].map { json throws(ModelFileError) in try History(json: json, file: file) }
        return TrainingRecord(optimizer: optimizer, learningRate: rate, epochs: epochs, batchSize: batchSize, seed: seed, history: history)
    }

    /// The JSON for `model`; only sequential dense models have a native form.
    static func json(for model: Model) throws(ModelFileError) -> JSONValue {
        guard let width = model.inputSize, model.inputs.count == 1, model.layers.allSatisfy(\.isDense) else {
            throw ModelFileError(file: model.name ?? "model", reason: "only a sequential stack of Dense layers can be saved in nnviz's format")
        }
        var members: [(String, JSONValue)] = []
        if let name = model.name { members.append(("name", .string(name))) }
        members.append(("input_dim", .int(width)))
        if let features = model.featureNames { members.append(("features", .array(features.map(JSONValue.string)))) }
        if let classes = model.classNames { members.append(("classes", .array(classes.map(JSONValue.string)))) }
        if let loss = model.loss { members.append(("loss", .string(loss.rawValue))) }
        if let normalization = model.normalization {
            var n: [(String, JSONValue)] = [("method", .string(normalization.method.rawValue))]
            if normalization.method != .none {
                n.append(("offset", .array(normalization.offset.map(JSONValue.float))))
                n.append(("scale", .array(normalization.scale.map(JSONValue.float))))
            }
            members.append(("normalization", .object(n)))
        }
        var layerValues: [JSONValue] = []
        for layer in model.layers {
            guard case let .dense(units, activation, useBias) = layer.kind else { continue }
            var l: [(String, JSONValue)] = [("name", .string(layer.name)), ("units", .int(units)), ("activation", .string(activation.rawValue))]
            if !useBias { l.append(("use_bias", .bool(false))) }
            if let parameters = layer.parameters {
                let inputs = parameters.weights.count / units
                let rows = (0..<units).map { j in
                    JSONValue.array(parameters.weights[j * inputs..<(j + 1) * inputs].map(JSONValue.float))
                }
                l.append(("weights", .array(rows)))
                l.append(("bias", .array(parameters.bias.map(JSONValue.float))))
            }
            layerValues.append(.object(l))
        }
        members.append(("layers", .array(layerValues)))
        if let training = model.training {
            var t: [(String, JSONValue)] = [
                ("optimizer", .string(training.optimizer)),
                ("learning_rate", .float(training.learningRate)),
                ("epochs", .int(training.epochs)),
                ("batch_size", .int(training.batchSize)),
                ("seed", .number(String(training.seed))),
            ]
            if let history = training.history { t.append(("history", history.json)) }
            members.append(("training", .object(t)))
        }
        return .object(members)
    }
}
