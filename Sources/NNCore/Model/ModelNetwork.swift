extension Model {
    /// The dense stack nnviz can run: each layer's stored parameters, or Glorot-uniform weights drawn
    /// from `seed` (with zero bias) for a layer that has none yet.
    public func network(seed: UInt64 = 0) throws(ModelError) -> Network {
        if let layer = layers.first(where: { !$0.isDense }) {
            if layer.className == "Dense" {
                throw ModelError("layer '\(Sanitized.quoted(layer.name))' uses the activation '\(Sanitized.quoted(layer.activationName ?? "?"))', which nnviz cannot run (it knows \(Activation.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            throw ModelError("layer '\(layer.name)' is a \(layer.className); nnviz can only run and train Dense layers")
        }
        guard inputs.count == 1, let width = inputSize else {
            throw ModelError("this model has \(inputs.count) inputs of shape \(inputs.map { $0.shape.kerasDescription }.joined(separator: ", ")); nnviz can only run a model with one flat input")
        }
        var total = 0
        var fanIn = width
        for layer in layers {
            guard let units = layer.units else { continue }
            guard let count = SizeLimits.denseParameters(inputs: fanIn, units: units, useBias: true),
                  let sum = SizeLimits.sum(total, count, ceiling: SizeLimits.runnableParameters) else {
                throw ModelError("layer '\(Sanitized.quoted(layer.name))' brings the model past \(SizeLimits.runnableParameters) parameters, more than nnviz runs (set NNVIZ_MAX_PARAMETERS to raise it)")
            }
            total = sum
            fanIn = units
        }
        var generator = SeededGenerator(seed: seed)
        var dense: [DenseLayer] = []
        var previous = inputs[0].name
        var inputSize = width
        for layer in layers {
            guard case let .dense(units, activation, useBias) = layer.kind else {
                throw ModelError("layer '\(layer.name)' is a \(layer.className); nnviz can only run and train Dense layers")
            }
            guard layer.inbound == [previous] else {
                throw ModelError("layer '\(layer.name)' does not follow '\(previous)'; nnviz can only run a sequential stack of Dense layers")
            }
            if let parameters = layer.denseParameters {
                dense.append(DenseLayer(name: layer.name, inputSize: inputSize, outputSize: units, activation: activation,
                                        useBias: useBias, weights: parameters.weights, bias: parameters.bias))
            } else {
                dense.append(DenseLayer(name: layer.name, inputSize: inputSize, outputSize: units, activation: activation,
                                        useBias: useBias, glorotUniformFrom: &generator))
            }
            previous = layer.name
            inputSize = units
        }
        guard !dense.isEmpty else { throw ModelError("the model has no layers") }
        return Network(layers: dense)
    }

    /// A copy of the model holding the parameters of `network`.
    public func updating(from network: Network) -> Model {
        var copy = self
        var next = 0
        for index in copy.layers.indices where copy.layers[index].isDense {
            let layer = network.layers[next]
            copy.layers[index].parameters = .dense(DenseParameters(weights: layer.weights, bias: layer.bias))
            next += 1
        }
        return copy
    }

    /// Checks that `loss` fits the output layer, naming the layer when it does not.
    public func checkTrainable(loss: Loss) throws(ModelError) {
        _ = try network()
        guard let last = layers.last, case let .dense(units, activation, _) = last.kind else { return }
        if let required = loss.requiredOutputActivation, activation != required {
            throw ModelError.lossMismatch("the loss \(loss.rawValue) needs a \(required.rawValue) output layer, but '\(last.name)' uses \(activation.rawValue)")
        }
        if loss == .binaryCrossEntropy, units != 1 {
            throw ModelError.lossMismatch("binary_crossentropy needs one sigmoid output, but '\(last.name)' has \(units) units")
        }
    }
}
