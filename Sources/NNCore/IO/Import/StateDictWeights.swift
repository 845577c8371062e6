/// A PyTorch `state_dict` (as a safetensors file) put into the layers of a model whose architecture
/// comes from elsewhere. The file has no layer order (its keys are sorted), so each layer takes the
/// first unused module, in natural key order (`2` before `10`), whose tensors have the layer's
/// shapes: Linear `weight` [units, inputs] and `bias` [units]; BatchNorm1d `weight` (γ), `bias` (β),
/// `running_mean`, `running_var` [features].
enum StateDictWeights {
    private struct Module {
        var prefix: String
        var tensors: [String: NamedTensor]
        var isBatchNorm: Bool { tensors["running_mean"] != nil }
        var isLinear: Bool { !isBatchNorm && tensors["weight"]?.shape.count == 2 }
    }

    static func apply(_ tensors: [NamedTensor], file: String, to model: Model) throws(ModelFileError) -> Model {
        var modules: [Module] = []
        for tensor in tensors {
            let parts = tensor.name.split(separator: ".", omittingEmptySubsequences: false)
            let prefix = parts.dropLast().joined(separator: ".")
            let key = String(parts.last ?? "")
            if let index = modules.firstIndex(where: { $0.prefix == prefix }) {
                modules[index].tensors[key] = tensor
            } else {
                modules.append(Module(prefix: prefix, tensors: [key: tensor]))
            }
        }
        modules.sort { naturalOrder($0.prefix, $1.prefix) }
        let holds = tensors.sorted { naturalOrder($0.name, $1.name) }.map { "\($0.name) \($0.shapeDescription)" }.joined(separator: ", ")
        func mismatch(_ layer: Layer, _ reason: String) -> ModelFileError {
            ModelFileError(file: file, place: "layer '\(layer.name)'", reason: reason + "; the file holds: " + holds)
        }
        var used = Set<String>()
        var copy = model
        for index in copy.layers.indices where copy.layers[index].hasParameters {
            let layer = copy.layers[index]
            guard let inputs = layer.inputShapes.first?.last ?? nil else { throw mismatch(layer, "has an input of unknown width") }
            switch layer.kind {
            case let .dense(units, _, useBias):
                let candidate = modules.first { module in
                    !used.contains(module.prefix) && module.isLinear && module.tensors["weight"]?.shape == [units, inputs]
                        && (useBias ? module.tensors["bias"]?.shape == [units] : module.tensors["bias"] == nil)
                }
                guard let candidate, let weight = candidate.tensors["weight"] else {
                    throw mismatch(layer, "needs weight [\(units), \(inputs)]\(useBias ? " and bias [\(units)]" : "") and no unused module has them")
                }
                used.insert(candidate.prefix)
                let bias = candidate.tensors["bias"]?.values ?? [Float](repeating: 0, count: units)
                copy.layers[index].parameters = .dense(DenseParameters(weights: weight.values, bias: bias))
            case let .batchNormalization(_, _, center, scale):
                let candidate = modules.first { module in
                    !used.contains(module.prefix) && module.isBatchNorm
                        && ["running_mean", "running_var"].allSatisfy { module.tensors[$0]?.shape == [inputs] }
                        && (!scale || module.tensors["weight"]?.shape == [inputs]) && (!center || module.tensors["bias"]?.shape == [inputs])
                }
                guard let candidate, let mean = candidate.tensors["running_mean"], let variance = candidate.tensors["running_var"] else {
                    throw mismatch(layer, "needs a batch normalisation of [\(inputs)] features and no unused module has one")
                }
                used.insert(candidate.prefix)
                copy.layers[index].parameters = .batchNormalization(BatchNormParameters(
                    gamma: scale ? candidate.tensors["weight"]!.values : [Float](repeating: 1, count: inputs),
                    beta: center ? candidate.tensors["bias"]!.values : [Float](repeating: 0, count: inputs),
                    movingMean: mean.values, movingVariance: variance.values))
            default:
                continue
            }
        }
        let left = modules.filter { !used.contains($0.prefix) && ($0.isLinear || $0.isBatchNorm) }
        if !left.isEmpty {
            throw ModelFileError(file: file, reason: "holds weights no layer of the model takes (\(left.map { $0.prefix.isEmpty ? "(top level)" : $0.prefix }.joined(separator: ", "))): is it for another architecture? It holds: " + holds)
        }
        return copy
    }

    /// `a` before `b`, comparing dot-separated parts as numbers where both are numbers.
    static func naturalOrder(_ a: String, _ b: String) -> Bool {
        let left = a.split(separator: "."), right = b.split(separator: ".")
        for (x, y) in zip(left, right) where x != y {
            if let i = Int(x), let j = Int(y) { return i < j }
            return x < y
        }
        return left.count < right.count
    }
}
