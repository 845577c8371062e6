/// Keras's saved weights, put into the layers of a model read from its config. Two layouts:
/// - Keras 3's (`.keras` archives, `.weights.h5`, tf_keras's `.weights.h5`):
///   `layers/<snake_case class><_n>/vars/<i>`, the group counted per class in the order of the layers,
///   checked against the `name` attribute of `vars` where Keras wrote one;
/// - the legacy HDF5 layout (`model.save("x.h5")`, tf_keras's `save_weights("x.h5")`):
///   `layer_names` → the layer's group → its `weight_names` → the datasets.
/// A Dense kernel is stored [inputs, units] and becomes nnviz's one row per neuron.
enum KerasWeights {
    /// `model` with every Dense and BatchNormalization layer filled from `file`.
    static func apply(_ file: HDF5File, to model: Model) throws(ModelFileError) -> Model {
        if file.isGroup("/layers") { return try applyByClassCounter(file, to: model) }
        let root = file.isGroup("/model_weights") ? "/model_weights" : "/"
        guard let layerNames = splitAttribute("layer_names", of: root, in: file) else {
            throw ModelFileError(file: file.name, reason: "holds no Keras weights (neither a 'layers' group nor a 'layer_names' attribute)")
        }
        return try applyByLayerNames(file, root: root, layerNames: layerNames, to: model)
    }

    /// Keras splits an attribute over 64 KB into `name0`, `name1`, …; this joins them.
    static func splitAttribute(_ name: String, of path: String, in file: HDF5File) -> [String]? {
        if let whole = file.stringsAttribute(name, of: path) { return whole }
        var parts: [String] = []
        var index = 0
        while let part = file.stringsAttribute("\(name)\(index)", of: path) {
            parts += part
            index += 1
        }
        return index == 0 ? nil : parts
    }

    /// Keras 3's layout: a group per layer named by its class and how many of that class came before.
    private static func applyByClassCounter(_ file: HDF5File, to model: Model) throws(ModelFileError) -> Model {
        var copy = model
        var counts: [String: Int] = [:]
        for index in copy.layers.indices {
            let layer = copy.layers[index]
            let base = snakeCase(layer.className)
            let seen = counts[base, default: 0]
            counts[base] = seen + 1
            guard layer.hasParameters else { continue }
            let group = "/layers/" + base + (seen == 0 ? "" : "_\(seen)")
            guard file.isGroup(group + "/vars") else {
                throw mismatch(file, layer, "has no group \(group)/vars for it", holds: heldByClassCounter(file))
            }
            // A Keras architecture names its layers as the weights file does; nnviz JSON has its own names.
            if model.origin == .keras, let stored = file.stringAttribute("name", of: group + "/vars"), stored != layer.name {
                throw mismatch(file, layer, "finds \(group)/vars named '\(stored)' where the model has '\(layer.name)' (weights of another model?)",
                               holds: heldByClassCounter(file))
            }
            var arrays: [NamedTensor] = []
            var position = 0
            while file.exists("\(group)/vars/\(position)") {
                arrays.append(try file.dataset("\(group)/vars/\(position)"))
                position += 1
            }
            copy.layers[index].parameters = try parameters(for: layer, from: arrays, file: file, holds: heldByClassCounter(file))
        }
        return copy
    }

    /// The legacy layout: the weights of each layer named in `layer_names`, in its `weight_names` order.
    private static func applyByLayerNames(_ file: HDF5File, root: String, layerNames: [String], to model: Model) throws(ModelFileError) -> Model {
        var copy = model
        let prefix = root == "/" ? "/" : root + "/"
        func held() -> String {
            layerNames.map { name in
                let weights = splitAttribute("weight_names", of: prefix + name, in: file) ?? []
                return weights.isEmpty ? name : "\(name) (\(weights.joined(separator: ", ")))"
            }.joined(separator: "; ")
        }
        // A Keras architecture is matched by layer name; nnviz JSON, with names of its own, takes the
        // file's layers that have weights in their order.
        var positional = layerNames.filter { !(splitAttribute("weight_names", of: prefix + $0, in: file) ?? []).isEmpty }.makeIterator()
        for index in copy.layers.indices where copy.layers[index].hasParameters {
            let layer = copy.layers[index]
            let stored: String
            if model.origin == .keras {
                guard layerNames.contains(layer.name) else {
                    throw mismatch(file, layer, "is not among the file's layer_names", holds: held())
                }
                stored = layer.name
            } else {
                guard let next = positional.next() else {
                    throw mismatch(file, layer, "has no layer with weights left in the file for it", holds: held())
                }
                stored = next
            }
            let group = prefix + stored
            let weightNames = splitAttribute("weight_names", of: group, in: file) ?? []
            var arrays: [NamedTensor] = []
            for weightName in weightNames {
                arrays.append(try file.dataset(group + "/" + weightName))
            }
            copy.layers[index].parameters = try parameters(for: layer, from: arrays, file: file, holds: held())
        }
        return copy
    }

    /// Keras's arrays for one layer, in Keras's order, checked against the layer's shapes:
    /// Dense kernel [inputs, units] and bias [units]; BatchNormalization γ, β, moving mean, moving
    /// variance (without γ or β when `scale` or `center` is off).
    static func parameters(for layer: Layer, from arrays: [NamedTensor], file: HDF5File, holds: @autoclosure () -> String) throws(ModelFileError) -> LayerParameters {
        let found = arrays.map { "\($0.name) \($0.shapeDescription)" }.joined(separator: ", ")
        switch layer.kind {
        case let .dense(units, _, useBias):
            guard let inputs = layer.inputShapes.first?.last ?? nil else {
                throw mismatch(file, layer, "has an input of unknown width", holds: holds())
            }
            let expected = [[inputs, units]] + (useBias ? [[units]] : [])
            guard arrays.map(\.shape) == expected else {
                throw mismatch(file, layer, "needs kernel [\(inputs), \(units)]\(useBias ? " and bias [\(units)]" : "") but the file has \(found.isEmpty ? "nothing" : found)",
                               holds: holds())
            }
            let weights = transposed(arrays[0].values, rows: inputs, columns: units)
            let bias = useBias ? arrays[1].values : [Float](repeating: 0, count: units)
            return .dense(DenseParameters(weights: weights, bias: bias))
        case let .batchNormalization(_, _, center, scale):
            guard let features = layer.inputShapes.first?.last ?? nil else {
                throw mismatch(file, layer, "has an input of unknown width", holds: holds())
            }
            let count = 2 + (center ? 1 : 0) + (scale ? 1 : 0)
            guard arrays.count == count, arrays.allSatisfy({ $0.shape == [features] }) else {
                throw mismatch(file, layer, "needs \(count) vectors of [\(features)] but the file has \(found.isEmpty ? "nothing" : found)", holds: holds())
            }
            var next = arrays.makeIterator()
            let gamma = scale ? next.next()!.values : [Float](repeating: 1, count: features)
            let beta = center ? next.next()!.values : [Float](repeating: 0, count: features)
            return .batchNormalization(BatchNormParameters(gamma: gamma, beta: beta, movingMean: next.next()!.values,
                                                           movingVariance: next.next()!.values))
        default:
            preconditionFailure("only layers with parameters are filled")
        }
    }

    /// The [columns × rows] transpose of a row-major [rows × columns] matrix.
    static func transposed(_ matrix: [Float], rows: Int, columns: Int) -> [Float] {
        precondition(matrix.count == rows * columns)
        return [Float](unsafeUninitializedCapacity: matrix.count) { result, count in
            matrix.withUnsafeBufferPointer { source in
                for i in 0..<rows {
                    for j in 0..<columns { result[j * rows + i] = source[i * columns + j] }
                }
            }
            count = matrix.count
        }
    }

    private static func heldByClassCounter(_ file: HDF5File) -> String {
        file.children(of: "/layers").map { group in
            var shapes: [String] = []
            var position = 0
            while let tensor = try? file.dataset("/layers/\(group)/vars/\(position)") {
                shapes.append(tensor.shapeDescription)
                position += 1
            }
            return shapes.isEmpty ? group : "\(group) (\(shapes.joined(separator: ", ")))"
        }.joined(separator: "; ")
    }

    static func mismatch(_ file: HDF5File, _ layer: Layer, _ reason: String, holds: String) -> ModelFileError {
        ModelFileError(file: file.name, place: "layer '\(layer.name)'", reason: reason + "; the file holds: " + holds)
    }

    /// Keras's `to_snake_case`: `BatchNormalization` → `batch_normalization`, `ReLU` → `re_lu`.
    static func snakeCase(_ name: String) -> String {
        let characters = Array(name)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0 {
                let previous = characters[index - 1]
                let nextIsLower = index + 1 < characters.count && characters[index + 1].isLowercase
                if previous.isLowercase || nextIsLower { result += "_" }
            }
            result += character.lowercased()
        }
        return result
    }
}
