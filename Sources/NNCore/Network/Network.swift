/// A dense layer ready to run: a = f(W·x + b), with W stored one row per neuron.
public struct DenseLayer: Equatable, Sendable {
    public var name: String
    public var inputSize: Int
    public var outputSize: Int
    public var activation: Activation
    public var useBias: Bool
    /// `weights[j * inputSize + i]`: from input i to neuron j.
    public var weights: [Float]
    public var bias: [Float]

    public init(name: String, inputSize: Int, outputSize: Int, activation: Activation, useBias: Bool = true,
                weights: [Float], bias: [Float]) {
        precondition(weights.count == inputSize * outputSize && bias.count == outputSize)
        self.name = name
        self.inputSize = inputSize
        self.outputSize = outputSize
        self.activation = activation
        self.useBias = useBias
        self.weights = weights
        self.bias = bias
    }

    /// Glorot-uniform weights, U(−√(6/(in+out)), √(6/(in+out))), and zero bias, as Keras starts a Dense layer.
    public init(name: String, inputSize: Int, outputSize: Int, activation: Activation, useBias: Bool = true,
                glorotUniformFrom generator: inout SeededGenerator) {
        let limit = (6 / Float(inputSize + outputSize)).squareRoot()
        let weights = (0..<inputSize * outputSize).map { _ in generator.uniform(-limit, limit) }
        self.init(name: name, inputSize: inputSize, outputSize: outputSize, activation: activation, useBias: useBias,
                  weights: weights, bias: [Float](repeating: 0, count: outputSize))
    }

    public func weight(from input: Int, to neuron: Int) -> Float { weights[neuron * inputSize + input] }
}

/// What one layer computed for one input: the weighted sums z and the activations a = f(z).
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
    /// ∂L/∂z, one value per neuron (for one input; averaged over a batch in training).
    public var z: [Float]
    /// ∂L/∂W, laid out like `DenseLayer.weights`.
    public var weights: [Float]
    /// ∂L/∂b.
    public var bias: [Float]
}

/// One input's loss and the gradients of every layer.
public struct BackwardPass: Equatable, Sendable {
    public var loss: Float
    public var layers: [LayerGradients]
}

/// A stack of dense layers that nnviz can run and train.
public struct Network: Equatable, Sendable {
    public var layers: [DenseLayer]

    public init(layers: [DenseLayer]) {
        self.layers = layers
    }

    public var inputSize: Int { layers.first?.inputSize ?? 0 }
    public var outputSize: Int { layers.last?.outputSize ?? 0 }

    /// The forward pass of one input, keeping every z and a.
    public func trace(_ input: [Float]) -> ForwardTrace {
        precondition(input.count == inputSize, "input has \(input.count) values, network expects \(inputSize)")
        let workspace = Workspace(network: self, rows: 1)
        input.withUnsafeBufferPointer { workspace.forward(self, input: $0.baseAddress!, rows: 1) }
        return ForwardTrace(input: input, layers: workspace.layers.map { LayerTrace(z: $0.z, a: $0.a) })
    }

    /// The outputs for many rows (row-major, `inputSize` columns each).
    public func predict(_ inputs: [Float]) -> [Float] {
        let rows = inputSize == 0 ? 0 : inputs.count / inputSize
        guard rows > 0 else { return [] }
        var outputs: [Float] = []
        outputs.reserveCapacity(rows * outputSize)
        let chunk = 1024
        let workspace = Workspace(network: self, rows: min(chunk, rows))
        inputs.withUnsafeBufferPointer { buffer in
            var start = 0
            while start < rows {
                let count = min(chunk, rows - start)
                workspace.forward(self, input: buffer.baseAddress! + start * inputSize, rows: count)
                outputs.append(contentsOf: UnsafeBufferPointer(rebasing: workspace.buffers.last!.a[0..<count * outputSize]))
                start += count
            }
        }
        return outputs
    }

    /// The loss for one input and `target` (one value per output neuron, one-hot for classes) and the
    /// gradients of every layer, computed by backpropagation.
    public func backward(_ trace: ForwardTrace, target: [Float], loss: Loss) -> BackwardPass {
        precondition(target.count == outputSize)
        let workspace = Workspace(network: self, rows: 1)
        trace.input.withUnsafeBufferPointer { workspace.forward(self, input: $0.baseAddress!, rows: 1) }
        let value = target.withUnsafeBufferPointer { target in
            trace.input.withUnsafeBufferPointer { input in
                workspace.backward(self, input: input.baseAddress!, target: target.baseAddress!, rows: 1, loss: loss)
            }
        }
        let layers = workspace.layers.map { LayerGradients(z: $0.dz, weights: $0.dWeights, bias: $0.dBias) }
        return BackwardPass(loss: value, layers: layers)
    }

    /// The mean loss over many rows.
    public func loss(inputs: [Float], targets: [Float], loss: Loss) -> Float {
        var total: Double = 0
        let rows = inputs.count / inputSize
        let chunk = 1024
        let workspace = Workspace(network: self, rows: min(chunk, max(rows, 1)))
        inputs.withUnsafeBufferPointer { x in
            targets.withUnsafeBufferPointer { t in
                var start = 0
                while start < rows {
                    let count = min(chunk, rows - start)
                    workspace.forward(self, input: x.baseAddress! + start * inputSize, rows: count)
                    total += Double(workspace.rowLosses(self, target: t.baseAddress! + start * outputSize, rows: count, loss: loss))
                    start += count
                }
            }
        }
        return rows == 0 ? 0 : Float(total / Double(rows))
    }
}

/// Buffers for a forward and backward pass over a batch of rows, allocated once and reused.
final class Workspace {
    struct Buffers {
        var z: UnsafeMutableBufferPointer<Float>
        var a: UnsafeMutableBufferPointer<Float>
        var dz: UnsafeMutableBufferPointer<Float>
        var dWeights: UnsafeMutableBufferPointer<Float>
        var dBias: UnsafeMutableBufferPointer<Float>
    }

    let buffers: [Buffers]

    init(network: Network, rows: Int) {
        func zeros(_ count: Int) -> UnsafeMutableBufferPointer<Float> {
            let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: max(count, 1))
            buffer.initialize(repeating: 0)
            return buffer
        }
        buffers = network.layers.map { layer in
            Buffers(z: zeros(rows * layer.outputSize), a: zeros(rows * layer.outputSize), dz: zeros(rows * layer.outputSize),
                    dWeights: zeros(layer.weights.count), dBias: zeros(layer.outputSize))
        }
    }

    deinit {
        for buffer in buffers {
            buffer.z.deallocate()
            buffer.a.deallocate()
            buffer.dz.deallocate()
            buffer.dWeights.deallocate()
            buffer.dBias.deallocate()
        }
    }

    /// The per-layer results as arrays (first `rows` rows).
    var layers: [(z: [Float], a: [Float], dz: [Float], dWeights: [Float], dBias: [Float])] {
        buffers.map { (Array($0.z), Array($0.a), Array($0.dz), Array($0.dWeights), Array($0.dBias)) }
    }

    /// The activations feeding layer `index`: the input for the first layer.
    private func previousActivations(_ index: Int, input: UnsafePointer<Float>) -> UnsafePointer<Float> {
        index == 0 ? input : UnsafePointer(buffers[index - 1].a.baseAddress!)
    }

    /// z = x·Wᵀ + b and a = f(z) for every layer, for the first `rows` rows.
    ///
    /// The bias is written into z first and the product added to it, so each layer is one matrix
    /// product and one element-wise pass.
    func forward(_ network: Network, input: UnsafePointer<Float>, rows: Int) {
        for index in network.layers.indices {
            let layer = network.layers[index]
            let n = layer.outputSize
            let z = buffers[index].z.baseAddress!
            let a = buffers[index].a
            if layer.useBias {
                layer.bias.withUnsafeBufferPointer { fillRows(z, with: $0.baseAddress!, rows: rows, columns: n) }
            }
            layer.weights.withUnsafeBufferPointer { w in
                multiply(transposeA: false, transposeB: true, m: rows, n: n, k: layer.inputSize,
                         previousActivations(index, input: input), w.baseAddress!, into: z, beta: layer.useBias ? 1 : 0)
            }
            if layer.activation == .relu {
                relu(z, into: a.baseAddress!, count: rows * n)
            } else {
                for r in 0..<rows {
                    layer.activation.apply(UnsafeBufferPointer(start: z + r * n, count: n),
                                           into: UnsafeMutableBufferPointer(rebasing: a[r * n..<(r + 1) * n]))
                }
            }
        }
    }

    /// The summed loss of the first `rows` rows after `forward`, with ∂L/∂z of the last layer (per row,
    /// not yet divided by the row count) left in its `dz`.
    func rowLosses(_ network: Network, target: UnsafePointer<Float>, rows: Int, loss: Loss) -> Float {
        let last = network.layers.count - 1
        let n = network.layers[last].outputSize
        let activation = network.layers[last].activation
        let buffer = buffers[last]
        var total: Float = 0
        for r in 0..<rows {
            let range = r * n..<(r + 1) * n
            total += loss.rowLoss(z: UnsafeBufferPointer(rebasing: buffer.z[range]),
                                  a: UnsafeBufferPointer(rebasing: buffer.a[range]),
                                  target: UnsafeBufferPointer(start: target + r * n, count: n),
                                  activation: activation,
                                  gradient: UnsafeMutableBufferPointer(rebasing: buffer.dz[range]))
        }
        return total
    }

    /// Backpropagation after `forward`: fills every layer's dz, dWeights and dBias with the gradients of
    /// the mean loss over the rows, and returns that mean loss.
    func backward(_ network: Network, input: UnsafePointer<Float>, target: UnsafePointer<Float>,
                  rows: Int, loss: Loss) -> Float {
        let total = rowLosses(network, target: target, rows: rows, loss: loss)
        let last = network.layers.count - 1
        let scaleFactor = 1 / Float(rows)
        scale(buffers[last].dz.baseAddress!, by: scaleFactor, count: rows * network.layers[last].outputSize)
        for index in stride(from: last, through: 0, by: -1) {
            let layer = network.layers[index]
            let n = layer.outputSize
            let k = layer.inputSize
            let dz = UnsafePointer(buffers[index].dz.baseAddress!)
            // ∂L/∂W = dZᵀ · X  (n×rows · rows×k)
            multiply(transposeA: true, transposeB: false, m: n, n: k, k: rows, dz, previousActivations(index, input: input),
                     into: buffers[index].dWeights.baseAddress!)
            let db = buffers[index].dBias.baseAddress!
            if layer.useBias {
                sumColumns(dz, rows: rows, columns: n, into: db)
            } else {
                db.update(repeating: 0, count: n)
            }
            guard index > 0 else { continue }
            // ∂L/∂a_prev = dZ · W  (rows×n · n×k), written into the layer below's dz and turned into
            // ∂L/∂z_prev there, in place, by the previous activation's derivative.
            let below = buffers[index - 1]
            layer.weights.withUnsafeBufferPointer { w in
                multiply(transposeA: false, transposeB: false, m: rows, n: k, k: n, dz, w.baseAddress!,
                         into: below.dz.baseAddress!)
            }
            let previous = network.layers[index - 1].activation
            if previous == .relu {
                reluBackward(z: below.z.baseAddress!, gradient: below.dz.baseAddress!, count: rows * k)
            } else {
                for r in 0..<rows {
                    let range = r * k..<(r + 1) * k
                    previous.backward(z: UnsafeBufferPointer(rebasing: below.z[range]),
                                      a: UnsafeBufferPointer(rebasing: below.a[range]),
                                      gradient: UnsafeMutableBufferPointer(rebasing: below.dz[range]))
                }
            }
        }
        return total * scaleFactor
    }
}
