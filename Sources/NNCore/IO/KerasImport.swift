/// Reads the JSON that Keras's `model.to_json()` writes (Keras 2 and Keras 3; Sequential and
/// functional models). Dense layers become runnable layers; every other kind is kept as a described
/// layer with its shapes and parameter count worked out where its config allows.
enum KerasImport {
    static func model(from json: JSONValue, file: String) throws(ModelFileError) -> Model {
        func fail(_ place: String, _ reason: String) -> ModelFileError { ModelFileError(file: file, place: place, reason: reason) }
        guard let className = json["class_name"]?.string else { throw fail("class_name", "expected a string") }
        guard let config = json["config"] else { throw fail("config", "missing") }
        switch className {
        case "Sequential":
            return try sequential(config: config, file: file)
        case "Functional", "Model":
            return try functional(config: config, file: file)
        default:
            throw fail("class_name", "'\(className)' is not a Keras model class nnviz reads (Sequential, Functional, Model)")
        }
    }

    /// The layer list of a Sequential config (Keras 2.0 wrote the list as the config itself).
    private static func sequential(config: JSONValue, file: String) throws(ModelFileError) -> Model {
        guard let layerValues = config["layers"]?.array ?? config.array else {
            throw ModelFileError(file: file, place: "config.layers", reason: "missing or not a list")
        }
        var inputs: [ModelInput] = []
        var layers: [Layer] = []
        var previous: String?
        var shape: Shape?
        if let buildShape = config["build_input_shape"].flatMap(shapeWithoutBatch) { shape = buildShape }
        for (index, value) in layerValues.enumerated() {
            let place = "config.layers[\(index)]"
            let className = value["class_name"]?.string ?? "?"
            let layerConfig = value["config"] ?? .object([])
            if className == "InputLayer" {
                let name = layerConfig["name"]?.string ?? value["name"]?.string ?? "input_layer"
                let inputShape = inputLayerShape(layerConfig) ?? shape ?? [nil]
                inputs.append(ModelInput(name: name, shape: inputShape))
                previous = name
                shape = inputShape
                continue
            }
            if previous == nil {
                let inputShape = layerConfig["batch_input_shape"].flatMap(shapeWithoutBatch)
                    ?? value["build_config"]?["input_shape"].flatMap(shapeWithoutBatch)
                    ?? layerConfig["input_dim"]?.int.map { [$0] }
                    ?? shape ?? [nil]
                inputs.append(ModelInput(name: "input_layer", shape: inputShape))
                previous = "input_layer"
                shape = inputShape
            }
            let layer = try describe(value, place: place, inbound: [previous!], inputShapes: [shape ?? [nil]], file: file)
            layers.append(layer)
            previous = layer.name
            shape = layer.outputShape
        }
        guard !layers.isEmpty else { throw ModelFileError(file: file, place: "config.layers", reason: "the model has no layers") }
        try checkUniqueNames(layers, file: file)
        return Model(name: config["name"]?.string, inputs: inputs, layers: layers, origin: .keras)
    }

    private static func functional(config: JSONValue, file: String) throws(ModelFileError) -> Model {
        guard let layerValues = config["layers"]?.array else {
            throw ModelFileError(file: file, place: "config.layers", reason: "missing or not a list")
        }
        var inputs: [ModelInput] = []
        var layers: [Layer] = []
        var shapes: [String: Shape] = [:]
        for (index, value) in layerValues.enumerated() {
            let place = "config.layers[\(index)]"
            let className = value["class_name"]?.string ?? "?"
            let layerConfig = value["config"] ?? .object([])
            guard let name = value["name"]?.string ?? layerConfig["name"]?.string else {
                throw ModelFileError(file: file, place: place, reason: "layer has no name")
            }
            if className == "InputLayer" {
                let shape = inputLayerShape(layerConfig) ?? [nil]
                inputs.append(ModelInput(name: name, shape: shape))
                shapes[name] = shape
                continue
            }
            var inbound: [String] = []
            if let nodes = value["inbound_nodes"] { collectInbound(nodes, into: &inbound) }
            for source in inbound where shapes[source] == nil {
                throw ModelFileError(file: file, place: "\(place).inbound_nodes",
                                     reason: "layer '\(name)' takes input from '\(source)', which is not defined before it")
            }
            let layer = try describe(value, place: place, inbound: inbound, inputShapes: inbound.map { shapes[$0] ?? [nil] }, file: file,
                                     name: name)
            shapes[name] = layer.outputShape ?? [nil]
            layers.append(layer)
        }
        guard !layers.isEmpty else { throw ModelFileError(file: file, place: "config.layers", reason: "the model has no layers") }
        try checkUniqueNames(layers, file: file)
        var outputs: [String] = []
        if let outputValue = config["output_layers"] { collectInbound(outputValue, into: &outputs) }
        return Model(name: config["name"]?.string, inputs: inputs, layers: layers, outputs: outputs.isEmpty ? nil : outputs,
                     origin: .keras)
    }

    private static func checkUniqueNames(_ layers: [Layer], file: String) throws(ModelFileError) {
        var seen = Set<String>()
        for layer in layers where !seen.insert(layer.name).inserted {
            throw ModelFileError(file: file, place: "config.layers", reason: "the layer name '\(layer.name)' is used twice")
        }
    }

    /// Layer names referred to by an `inbound_nodes` or `output_layers` value: Keras 3's
    /// `keras_history` triples and Keras 2's `[name, node, tensor, kwargs]` lists.
    static func collectInbound(_ value: JSONValue, into names: inout [String]) {
        switch value {
        case let .object(members):
            if let history = value["keras_history"]?.array, let name = history.first?.string {
                if !names.contains(name) { names.append(name) }
                return
            }
            for (_, member) in members { collectInbound(member, into: &names) }
        case let .array(elements):
            if elements.count >= 3, let name = elements[0].string, elements[1].int != nil, elements[2].int != nil {
                if !names.contains(name) { names.append(name) }
                return
            }
            for element in elements { collectInbound(element, into: &names) }
        default:
            break
        }
    }

    private static func inputLayerShape(_ config: JSONValue) -> Shape? {
        if let shape = config["batch_shape"].flatMap(shapeWithoutBatch) { return shape }
        if let shape = config["batch_input_shape"].flatMap(shapeWithoutBatch) { return shape }
        if let list = config["shape"]?.array { return list.map(\.int) }
        return nil
    }

    private static func shapeWithoutBatch(_ value: JSONValue) -> Shape? {
        guard let list = value.array, !list.isEmpty else { return nil }
        return list.dropFirst().map(\.int)
    }

    /// A `Layer` for one Keras layer entry, with its output shape and parameter count where known.
    private static func describe(_ value: JSONValue, place: String, inbound: [String], inputShapes: [Shape], file: String,
                                 name givenName: String? = nil) throws(ModelFileError) -> Layer {
        let className = value["class_name"]?.string ?? "?"
        let config = value["config"] ?? .object([])
        let name = givenName ?? config["name"]?.string ?? value["name"]?.string ?? className.lowercased()
        let input = inputShapes.first ?? [nil]
        let activationName = activationName(config["activation"])
        func layer(_ kind: Layer.Kind, _ output: Shape?, _ parameters: Int?) -> Layer {
            Layer(name: name, kind: kind, inbound: inbound, inputShapes: inputShapes, outputShape: output, parameterCount: parameters)
        }
        let other = Layer.Kind.other(className: className, activation: activationName)
        switch className {
        case "Dense":
            guard let units = config["units"]?.int, units > 0 else {
                throw ModelFileError(file: file, place: "\(place).config.units", reason: "a Dense layer needs a positive number of units")
            }
            let useBias = config["use_bias"]?.bool ?? true
            let fanIn = input.last ?? nil
            let parameters = fanIn.map { $0 * units + (useBias ? units : 0) }
            let output = Array(input.dropLast()) + [units]
            if let activation = Activation(kerasName: activationName ?? "linear"), input.count == 1 {
                return layer(.dense(units: units, activation: activation, useBias: useBias), output, parameters)
            }
            return layer(.other(className: "Dense", activation: activationName), output, parameters)
        case "Dropout":
            guard let rate = config["rate"]?.float, rate >= 0, rate < 1 else {
                throw ModelFileError(file: file, place: "\(place).config.rate", reason: "a Dropout layer needs a rate from 0 up to (not including) 1")
            }
            return layer(.dropout(rate: rate), input, 0)
        case "Activation", "ReLU", "LeakyReLU", "ELU", "Softmax":
            return layer(activationKind(className, config: config, rank: input.count) ?? other, input, 0)
        case "GaussianNoise", "GaussianDropout", "AlphaDropout", "SpatialDropout1D", "SpatialDropout2D", "Rescaling", "Normalization":
            return layer(other, input, className == "Normalization" ? input.last.flatMap { $0.map { 2 * $0 + 1 } } : 0)
        case "BatchNormalization", "LayerNormalization":
            let channels = input.last ?? nil
            let center = config["center"]?.bool ?? true
            let scale = config["scale"]?.bool ?? true
            let learned = (center ? 1 : 0) + (scale ? 1 : 0)
            guard className == "BatchNormalization" else { return layer(other, input, channels.map { $0 * learned }) }
            let parameters = channels.map { $0 * (2 + learned) }
            let axis = config["axis"]?.int ?? config["axis"]?.array?.first?.int ?? -1
            let lastAxis = axis == -1 || axis == input.count
            guard lastAxis, config["axis"]?.array.map({ $0.count == 1 }) ?? true else { return layer(other, input, parameters) }
            let epsilon = config["epsilon"]?.float ?? 0.001
            let momentum = config["momentum"]?.float ?? 0.99
            guard epsilon > 0, epsilon.isFinite else {
                throw ModelFileError(file: file, place: "\(place).config.epsilon", reason: "must be a positive number")
            }
            guard momentum >= 0, momentum <= 1 else {
                throw ModelFileError(file: file, place: "\(place).config.momentum", reason: "must be between 0 and 1")
            }
            return layer(.batchNormalization(epsilon: epsilon, momentum: momentum, center: center, scale: scale), input, parameters)
        case "Flatten":
            let known = input.allSatisfy { $0 != nil }
            return layer(.passThrough(className: className), [known ? input.reduce(1) { $0 * $1! } : nil], 0)
        case "Reshape":
            let target = config["target_shape"]?.array?.map(\.int)
            return layer(.passThrough(className: className), target, 0)
        case "Identity":
            return layer(.passThrough(className: className), input, 0)
        case "Concatenate":
            let axis = config["axis"]?.int ?? -1
            guard axis == -1 || axis == (input.count), inputShapes.allSatisfy({ $0.count == input.count }) else {
                return layer(other, nil, 0)
            }
            let lasts = inputShapes.map { $0.last ?? nil }
            let sum: Int? = lasts.allSatisfy { $0 != nil } ? lasts.reduce(0) { $0 + $1! } : nil
            return layer(other, Array(input.dropLast()) + [sum], 0)
        case "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum":
            return layer(other, input, 0)
        case "Conv2D", "Conv1D":
            let rank = className == "Conv2D" ? 2 : 1
            guard let filters = config["filters"]?.int else { return layer(other, nil, nil) }
            let kernel = intList(config["kernel_size"], rank: rank)
            let strides = intList(config["strides"], rank: rank) ?? Array(repeating: 1, count: rank)
            let same = config["padding"]?.string == "same"
            let channelsFirst = config["data_format"]?.string == "channels_first"
            guard let kernel, input.count == rank + 1, !channelsFirst else { return layer(other, nil, nil) }
            let spatial = (0..<rank).map { d -> Int? in
                guard let size = input[d] else { return nil }
                return same ? (size + strides[d] - 1) / strides[d] : (size - kernel[d]) / strides[d] + 1
            }
            let channels = input[rank]
            let useBias = config["use_bias"]?.bool ?? true
            let parameters = channels.map { kernel.reduce(1, *) * $0 * filters + (useBias ? filters : 0) }
            return layer(other, spatial + [filters], parameters)
        case "MaxPooling2D", "AveragePooling2D", "MaxPooling1D", "AveragePooling1D":
            let rank = className.hasSuffix("2D") ? 2 : 1
            let pool = intList(config["pool_size"], rank: rank) ?? Array(repeating: 2, count: rank)
            let strides = intList(config["strides"], rank: rank) ?? pool
            let same = config["padding"]?.string == "same"
            guard input.count == rank + 1 else { return layer(other, nil, 0) }
            let spatial = (0..<rank).map { d -> Int? in
                guard let size = input[d] else { return nil }
                return same ? (size + strides[d] - 1) / strides[d] : (size - pool[d]) / strides[d] + 1
            }
            return layer(other, spatial + [input[rank]], 0)
        case "GlobalAveragePooling2D", "GlobalMaxPooling2D", "GlobalAveragePooling1D", "GlobalMaxPooling1D":
            return layer(other, [input.last ?? nil], 0)
        case "Embedding":
            let inputDim = config["input_dim"]?.int
            let outputDim = config["output_dim"]?.int
            let parameters = inputDim.flatMap { i in outputDim.map { i * $0 } }
            return layer(other, input + [outputDim], parameters)
        default:
            return layer(other, nil, nil)
        }
    }

    /// The runnable kind of an activation layer, or nil when its settings are ones nnviz cannot run
    /// (a ReLU with a ceiling or threshold, a softmax over another axis, an unknown function).
    private static func activationKind(_ className: String, config: JSONValue, rank: Int) -> Layer.Kind? {
        switch className {
        case "Activation":
            return activationName(config["activation"]).flatMap(Activation.init(kerasName:)).map { .activation($0, alpha: nil) }
        case "ReLU":
            let ceiling = config["max_value"]
            guard ceiling == nil || ceiling == .null, (config["threshold"]?.float ?? 0) == 0 else { return nil }
            let slope = config["negative_slope"]?.float ?? 0
            return slope == 0 ? .activation(.relu, alpha: nil) : .activation(.leakyRelu, alpha: slope)
        case "LeakyReLU":
            // Keras 3 calls the slope negative_slope, tf_keras alpha; both default to 0.3 for the layer.
            let slope = config["negative_slope"]?.float ?? config["alpha"]?.float ?? 0.3
            return .activation(.leakyRelu, alpha: slope)
        case "ELU":
            return .activation(.elu, alpha: config["alpha"]?.float ?? 1)
        case "Softmax":
            let axis = config["axis"]?.int ?? config["axis"]?.array?.first?.int ?? -1
            return axis == -1 || axis == rank ? .activation(.softmax, alpha: nil) : nil
        default:
            return nil
        }
    }

    private static func activationName(_ value: JSONValue?) -> String? {
        guard let value else { return nil }
        if let text = value.string { return text }
        // Keras 3 may write a serialised function: {"class_name": "function", "config": "relu", …}.
        if let text = value["config"]?.string { return text }
        if let text = value["config"]?["name"]?.string { return text }
        return value["class_name"]?.string
    }

    private static func intList(_ value: JSONValue?, rank: Int) -> [Int]? {
        if let single = value?.int { return Array(repeating: single, count: rank) }
        guard let list = value?.array?.compactMap(\.int), list.count == rank else { return nil }
        return list
    }
}
