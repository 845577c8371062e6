extension Model {
    /// The network nnviz runs for this model: each layer's stored parameters, or where a layer has
    /// none, Glorot-uniform weights drawn from `seed` (with zero bias) for a dense layer and Keras's
    /// starting values for batch normalisation.
    public func network(seed: UInt64 = 0) throws(ModelError) -> Network {
        if let layer = layers.first(where: { !$0.isRunnable }) {
            if layer.className == "Dense", layer.inputShapes.first?.count ?? 1 == 1 {
                throw ModelError("layer '\(Sanitized.quoted(layer.name))' uses the activation '\(Sanitized.quoted(layer.activationName ?? "?"))', which nnviz cannot run (it knows \(Activation.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            throw ModelError("layer '\(Sanitized.quoted(layer.name))' is a \(Sanitized.quoted(layer.className)), which nnviz cannot run (it runs \(Self.runnableKinds))")
        }
        guard inputs.count == 1, let width = inputSize else {
            throw ModelError("this model has \(inputs.count) inputs of shape \(inputs.map { $0.shape.kerasDescription }.joined(separator: ", ")); nnviz can only run a model with one flat input")
        }
        guard !layers.isEmpty else { throw ModelError("the model has no layers") }
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
        var running: [NetworkLayer] = []
        var previous = inputs[0].name
        var size = width
        for layer in layers {
            guard layer.inbound == [previous] else {
                throw ModelError("layer '\(Sanitized.quoted(layer.name))' does not follow '\(Sanitized.quoted(previous))'; nnviz can only run a sequential stack of layers")
            }
            running.append(try Self.networkLayer(layer, inputSize: size, generator: &generator))
            previous = layer.name
            size = running.last!.outputSize
        }
        return Network(layers: running)
    }

    /// The kinds of layer `network` runs, for messages.
    static let runnableKinds = "Dense, Activation, Dropout, BatchNormalization, Flatten, Reshape and Identity layers"

    private static func networkLayer(_ layer: Layer, inputSize size: Int,
                                     generator: inout SeededGenerator) throws(ModelError) -> NetworkLayer {
        switch layer.kind {
        case let .dense(units, activation, useBias):
            var dense: Dense
            if let parameters = layer.denseParameters {
                guard parameters.weights.count == size * units, parameters.bias.count == units else {
                    throw ModelError("layer '\(Sanitized.quoted(layer.name))' holds \(parameters.weights.count) weights and \(parameters.bias.count) biases, but \(size) inputs and \(units) units need \(size * units) and \(units)")
                }
                dense = Dense(name: layer.name, inputSize: size, outputSize: units, activation: activation, useBias: useBias,
                              weights: parameters.weights, bias: parameters.bias)
            } else {
                dense = Dense(name: layer.name, inputSize: size, outputSize: units, activation: activation, useBias: useBias,
                              glorotUniformFrom: &generator)
            }
            dense.activationSpelling = layer.activationSpelling
            return .dense(dense)
        case let .activation(function, alpha):
            var activation = ActivationLayer(name: layer.name, size: size, function: function, alpha: alpha)
            activation.activationSpelling = layer.activationSpelling
            return .activation(activation)
        case let .dropout(rate):
            return .dropout(Dropout(name: layer.name, size: size, rate: rate))
        case let .batchNormalization(epsilon, momentum, center, scale):
            let parameters = layer.batchNormParameters ?? BatchNormParameters(features: size)
            guard parameters.features == size else {
                throw ModelError("layer '\(Sanitized.quoted(layer.name))' holds \(parameters.features) values per statistic, but its input has \(size) features")
            }
            return .batchNormalization(BatchNorm(name: layer.name, epsilon: epsilon, momentum: momentum, center: center, scale: scale,
                                                 parameters: parameters))
        case let .passThrough(className):
            if let shape = layer.outputShape, shape.allSatisfy({ $0 != nil }), shape.reduce(1, { $0 * $1! }) != size {
                throw ModelError("layer '\(Sanitized.quoted(layer.name))' reshapes to \(shape.kerasDescription), which does not hold the \(size) values of its input")
            }
            return .passThrough(PassThrough(name: layer.name, size: size, className: className))
        case let .other(className, _):
            throw ModelError("layer '\(Sanitized.quoted(layer.name))' is a \(Sanitized.quoted(className)), which nnviz cannot run (it runs \(runnableKinds))")
        }
    }

    /// A copy of the model holding the learned values of `network`, layer by layer by name.
    public func updating(from network: Network) -> Model {
        var copy = self
        for running in network.layers {
            guard let index = copy.layers.firstIndex(where: { $0.name == running.name }) else {
                preconditionFailure("the network's layer '\(running.name)' is not in the model")
            }
            if let parameters = running.parameters { copy.layers[index].parameters = parameters }
        }
        return copy
    }

    /// Checks that the model can be trained with `loss`, naming the layer when it cannot.
    public func checkTrainable(loss: Loss) throws(ModelError) {
        _ = try network()
        guard let last = layers.last else { return }
        if let required = loss.requiredOutputActivation {
            let activation: Activation? = switch last.kind {
            case let .dense(_, activation, _): activation
            case let .activation(activation, alpha): alpha == nil ? activation : nil
            default: nil
            }
            guard let activation else {
                throw ModelError.lossMismatch("the loss \(loss.rawValue) needs a \(required.rawValue) output layer, but '\(last.name)' is a \(last.className)")
            }
            if activation != required {
                throw ModelError.lossMismatch("the loss \(loss.rawValue) needs a \(required.rawValue) output layer, but '\(last.name)' uses \(activation.rawValue)")
            }
        }
        if loss == .binaryCrossEntropy, outputWidth != 1 {
            throw ModelError.lossMismatch("binary_crossentropy needs one sigmoid output, but '\(last.name)' has \(outputWidth) units")
        }
    }
}
