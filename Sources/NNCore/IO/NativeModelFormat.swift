/// nnviz's own model JSON.
enum NativeModelFormat {
    static let knownKeys: Set<String> = ["name", "input_dim", "features", "classes", "loss", "normalization", "layers", "training"]

    static func model(from json: JSONValue, file: String) throws(ModelFileError) -> Model {
        func fail(_ place: String, _ reason: String) -> ModelFileError { ModelFileError(file: file, place: place, reason: reason) }
        for (key, _) in json.object ?? [] where !knownKeys.contains(key) {
            throw fail(Sanitized.quoted(key), "unknown key (expected one of \(knownKeys.sorted().joined(separator: ", ")))")
        }
        guard let inputValue = json["input_dim"] else { throw fail("input_dim", "missing (the number of input features)") }
        guard let inputDim = inputValue.int, inputDim > 0 else { throw fail("input_dim", "must be a positive whole number") }
        guard inputDim <= SizeLimits.shapeElements else {
            throw fail("input_dim", "\(inputDim) is more inputs than nnviz reads (at most \(SizeLimits.shapeElements))")
        }
        let name = try optionalString(json["name"], place: "name", file: file)
        let features = try optionalStrings(json["features"], place: "features", file: file)
        if let features, features.count != inputDim {
            throw fail("features", "has \(features.count) names but input_dim is \(inputDim)")
        }
        let classes = try optionalStrings(json["classes"], place: "classes", file: file)
        if let classes, let duplicate = firstDuplicate(classes) {
            throw fail("classes", "the class '\(Sanitized.quoted(duplicate))' is named twice")
        }
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
        var parameterTotal = 0
        for (index, value) in layerValues.enumerated() {
            let layer = try readLayer(value, place: "layers[\(index)]", width: width, previous: previous, taken: layers, file: file)
            guard let total = SizeLimits.sum(parameterTotal, layer.parameterCount ?? 0) else {
                throw fail("layers[\(index)]", "brings the model past \(SizeLimits.declaredParameters) parameters, more than nnviz reads")
            }
            parameterTotal = total
            layers.append(layer)
            previous = layer.name
            width = layer.width ?? width
        }
        if let classes {
            let outputs = width
            let expected = outputs == 1 ? 2 : outputs
            guard classes.count == expected else {
                throw fail("classes", "has \(classes.count) names but the output layer has \(outputs) unit\(outputs == 1 ? "" : "s") (expected \(expected) class names)")
            }
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

    static func firstDuplicate(_ names: [String]) -> String? {
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted { return name }
        return nil
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

    static func floats(_ value: JSONValue?, count: Int, place: String, file: String,
                       what: String = "numbers") throws(ModelFileError) -> [Float] {
        guard let list = value?.array, list.count == count else {
            throw ModelFileError(file: file, place: place, reason: "expected \(count) \(what)")
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

    /// The JSON for `model`; only a sequential stack of runnable layers on one flat input has a native form.
    static func json(for model: Model) throws(ModelFileError) -> JSONValue {
        guard let width = model.inputSize, model.inputs.count == 1 else {
            throw ModelFileError(file: model.name ?? "model", reason: "only a model with one flat input can be saved in nnviz's format")
        }
        var previous = model.inputs[0].name
        for layer in model.layers {
            guard layer.isRunnable, layer.width != nil else {
                throw ModelFileError(file: model.name ?? "model", reason: "layer '\(layer.name)' is a \(layer.className), which nnviz's format cannot hold (it holds \(layerTypes.joined(separator: ", ")) layers on a flat input)")
            }
            guard layer.inbound == [previous] else {
                throw ModelFileError(file: model.name ?? "model", reason: "layer '\(layer.name)' does not follow '\(previous)'; nnviz's format holds a sequential stack")
            }
            previous = layer.name
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
        let layerValues = model.layers.map { json(for: $0) }
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
