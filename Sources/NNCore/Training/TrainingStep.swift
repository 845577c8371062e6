extension Network {
    /// One step of gradient descent on a batch of `rows` rows: the forward pass, the mean loss, the
    /// backward pass, and the optimizer's update of every learned value (with batch normalisation's
    /// moving statistics in training mode). Returns the batch's mean loss before the step; a loss
    /// that is not finite leaves the network unchanged. `Trainer` and `gradientStep` both take
    /// their steps here.
    ///
    /// With plain gradient descent (`SGD` without momentum), the dense layers take their step during
    /// the backward pass, each as soon as its gradients are done (`Dense.backward`): the same
    /// arithmetic, the same results.
    /// `fillingInput` writes the batch's rows of `input` and `target` first, as `Workspace.forward` asks.
    mutating func step(input: UnsafePointer<Float>, target: UnsafePointer<Float>, rows: Int, loss: Loss, mode: ForwardMode,
                       optimizer: inout any Optimizer, workspace: Workspace, generator: inout SeededGenerator,
                       fillingInput: (Range<Int>) -> Void = { _ in }) -> Float {
        let plainRate = (optimizer as? SGD).flatMap { $0.momentum == 0 ? $0.learningRate : nil }
        workspace.forward(self, input: input, rows: rows, mode: mode, generator: &generator, fillingInput: fillingInput)
        let value = workspace.backward(&self, input: input, target: target, rows: rows, loss: loss, mode: mode, learningRate: plainRate)
        guard value.isFinite else { return value }
        for index in layers.indices {
            if plainRate != nil, case .dense = layers[index] { continue }
            layers[index].update(&optimizer, buffers: workspace.buffers[index], slot: 2 * index, mode: mode)
        }
        optimizer.finishStep()
        return value
    }

    /// One step of plain gradient descent, w ← w − η·∂L/∂w, on one input through the network as it
    /// runs at inference (dropout the identity, batch normalisation with its moving statistics).
    public func gradientStep(input: [Float], target: [Float], loss: Loss, learningRate: Float) -> GradientStep {
        precondition(input.count == inputSize && target.count == outputSize)
        let workspace = Workspace(network: self, rows: 1)
        var generator = SeededGenerator(seed: 0)
        var optimizer: any Optimizer = SGD(learningRate: learningRate)
        var next = self
        let lossBefore = input.withUnsafeBufferPointer { x in
            target.withUnsafeBufferPointer { t in
                next.step(input: x.baseAddress!, target: t.baseAddress!, rows: 1, loss: loss, mode: .inference,
                          optimizer: &optimizer, workspace: workspace, generator: &generator)
            }
        }
        let gradients = workspace.gradients(self)
        var normSquared: Double = 0
        for layer in gradients {
            for tensor in layer.parameters.reversed() { normSquared += tensor.reduce(0) { $0 + Double($1) * Double($1) } }
        }
        return GradientStep(trace: workspace.trace(self, input: input), gradients: BackwardPass(loss: lossBefore, layers: gradients),
                            updated: next, lossBefore: lossBefore,
                            lossAfter: next.loss(inputs: input, targets: target, loss: loss), gradientNormSquared: normSquared)
    }
}

/// One step of plain gradient descent on one input, and the loss before and after it.
public struct GradientStep: Sendable {
    public var trace: ForwardTrace
    public var gradients: BackwardPass
    /// The network after w ← w − η·∂L/∂w for every learned value.
    public var updated: Network
    public var lossBefore: Float
    public var lossAfter: Float
    /// ‖∇L‖², over every learned value.
    public var gradientNormSquared: Double
}
