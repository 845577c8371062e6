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
        if let value = config["build_input_shape"], let buildShape = try shapeWithoutBatch(value, place: "config.build_input_shape", file: file) {
            shape = buildShape
        }
        for (index, value) in layerValues.enumerated() {
            let place = "config.layers[\(index)]"
            let className = value["class_name"]?.string ?? "?"
            let layerConfig = value["config"] ?? .object([])
            if className == "InputLayer" {
                let name = layerConfig["name"]?.string ?? value["name"]?.string ?? "input_layer"
                let inputShape = try inputLayerShape(layerConfig, place: "\(place).config", file: file) ?? shape ?? [nil]
                inputs.append(ModelInput(name: name, shape: inputShape))
                previous = name
                shape = inputShape
                continue
            }
            if previous == nil {
                var declared: Shape?
                if let given = layerConfig["batch_input_shape"] {
                    declared = try shapeWithoutBatch(given, place: "\(place).config.batch_input_shape", file: file)
                } else if let given = value["build_config"]?["input_shape"] {
                    declared = try shapeWithoutBatch(given, place: "\(place).build_config.input_shape", file: file)
                } else if let given = layerConfig["input_dim"] {
                    declared = [try dimension(given, place: "\(place).config.input_dim", file: file)]
                }
                let inputShape = declared ?? shape ?? [nil]
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
        try checkParameterTotal(layers, file: file)
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
                let shape = try inputLayerShape(layerConfig, place: "\(place).config", file: file) ?? [nil]
                inputs.append(ModelInput(name: name, shape: shape))
                shapes[name] = shape
                continue
            }
            var inbound: [String] = []
            if let nodes = value["inbound_nodes"] {
                guard nodes.array != nil else {
                    throw ModelFileError(file: file, place: "\(place).inbound_nodes", reason: "expected a list of the layer's input connections")
                }
                collectInbound(nodes, into: &inbound)
            }
            for source in inbound where shapes[source] == nil {
                throw ModelFileError(file: file, place: "\(place).inbound_nodes",
                                     reason: "layer '\(Sanitized.quoted(name))' takes input from '\(Sanitized.quoted(source))', which is not defined before it")
            }
            let layer = try describe(value, place: place, inbound: inbound, inputShapes: inbound.map { shapes[$0] ?? [nil] }, file: file,
                                     name: name)
            shapes[name] = layer.outputShape ?? [nil]
            layers.append(layer)
        }
        guard !layers.isEmpty else { throw ModelFileError(file: file, place: "config.layers", reason: "the model has no layers") }
        try checkUniqueNames(layers, file: file)
        try checkParameterTotal(layers, file: file)
        guard !inputs.isEmpty else {
            throw ModelFileError(file: file, place: "config.layers", reason: "the model has no InputLayer (a functional model starts from one)")
        }
        var outputs: [String] = []
        if let outputValue = config["output_layers"] { collectInbound(outputValue, into: &outputs) }
        if let missing = outputs.first(where: { shapes[$0] == nil }) {
            throw ModelFileError(file: file, place: "config.output_layers", reason: "names the layer '\(Sanitized.quoted(missing))', which the model does not have")
        }
        var declaredInputs: [String] = []
        if let inputValue = config["input_layers"] { collectInbound(inputValue, into: &declaredInputs) }
        let inputNames = Set(inputs.map(\.name))
        if let missing = declaredInputs.first(where: { !inputNames.contains($0) }) {
            throw ModelFileError(file: file, place: "config.input_layers", reason: "names the input '\(Sanitized.quoted(missing))', which is not an InputLayer of the model")
        }
        return Model(name: config["name"]?.string, inputs: inputs, layers: layers, outputs: outputs.isEmpty ? nil : outputs,
                     origin: .keras)
    }

    private static func checkUniqueNames(_ layers: [Layer], file: String) throws(ModelFileError) {
        var seen = Set<String>()
        for layer in layers where !seen.insert(layer.name).inserted {
            throw ModelFileError(file: file, place: "config.layers", reason: "the layer name '\(Sanitized.quoted(layer.name))' is used twice")
        }
    }

    private static func checkParameterTotal(_ layers: [Layer], file: String) throws(ModelFileError) {
        var total = 0
        for layer in layers {
            guard let sum = SizeLimits.sum(total, layer.parameterCount ?? 0) else {
                throw ModelFileError(file: file, place: "config.layers", reason: "layer '\(Sanitized.quoted(layer.name))' brings the model past \(SizeLimits.declaredParameters) parameters, more than nnviz reads")
            }
            total = sum
        }
    }

    /// Layer names referred to by an `inbound_nodes` or `output_layers` value: Keras 3's
    /// `keras_history` triples and Keras 2's `[name, node, tensor, kwargs]` lists.
    static func collectInbound(_ value: JSONValue, into names: inout [String]) {
        var seen = Set(names)
        collectInbound(value, into: &names, seen: &seen)
    }

    private static func collectInbound(_ value: JSONValue, into names: inout [String], seen: inout Set<String>) {
        switch value {
        case let .object(members):
            if let history = value["keras_history"]?.array, let name = history.first?.string {
                if seen.insert(name).inserted { names.append(name) }
                return
            }
            for (_, member) in members { collectInbound(member, into: &names, seen: &seen) }
        case let .array(elements):
            if elements.count >= 3, let name = elements[0].string, elements[1].int != nil, elements[2].int != nil {
                if seen.insert(name).inserted { names.append(name) }
                return
            }
            for element in elements { collectInbound(element, into: &names, seen: &seen) }
        default:
            break
        }
    }

    private static func inputLayerShape(_ config: JSONValue, place: String, file: String) throws(ModelFileError) -> Shape? {
        if let value = config["batch_shape"], let shape = try shapeWithoutBatch(value, place: "\(place).batch_shape", file: file) { return shape }
        if let value = config["batch_input_shape"],
           let shape = try shapeWithoutBatch(value, place: "\(place).batch_input_shape", file: file) { return shape }
        if let value = config["shape"] {
            guard let list = value.array else { throw ModelFileError(file: file, place: "\(place).shape", reason: "expected a list of sizes") }
            return try dimensions(list, place: "\(place).shape", file: file)
        }
        return nil
    }

    /// A shape written with its batch dimension first, e.g. `[null, 28, 28, 1]`.
    private static func shapeWithoutBatch(_ value: JSONValue, place: String, file: String) throws(ModelFileError) -> Shape? {
        if value.isNull { return nil }
        guard let list = value.array else { throw ModelFileError(file: file, place: place, reason: "expected a list of sizes") }
        guard !list.isEmpty else { return nil }
        return try dimensions(Array(list.dropFirst()), place: place, file: file, firstIndex: 1)
    }

    private static func dimensions(_ list: [JSONValue], place: String, file: String, firstIndex: Int = 0) throws(ModelFileError) -> Shape {
        var shape: Shape = []
        for (offset, value) in list.enumerated() {
            shape.append(try dimension(value, place: "\(place)[\(offset + firstIndex)]", file: file))
        }
        guard SizeLimits.product(shape.map { $0 ?? 1 }, ceiling: SizeLimits.shapeElements) != nil else {
            throw ModelFileError(file: file, place: place, reason: "the shape has more than \(SizeLimits.shapeElements) elements, more than nnviz reads")
        }
        return shape
    }

    /// One size of a shape: a positive whole number up to the ceiling, or null for a size not known.
    private static func dimension(_ value: JSONValue, place: String, file: String) throws(ModelFileError) -> Int? {
        if value.isNull { return nil }
        guard let size = value.int, size >= 1, size <= SizeLimits.shapeElements else {
            throw ModelFileError(file: file, place: place, reason: "expected a positive size of at most \(SizeLimits.shapeElements), or null")
        }
        return size
    }

    /// A `Layer` for one Keras layer entry, with its output shape and parameter count where known.
    /// Every size read from the config is checked before it is used: positive, and with products and
    /// sums that neither overflow nor pass `SizeLimits`.
    private static func describe(_ value: JSONValue, place: String, inbound: [String], inputShapes: [Shape], file: String,
                                 name givenName: String? = nil) throws(ModelFileError) -> Layer {
        let className = value["class_name"]?.string ?? "?"
        let config = value["config"] ?? .object([])
        let name = givenName ?? config["name"]?.string ?? value["name"]?.string ?? className.lowercased()
        let input = inputShapes.first ?? [nil]
        let activationName = try activation(config["activation"], place: "\(place).config.activation", file: file)
        func fail(_ key: String, _ reason: String) -> ModelFileError {
            ModelFileError(file: file, place: key.isEmpty ? place : "\(place).config.\(key)", reason: reason)
        }
        func layer(_ kind: Layer.Kind, _ output: Shape?, _ parameters: Int?) throws(ModelFileError) -> Layer {
            if let output, SizeLimits.product(output.map { $0 ?? 1 }, ceiling: SizeLimits.shapeElements) == nil {
                throw fail("", "layer '\(Sanitized.quoted(name))' would output more than \(SizeLimits.shapeElements) values, more than nnviz reads")
            }
            let spelling = activationName.flatMap { name in kind.activationFunction.flatMap { Activation.spelling(name, of: $0) } }
            return Layer(name: name, kind: kind, inbound: inbound, inputShapes: inputShapes, outputShape: output, parameterCount: parameters,
                         activationSpelling: spelling)
        }
        func tooMany() -> ModelFileError {
            fail("", "layer '\(Sanitized.quoted(name))' has more than \(SizeLimits.declaredParameters) parameters, more than nnviz reads")
        }
        func flag(_ key: String) throws(ModelFileError) -> Bool {
            guard let value = config[key] else { return true }
            guard let flag = value.bool else { throw fail(key, "expected true or false") }
            return flag
        }
        func sizes(_ key: String, rank: Int, default fallback: [Int]?) throws(ModelFileError) -> [Int]? {
            guard let value = config[key], !value.isNull else { return fallback }
            let list: [Int]?
            if let single = value.int {
                list = Array(repeating: single, count: rank)
            } else {
                let numbers = value.array?.compactMap(\.int)
                list = numbers?.count == rank && value.array?.count == rank ? numbers : nil
            }
            guard let list, list.allSatisfy({ $0 >= 1 && $0 <= SizeLimits.shapeElements }) else {
                throw fail(key, "expected \(rank == 1 ? "a positive size" : "\(rank) positive sizes")")
            }
            return list
        }
        let other = Layer.Kind.other(className: className, activation: activationName)
        switch className {
        case "Dense":
            guard let units = config["units"]?.int, units > 0, units <= SizeLimits.shapeElements else {
                throw fail("units", "a Dense layer needs a positive number of units (at most \(SizeLimits.shapeElements))")
            }
            let useBias = try flag("use_bias")
            var parameters: Int?
            if let fanIn = input.last ?? nil {
                guard let count = SizeLimits.denseParameters(inputs: fanIn, units: units, useBias: useBias) else { throw tooMany() }
                parameters = count
            }
            let output = Array(input.dropLast()) + [units]
            if let activation = Activation(kerasName: activationName ?? "linear"), input.count == 1 {
                return try layer(.dense(units: units, activation: activation, useBias: useBias), output, parameters)
            }
            return try layer(.other(className: "Dense", activation: activationName), output, parameters)
        case "Dropout":
            guard let rate = config["rate"]?.float, rate >= 0, rate < 1 else {
                throw ModelFileError(file: file, place: "\(place).config.rate", reason: "a Dropout layer needs a rate from 0 up to (not including) 1")
            }
            return try layer(.dropout(rate: rate), input, 0)
        case "Activation", "ReLU", "LeakyReLU", "ELU", "Softmax":
            return try layer(activationKind(className, config: config, rank: input.count) ?? other, input, 0)
        case "GaussianNoise", "GaussianDropout", "AlphaDropout", "SpatialDropout1D", "SpatialDropout2D", "Rescaling", "Normalization":
            return try layer(other, input, className == "Normalization" ? input.last.flatMap { $0.map { 2 * $0 + 1 } } : 0)
        case "BatchNormalization", "LayerNormalization":
            let channels = input.last ?? nil
            let center = try flag("center")
            let scale = try flag("scale")
            let learned = (center ? 1 : 0) + (scale ? 1 : 0)
            guard className == "BatchNormalization" else { return try layer(other, input, channels.map { $0 * learned }) }
            let parameters = channels.map { $0 * (2 + learned) }
            let axis = config["axis"]?.int ?? config["axis"]?.array?.first?.int ?? -1
            let lastAxis = axis == -1 || axis == input.count
            guard lastAxis, config["axis"]?.array.map({ $0.count == 1 }) ?? true else { return try layer(other, input, parameters) }
            let epsilon = config["epsilon"]?.float ?? 0.001
            let momentum = config["momentum"]?.float ?? 0.99
            guard epsilon > 0, epsilon.isFinite else {
                throw ModelFileError(file: file, place: "\(place).config.epsilon", reason: "must be a positive number")
            }
            guard momentum >= 0, momentum <= 1 else {
                throw ModelFileError(file: file, place: "\(place).config.momentum", reason: "must be between 0 and 1")
            }
            return try layer(.batchNormalization(epsilon: epsilon, momentum: momentum, center: center, scale: scale), input, parameters)
        case "Flatten":
            let known = input.allSatisfy { $0 != nil }
            guard known else { return try layer(.passThrough(className: className), [nil], 0) }
            guard let size = SizeLimits.product(input.map { $0 ?? 1 }, ceiling: SizeLimits.shapeElements) else {
                throw fail("", "Flatten of \(input.kerasDescription) gives more than \(SizeLimits.shapeElements) values, more than nnviz reads")
            }
            return try layer(.passThrough(className: className), [size], 0)
        case "Reshape":
            var target: Shape?
            if let list = config["target_shape"]?.array {
                var shape: Shape = []
                for (index, element) in list.enumerated() {
                    guard let size = element.int, size >= 1 || size == -1, size <= SizeLimits.shapeElements else {
                        throw fail("target_shape[\(index)]", "expected a positive size or -1")
                    }
                    shape.append(size == -1 ? nil : size)
                }
                target = shape
            }
            return try layer(.passThrough(className: className), target, 0)
        case "Identity":
            return try layer(.passThrough(className: className), input, 0)
        case "Concatenate":
            let axis = config["axis"]?.int ?? -1
            guard axis == -1 || axis == (input.count), inputShapes.allSatisfy({ $0.count == input.count }) else {
                return try layer(other, nil, 0)
            }
            var sum: Int? = 0
            for shape in inputShapes {
                guard let last = shape.last ?? nil, let total = sum else { sum = nil; break }
                guard let next = SizeLimits.sum(total, last, ceiling: SizeLimits.shapeElements) else {
                    throw fail("", "Concatenate gives more than \(SizeLimits.shapeElements) values, more than nnviz reads")
                }
                sum = next
            }
            return try layer(other, Array(input.dropLast()) + [sum], 0)
        case "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum":
            return try layer(other, input, 0)
        case "Conv2D", "Conv1D":
            let rank = className == "Conv2D" ? 2 : 1
            guard let filterValue = config["filters"] else { return try layer(other, nil, nil) }
            guard let filters = filterValue.int, filters >= 1, filters <= SizeLimits.shapeElements else {
                throw fail("filters", "expected a positive number of filters (at most \(SizeLimits.shapeElements))")
            }
            let kernel = try sizes("kernel_size", rank: rank, default: nil)
            let strides = try sizes("strides", rank: rank, default: Array(repeating: 1, count: rank)) ?? []
            let same = config["padding"]?.string == "same"
            let channelsFirst = config["data_format"]?.string == "channels_first"
            guard let kernel, input.count == rank + 1, !channelsFirst else { return try layer(other, nil, nil) }
            let spatial = try outputSizes(input, window: kernel, strides: strides, same: same, rank: rank, fail: fail)
            let channels = input[rank]
            let useBias = try flag("use_bias")
            var parameters: Int?
            if let channels {
                guard let weights = SizeLimits.product(kernel + [channels, filters]),
                      let count = SizeLimits.sum(weights, useBias ? filters : 0) else { throw tooMany() }
                parameters = count
            }
            var convolution = try layer(other, spatial + [filters], parameters)
            convolution.settings = [LayerSetting("Filters", String(filters)), LayerSetting("Kernel", window(kernel)),
                                    LayerSetting("Strides", window(strides))] + (same ? [LayerSetting("Padding", "same")] : [])
            return convolution
        case "MaxPooling2D", "AveragePooling2D", "MaxPooling1D", "AveragePooling1D":
            let rank = className.hasSuffix("2D") ? 2 : 1
            let pool = try sizes("pool_size", rank: rank, default: Array(repeating: 2, count: rank)) ?? []
            let strides = try sizes("strides", rank: rank, default: pool) ?? pool
            let same = config["padding"]?.string == "same"
            guard input.count == rank + 1 else { return try layer(other, nil, 0) }
            let spatial = try outputSizes(input, window: pool, strides: strides, same: same, rank: rank, fail: fail)
            var pooling = try layer(other, spatial + [input[rank]], 0)
            pooling.settings = [LayerSetting("Pool size", window(pool)), LayerSetting("Strides", window(strides))]
                + (same ? [LayerSetting("Padding", "same")] : [])
            return pooling
        case "GlobalAveragePooling2D", "GlobalMaxPooling2D", "GlobalAveragePooling1D", "GlobalMaxPooling1D":
            return try layer(other, [input.last ?? nil], 0)
        case "Embedding":
            var dims: [Int] = []
            for key in ["input_dim", "output_dim"] {
                guard let value = config[key] else { continue }
                guard let size = value.int, size >= 1, size <= SizeLimits.shapeElements else {
                    throw fail(key, "expected a positive size (at most \(SizeLimits.shapeElements))")
                }
                dims.append(size)
            }
            var parameters: Int?
            if dims.count == 2 {
                guard let count = SizeLimits.product(dims) else { throw tooMany() }
                parameters = count
            }
            let outputDim = config["output_dim"]?.int
            return try layer(other, input + [outputDim], parameters)
        default:
            return try layer(other, nil, nil)
        }
    }

    /// A window's sizes as they read: 3×3.
    private static func window(_ sizes: [Int]) -> String {
        sizes.map(String.init).joined(separator: "×")
    }

    /// The spatial output sizes of a convolution or pooling window: `ceil(size / stride)` with "same"
    /// padding, `(size − window) / stride + 1` with "valid"; a window larger than its input is refused.
    private static func outputSizes(_ input: Shape, window: [Int], strides: [Int], same: Bool, rank: Int,
                                    fail: (String, String) -> ModelFileError) throws(ModelFileError) -> Shape {
        var sizes: Shape = []
        for d in 0..<rank {
            guard let size = input[d] else {
                sizes.append(nil)
                continue
            }
            if same {
                sizes.append((size - 1) / strides[d] + 1)
            } else {
                guard size >= window[d] else {
                    throw fail("", "a window of \(window[d]) does not fit an input of size \(size) (dimension \(d + 1))")
                }
                sizes.append((size - window[d]) / strides[d] + 1)
            }
        }
        return sizes
    }

    /// The activations Keras knows by name; nnviz runs some of them and draws the others.
    static let kerasActivations: Set<String> = [
        "linear", "relu", "relu6", "sigmoid", "softmax", "log_softmax", "tanh", "elu", "selu", "celu", "gelu", "silu",
        "swish", "mish", "softplus", "softsign", "exponential", "hard_sigmoid", "hard_silu", "hard_swish", "leaky_relu",
        "leakyrelu", "glu", "hard_tanh", "hard_shrink", "soft_shrink", "tanh_shrink", "sparse_plus", "sparsemax",
        "squareplus", "threshold", "none",
    ]

    /// The activation named in a config, refused when it is empty or not one Keras knows.
    private static func activation(_ value: JSONValue?, place: String, file: String) throws(ModelFileError) -> String? {
        guard let value, !value.isNull else { return nil }
        guard let name = activationName(value) else {
            throw ModelFileError(file: file, place: place, reason: "expected an activation name")
        }
        guard kerasActivations.contains(name.lowercased()) else {
            throw ModelFileError(file: file, place: place, reason: "unknown activation '\(Sanitized.quoted(name))' (Keras's activations include relu, sigmoid, softmax, tanh, linear)")
        }
        return name
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
}
