import Foundation

/// An ONNX model as an nnviz model: the graph is followed from its input, node by node, and each
/// pattern of a dense network becomes a layer — Gemm or MatMul(+Add) a Dense layer (with the
/// activation that follows it), BatchNormalization or Mul+Add a batch normalisation, Dropout a
/// dropout, Relu/Sigmoid/… an activation, Flatten/Reshape of a flat row a pass-through. Names of
/// nodes and initializers are used for messages only, never to decide what a node is.
struct ONNXImport {
    let file: String
    let graph: ONNXGraph
    /// The folder external data are read from.
    let folder: URL
    let bytes: [UInt8]

    private var constants: [String: ONNXTensor] = [:]
    private var consumers: [String: [Int]] = [:]

    static func model(_ bytes: [UInt8], file: String) throws(ModelFileError) -> Model {
        let proto = try ONNXDecoder.model(bytes, file: file)
        var reader = ONNXImport(file: file, graph: proto.graph, folder: URL(fileURLWithPath: file).deletingLastPathComponent(), bytes: bytes)
        return try reader.model(name: proto.graph.name, opsets: proto.opsets)
    }

    private init(file: String, graph: ONNXGraph, folder: URL, bytes: [UInt8]) {
        self.file = file
        self.graph = graph
        self.folder = folder
        self.bytes = bytes
        for tensor in graph.initializers { constants[tensor.name] = tensor }
        for (index, node) in graph.nodes.enumerated() {
            if node.opType == "Constant", let value = node.attributes["value"]?.tensor, let output = node.outputs.first {
                constants[output] = value
            }
            for input in node.inputs where !input.isEmpty { consumers[input, default: []].append(index) }
        }
        // The TorchScript exporter gives some initializers a second name through an Identity node.
        for node in graph.nodes where node.opType == "Identity" {
            if let source = node.inputs.first, let value = constants[source], let output = node.outputs.first { constants[output] = value }
        }
    }

    private func fail(_ node: ONNXNode?, _ reason: String) -> ModelFileError {
        guard let node else { return ModelFileError(file: file, reason: reason) }
        let label = node.name.isEmpty ? node.opType : "\(node.name) (\(node.opType))"
        return ModelFileError(file: file, place: "node \(label)", reason: reason)
    }

    /// The nodes that read `value`, apart from constant plumbing.
    private func readers(of value: String) -> [ONNXNode] {
        (consumers[value] ?? []).map { graph.nodes[$0] }
    }

    private mutating func model(name: String, opsets: [(domain: String, version: Int64)]) throws(ModelFileError) -> Model {
        guard let input = graph.inputs.first(where: { constants[$0.name] == nil }) else {
            throw fail(nil, "has no graph input (is it an ONNX model?)")
        }
        guard graph.inputs.filter({ constants[$0.name] == nil }).count == 1 else {
            throw fail(nil, "has \(graph.inputs.count) inputs; nnviz runs a model with one flat input")
        }
        guard let output = graph.outputs.first, graph.outputs.count == 1 else { throw fail(nil, "has \(graph.outputs.count) outputs; nnviz runs a model with one") }
        let opset = opsets.first { $0.domain.isEmpty || $0.domain == "ai.onnx" }?.version ?? 13
        let features = input.shape.dropFirst()
        guard features.count <= 1 else {
            throw fail(nil, "its input '\(input.name)' has the shape \(input.shape.map { $0.map(String.init) ?? "?" }); nnviz runs a model on a flat row of features")
        }
        var width: Int? = features.first ?? nil
        let inputName = "input_layer"
        var layers: [Layer] = []
        var counts: [String: Int] = [:]
        var current = input.name
        var previousLayer = inputName
        var visited = 0

        func add(_ base: String, _ kind: Layer.Kind, output: Int?, parameters: LayerParameters?, count: Int) {
            let seen = counts[base, default: 0]
            counts[base] = seen + 1
            let name = seen == 0 ? base : "\(base)_\(seen)"
            layers.append(Layer(name: name, kind: kind, inbound: [previousLayer], inputShapes: [[width]], outputShape: [output],
                                parameterCount: count, parameters: parameters))
            previousLayer = name
            width = output
        }

        while current != output {
            let next = readers(of: current).filter { $0.opType != "Shape" }
            guard next.count == 1 else {
                throw fail(nil, next.isEmpty ? "the value '\(current)' leads nowhere before the output '\(output)'"
                                             : "the value '\(current)' feeds \(next.count) nodes; nnviz runs a chain of layers, not a branching graph")
            }
            visited += 1
            guard visited <= graph.nodes.count else { throw fail(nil, "its graph has a cycle") }
            var node = next[0]
            guard node.domain.isEmpty || node.domain == "ai.onnx" else {
                throw fail(node, "is from the operator set '\(node.domain)', which nnviz cannot run")
            }
            guard node.inputs.first == current else { throw fail(node, "takes the running value as a later input; nnviz cannot run it") }
            switch node.opType {
            case "Gemm", "MatMul":
                let dense = try denseLayer(node, width: width)
                node = dense.last
                if width == nil { width = dense.parameters.weights.count / dense.units }
                var activation = Activation.linear
                if let follower = soleReader(of: node), let simple = try plainActivation(follower, opset: opset) {
                    activation = simple
                    node = follower
                }
                add("dense", .dense(units: dense.units, activation: activation, useBias: true), output: dense.units,
                    parameters: .dense(dense.parameters), count: dense.parameters.weights.count + dense.units)
            case "BatchNormalization":
                let (parameters, epsilon, momentum) = try batchNormalization(node, width: width)
                add("batch_normalization", .batchNormalization(epsilon: epsilon, momentum: momentum, center: true, scale: true),
                    output: parameters.features, parameters: .batchNormalization(parameters), count: 4 * parameters.features)
                width = parameters.features
            case "Mul":
                let (parameters, add_) = try affine(node, width: width)
                node = add_
                add("batch_normalization", .batchNormalization(epsilon: ONNXImport.affineEpsilon, momentum: 0.99, center: true, scale: true),
                    output: parameters.features, parameters: .batchNormalization(parameters), count: 4 * parameters.features)
            case "Dropout":
                let rate = node.attributes["ratio"]?.float ?? node.inputs.dropFirst().first.flatMap { constants[$0] }
                    .flatMap { try? values(of: $0, in: node).first } ?? 0.5
                add("dropout", .dropout(rate: rate), output: width, parameters: nil, count: 0)
            case "Identity":
                break
            case "Flatten", "Reshape":
                try checkFlat(node, width: width)
                add(node.opType.lowercased(), .passThrough(className: node.opType), output: width, parameters: nil, count: 0)
            default:
                if let activation = try activationKind(node, opset: opset) {
                    add("activation", activation, output: width, parameters: nil, count: 0)
                } else {
                    throw fail(node, "is an operation nnviz cannot run (it runs Gemm, MatMul+Add, Relu, Sigmoid, Tanh, Softmax, Elu, Selu, Softplus, LeakyRelu, Gelu, BatchNormalization, Mul+Add, Dropout, Identity, Flatten and Reshape)")
                }
            }
            guard let result = node.outputs.first else { throw fail(node, "has no output") }
            current = result
        }
        guard !layers.isEmpty, let inputWidth = layers[0].inputShapes[0][0] else {
            throw fail(nil, "has no layer nnviz can run between its input and its output")
        }
        return Model(name: name.isEmpty ? nil : name, inputs: [ModelInput(name: inputName, shape: [inputWidth])], layers: layers,
                     origin: .onnx)
    }

    private func soleReader(of node: ONNXNode) -> ONNXNode? {
        guard let output = node.outputs.first, output != graph.outputs.first else { return nil }
        let next = readers(of: output)
        return next.count == 1 ? next[0] : nil
    }

    /// A Gemm, or a MatMul with the Add of a constant bias after it, as a dense layer [units × inputs].
    private func denseLayer(_ node: ONNXNode, width: Int?) throws(ModelFileError) -> (units: Int, parameters: DenseParameters, last: ONNXNode) {
        guard node.inputs.count >= 2, let weight = constants[node.inputs[1]] else {
            throw fail(node, "multiplies by a value computed in the graph, not by stored weights; nnviz cannot run it")
        }
        guard weight.dims.count == 2 else { throw fail(node, "has a weight of shape \(weight.dims), not a matrix") }
        var transposed = false
        var alpha: Float = 1
        var beta: Float = 1
        if node.opType == "Gemm" {
            guard (node.attributes["transA"]?.int ?? 0) == 0 else {
                throw fail(node, "has transA = 1 (the input transposed), which a layer on one row of features cannot be")
            }
            transposed = (node.attributes["transB"]?.int ?? 0) == 1
            alpha = node.attributes["alpha"]?.float ?? 1
            beta = node.attributes["beta"]?.float ?? 1
        }
        // W as stored: [inputs, units], or [units, inputs] when transposed (PyTorch's Linear.weight).
        let rows = Int(weight.dims[0]), columns = Int(weight.dims[1])
        let (inputs, units) = transposed ? (columns, rows) : (rows, columns)
        if let width, width != inputs {
            throw fail(node, "has a weight '\(weight.name)' of shape [\(rows), \(columns)] for an input of width \(width)")
        }
        let stored = try values(of: weight, in: node)
        var weights = transposed ? stored : KerasWeights.transposed(stored, rows: inputs, columns: units)
        if alpha != 1 { weights = weights.map { alpha * $0 } }
        var bias = [Float](repeating: 0, count: units)
        var last = node
        var biasTensor: ONNXTensor?
        if node.opType == "Gemm", node.inputs.count >= 3, !node.inputs[2].isEmpty {
            guard let tensor = constants[node.inputs[2]] else { throw fail(node, "adds a bias computed in the graph; nnviz cannot run it") }
            biasTensor = tensor
        } else if node.opType == "MatMul", let add = soleReader(of: node), add.opType == "Add",
                  let other = add.inputs.first(where: { $0 != node.outputs.first }), let tensor = constants[other] {
            biasTensor = tensor
            last = add
        }
        if let biasTensor {
            let stored = try values(of: biasTensor, in: node)
            guard stored.count == units || stored.count == 1 else {
                throw fail(node, "has a bias '\(biasTensor.name)' of \(stored.count) numbers for \(units) units")
            }
            bias = (0..<units).map { beta * stored[stored.count == 1 ? 0 : $0] }
        }
        return (units, DenseParameters(weights: weights, bias: bias), last)
    }

    private func batchNormalization(_ node: ONNXNode, width: Int?) throws(ModelFileError) -> (BatchNormParameters, Float, Float) {
        guard node.inputs.count == 5 else { throw fail(node, "has \(node.inputs.count) inputs where BatchNormalization has 5") }
        var vectors: [[Float]] = []
        for name in node.inputs.dropFirst() {
            guard let tensor = constants[name] else { throw fail(node, "normalises with a value computed in the graph; nnviz cannot run it") }
            vectors.append(try values(of: tensor, in: node))
        }
        let features = vectors[0].count
        guard vectors.allSatisfy({ $0.count == features }), width == nil || width == features else {
            throw fail(node, "has vectors of \(vectors.map(\.count)) numbers for an input of width \(width.map(String.init) ?? "?")")
        }
        if (node.attributes["training_mode"]?.int ?? 0) != 0 { throw fail(node, "is in training mode; export the model in eval mode") }
        let parameters = BatchNormParameters(gamma: vectors[0], beta: vectors[1], movingMean: vectors[2], movingVariance: vectors[3])
        // ONNX's momentum weighs the old running value, as Keras's does.
        return (parameters, node.attributes["epsilon"]?.float ?? 1e-5, node.attributes["momentum"]?.float ?? 0.9)
    }

    /// ε of the batch normalisation a Mul+Add becomes: 1 + ε rounds to 1 in Float, so the layer
    /// computes s⊙x + t exactly, and it is positive, as nnviz's JSON asks.
    static let affineEpsilon: Float = 1e-12

    /// Mul by a constant vector, then Add of one: y = s⊙x + t, kept as a batch normalisation with
    /// μ = 0, σ² = 1 and a negligible ε, which computes that (tf2onnx folds Keras's BatchNormalization so).
    private func affine(_ node: ONNXNode, width: Int?) throws(ModelFileError) -> (BatchNormParameters, ONNXNode) {
        guard let scaleTensor = node.inputs.dropFirst().first.flatMap({ constants[$0] }) else {
            throw fail(node, "multiplies by a value computed in the graph; nnviz cannot run it")
        }
        let scale = try values(of: scaleTensor, in: node)
        guard let add = soleReader(of: node), add.opType == "Add",
              let other = add.inputs.first(where: { $0 != node.outputs.first }), let shiftTensor = constants[other] else {
            throw fail(node, "is a Mul not followed by the Add of a constant; nnviz runs Mul+Add only as a per-feature scale and shift")
        }
        let shift = try values(of: shiftTensor, in: add)
        let features = width ?? max(scale.count, shift.count)
        guard [1, features].contains(scale.count), [1, features].contains(shift.count) else {
            throw fail(node, "scales by \(scale.count) and shifts by \(shift.count) numbers an input of width \(features)")
        }
        let gamma = (0..<features).map { scale[scale.count == 1 ? 0 : $0] }
        let beta = (0..<features).map { shift[shift.count == 1 ? 0 : $0] }
        return (BatchNormParameters(gamma: gamma, beta: beta, movingMean: Array(repeating: 0, count: features),
                                    movingVariance: Array(repeating: 1, count: features)), add)
    }

    /// An activation a Dense layer can carry: one with no setting of its own.
    private func plainActivation(_ node: ONNXNode, opset: Int64) throws(ModelFileError) -> Activation? {
        guard case let .activation(activation, alpha)? = try activationKind(node, opset: opset), alpha == nil else { return nil }
        return activation
    }

    private func activationKind(_ node: ONNXNode, opset: Int64) throws(ModelFileError) -> Layer.Kind? {
        switch node.opType {
        case "Relu": return .activation(.relu, alpha: nil)
        case "Sigmoid": return .activation(.sigmoid, alpha: nil)
        case "Tanh": return .activation(.tanh, alpha: nil)
        case "Softplus": return .activation(.softplus, alpha: nil)
        case "Softmax":
            let axis = node.attributes["axis"]?.int ?? (opset >= 13 ? -1 : 1)
            guard axis == -1 || axis == 1 else { throw fail(node, "is a softmax over axis \(axis); nnviz runs it over the features (the last axis)") }
            return .activation(.softmax, alpha: nil)
        case "Elu":
            let alpha = node.attributes["alpha"]?.float ?? 1
            return .activation(.elu, alpha: alpha == 1 ? nil : alpha)
        case "Selu":
            let alpha = node.attributes["alpha"]?.float ?? 1.67326319
            let gamma = node.attributes["gamma"]?.float ?? 1.05070102
            guard abs(alpha - 1.67326319) < 1e-5, abs(gamma - 1.05070102) < 1e-5 else {
                throw fail(node, "is a SELU with alpha \(alpha) and gamma \(gamma); nnviz runs the standard one")
            }
            return .activation(.selu, alpha: nil)
        case "LeakyRelu":
            return .activation(.leakyRelu, alpha: node.attributes["alpha"]?.float ?? 0.01)
        case "Gelu":
            let approximation = node.attributes["approximate"]?.string ?? "none"
            guard approximation == "none" else { throw fail(node, "is GELU with the \(approximation) approximation; nnviz runs the exact (erf) one") }
            return .activation(.gelu, alpha: nil)
        default:
            return nil
        }
    }

    /// Flatten or Reshape of a row that is already flat: [batch, width] stays [batch, width].
    private func checkFlat(_ node: ONNXNode, width: Int?) throws(ModelFileError) {
        if node.opType == "Flatten" {
            guard (node.attributes["axis"]?.int ?? 1) == 1 else { throw fail(node, "flattens from another axis than 1") }
            return
        }
        guard let shapeTensor = node.inputs.dropFirst().first.flatMap({ constants[$0] }) else {
            throw fail(node, "reshapes to a shape computed in the graph; nnviz cannot run it")
        }
        let shape = try values(of: shapeTensor, in: node).map { Int($0) }
        guard shape.count == 2, shape[1] == -1 || shape[1] == width || width == nil else {
            throw fail(node, "reshapes a row of \(width.map(String.init) ?? "?") features to \(shape); nnviz runs models on flat rows")
        }
    }

    /// The numbers of an initializer, widened to Float, from raw_data, the typed lists or an
    /// external-data file beside the model; the element count the dims claim is checked against the
    /// bytes present before anything is allocated.
    func values(of tensor: ONNXTensor, in node: ONNXNode) throws(ModelFileError) -> [Float] {
        let place = "initializer '\(tensor.name)'"
        func fail(_ reason: String) -> ModelFileError { ModelFileError(file: file, place: place, reason: reason) }
        let dims = tensor.dims.map { Int(clamping: $0) }
        guard let count = StoredNumbers.elementCount(dims) else { throw fail("has an invalid shape \(tensor.dims)") }
        let format: StoredNumbers.Format
        switch tensor.dataType {
        case 1: format = .float32
        case 10: format = .float16
        case 11: format = .float64
        case 16: format = .bfloat16
        case 7: format = .int64
        case 6: format = .int32
        default: throw fail("has the data type \(tensor.dataType), which nnviz cannot read (FLOAT, FLOAT16, BFLOAT16, DOUBLE, INT32, INT64)")
        }
        let (needed, overflow) = count.multipliedReportingOverflow(by: format.size)
        func claims(_ present: Int) -> ModelFileError {
            fail("claims shape \(dims) (\(count) numbers) but holds \(present) (truncated or corrupted?)")
        }
        if tensor.isExternal {
            return try external(tensor, format: format, count: count, needed: overflow ? nil : needed, fail: fail)
        }
        if let raw = tensor.rawData {
            guard !overflow, needed == raw.count else { throw claims(raw.count / format.size) }
            return StoredNumbers.decode(bytes, raw, format: format, count: count)
        }
        let typed: [Float]
        switch format {
        case .float32: typed = tensor.floatData
        case .float64: typed = tensor.doubleData.map { Float($0) }
        case .int64: typed = tensor.int64Data.map { Float($0) }
        case .int32: typed = tensor.int32Data.map { Float($0) }
        // float16 and bfloat16 values are stored one per int32_data entry, as their 16 bits.
        case .float16: typed = tensor.int32Data.map { StoredNumbers.float16(UInt16(truncatingIfNeeded: $0)) }
        case .bfloat16: typed = tensor.int32Data.map { StoredNumbers.bfloat16(UInt16(truncatingIfNeeded: $0)) }
        }
        guard typed.count == count else { throw claims(typed.count) }
        return typed
    }

    /// An initializer stored in a file beside the model: `location` must name a file in the model's
    /// folder (or below it), never an absolute path or one that climbs out with `..`.
    private func external(_ tensor: ONNXTensor, format: StoredNumbers.Format, count: Int, needed: Int?,
                          fail: (String) -> ModelFileError) throws(ModelFileError) -> [Float] {
        guard let location = tensor.externalData["location"], !location.isEmpty else { throw fail("is external but names no location") }
        guard !location.hasPrefix("/"), !location.split(separator: "/").contains(".."), !location.contains("\\") else {
            throw fail("names the external data file '\(location)', outside the model's folder; nnviz reads only files beside the model")
        }
        let offset = Int(tensor.externalData["offset"] ?? "0") ?? -1
        let length = tensor.externalData["length"].map { Int($0) ?? -1 }
        guard offset >= 0, length.map({ $0 >= 0 }) ?? true else { throw fail("has an invalid external offset or length") }
        let path = folder.appendingPathComponent(location).path
        guard let handle = FileHandle(forReadingAtPath: path) else { throw fail("names the external data file '\(location)', which cannot be read") }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()).map(Int.init) ?? 0
        guard let needed, length == nil || length == needed, offset <= size, needed <= size - offset else {
            throw fail("claims \(count) numbers at offset \(offset) of '\(location)', which has \(size) bytes (truncated or corrupted?)")
        }
        guard (try? handle.seek(toOffset: UInt64(offset))) != nil, let data = try? handle.read(upToCount: needed), data.count == needed else {
            throw fail("cannot be read from '\(location)'")
        }
        let bytes = [UInt8](data)
        return StoredNumbers.decode(bytes, 0..<needed, format: format, count: count)
    }
}
