/// What one layer computed for one input: z, the values the layer's activation takes (W·x + b for a
/// dense layer, the layer's input for the other kinds), and its output a.
public struct LayerTrace: Equatable, Sendable {
    public var z: [Float]
    public var a: [Float]
}

/// Everything a forward pass of one input computed, layer by layer.
public struct ForwardTrace: Equatable, Sendable {
    /// The input as the network saw it (after normalisation).
    public var input: [Float]
    public var layers: [LayerTrace]
    public var output: [Float] { layers.last?.a ?? input }
}

/// The gradients of one layer for one backward step.
public struct LayerGradients: Equatable, Sendable {
    /// ∂L/∂z, one value per output (for one input; averaged over a batch in training): for a dense
    /// layer z is W·x + b, for the other kinds the layer's input.
    public var z: [Float]
    /// ∂L/∂ each learned tensor, in the layer's order: W and b of a dense layer, γ and β of a batch
    /// normalisation layer; empty for the other kinds.
    public var parameters: [[Float]]

    /// ∂L/∂W of a dense layer (γ's of a batch normalisation layer), laid out like `Dense.weights`.
    public var weights: [Float] { parameters.first ?? [] }
    /// ∂L/∂b of a dense layer (β's of a batch normalisation layer).
    public var bias: [Float] { parameters.count > 1 ? parameters[1] : [] }
}

/// One input's loss and the gradients of every layer.
public struct BackwardPass: Equatable, Sendable {
    public var loss: Float
    public var layers: [LayerGradients]
}

/// A sequential stack of layers that nnviz can run and train.
public struct Network: Equatable, Sendable {
    public var layers: [NetworkLayer]

    public init(layers: [NetworkLayer]) {
        precondition(zip(layers, layers.dropFirst()).allSatisfy { $0.outputSize == $1.inputSize })
        self.layers = layers
    }

    /// A stack of dense layers.
    public init(layers: [Dense]) {
        self.init(layers: layers.map(NetworkLayer.dense))
    }

    public var inputSize: Int { layers.first?.inputSize ?? 0 }
    public var outputSize: Int { layers.last?.outputSize ?? 0 }

    /// The forward pass of one input at inference, keeping every z and a.
    public func trace(_ input: [Float]) -> ForwardTrace {
        precondition(input.count == inputSize, "input has \(input.count) values, network expects \(inputSize)")
        let workspace = Workspace(network: self, rows: 1)
        var generator = SeededGenerator(seed: 0)
        input.withUnsafeBufferPointer { workspace.forward(self, input: $0.baseAddress!, rows: 1, mode: .inference, generator: &generator) }
        return workspace.trace(self, input: input)
    }

    /// The outputs at inference for many rows (row-major, `inputSize` columns each).
    public func predict(_ inputs: [Float]) -> [Float] {
        let rows = inputSize == 0 ? 0 : inputs.count / inputSize
        guard rows > 0 else { return [] }
        var outputs: [Float] = []
        outputs.reserveCapacity(rows * outputSize)
        let chunk = 1024
        let workspace = Workspace(network: self, rows: min(chunk, rows))
        var generator = SeededGenerator(seed: 0)
        inputs.withUnsafeBufferPointer { buffer in
            var start = 0
            while start < rows {
                let count = min(chunk, rows - start)
                workspace.forward(self, input: buffer.baseAddress! + start * inputSize, rows: count, mode: .inference,
                                  generator: &generator)
                outputs.append(contentsOf: UnsafeBufferPointer(rebasing: workspace.buffers.last!.output[0..<count * outputSize]))
                start += count
            }
        }
        return outputs
    }

    /// The loss for one input and `target` (one value per output neuron, one-hot for classes) and the
    /// gradients of every layer, computed by backpropagation through the network as it runs at inference.
    public func backward(_ trace: ForwardTrace, target: [Float], loss: Loss) -> BackwardPass {
        backward(inputs: trace.input, targets: target, loss: loss, mode: .inference)
    }

    /// The mean loss over the rows of `inputs` and the gradients of every layer, as one training step
    /// computes them (`seed` draws the dropout masks in training mode); `z` holds the first row's.
    public func backward(inputs: [Float], targets: [Float], loss: Loss, mode: ForwardMode, seed: UInt64 = 0) -> BackwardPass {
        let rows = inputs.count / inputSize
        precondition(rows > 0 && inputs.count == rows * inputSize && targets.count == rows * outputSize)
        let workspace = Workspace(network: self, rows: rows)
        var generator = SeededGenerator(seed: seed)
        let value = inputs.withUnsafeBufferPointer { x in
            targets.withUnsafeBufferPointer { t in
                workspace.forward(self, input: x.baseAddress!, rows: rows, mode: mode, generator: &generator)
                return workspace.backward(self, input: x.baseAddress!, target: t.baseAddress!, rows: rows, loss: loss, mode: mode)
            }
        }
        return BackwardPass(loss: value, layers: workspace.gradients(self))
    }

    /// The mean loss over many rows, at inference.
    public func loss(inputs: [Float], targets: [Float], loss: Loss) -> Float {
        var total: Double = 0
        let rows = inputs.count / inputSize
        let chunk = 1024
        let workspace = Workspace(network: self, rows: min(chunk, max(rows, 1)))
        var generator = SeededGenerator(seed: 0)
        inputs.withUnsafeBufferPointer { x in
            targets.withUnsafeBufferPointer { t in
                var start = 0
                while start < rows {
                    let count = min(chunk, rows - start)
                    let input = x.baseAddress! + start * inputSize
                    workspace.forward(self, input: input, rows: count, mode: .inference, generator: &generator)
                    total += Double(workspace.rowLosses(self, input: input, target: t.baseAddress! + start * outputSize, rows: count,
                                                        loss: loss))
                    start += count
                }
            }
        }
        return rows == 0 ? 0 : Float(total / Double(rows))
    }

    /// Whether every learned value is a finite number.
    public var isFinite: Bool { layers.allSatisfy(\.isFinite) }
}
