/// The buffers of every layer for forward and backward passes over batches of up to `rows` rows,
/// allocated once and reused; the passes themselves are the layers'.
final class Workspace {
    let buffers: [LayerBuffers]

    init(network: Network, rows: Int) {
        buffers = network.layers.map { $0.makeBuffers(rows: rows) }
    }

    /// The values feeding layer `index`: the input for the first layer.
    func input(of index: Int, networkInput: UnsafePointer<Float>) -> UnsafePointer<Float> {
        index == 0 ? networkInput : UnsafePointer(buffers[index - 1].output.baseAddress!)
    }

    /// Every layer's forward pass over the first `rows` rows.
    ///
    /// `fillingInput`, if given, writes the input's rows first (a training batch gathered from its data
    /// set): the first layer calls it for the rows it is about to read, possibly in parts from
    /// several threads at once.
    func forward(_ network: Network, input: UnsafePointer<Float>, rows: Int, mode: ForwardMode, generator: inout SeededGenerator,
                 fillingInput: (Range<Int>) -> Void = { _ in }) {
        for index in network.layers.indices {
            network.layers[index].forward(self.input(of: index, networkInput: input), rows: rows, buffers: buffers[index], mode: mode,
                                          generator: &generator, fillingInput: index == 0 ? fillingInput : { _ in })
        }
    }

    /// The summed loss of the first `rows` rows after `forward`, with its gradient times
    /// `gradientScale` left in the last layer's `gradient`: ∂L/∂z where the loss takes it through the
    /// layer's activation, else ∂L/∂a.
    func rowLosses(_ network: Network, input: UnsafePointer<Float>, target: UnsafePointer<Float>, rows: Int, loss: Loss,
                   gradientScale: Float = 1) -> Float {
        let last = network.layers.count - 1
        let layer = network.layers[last]
        let buffer = buffers[last]
        return loss.summedLoss(z: layer.preActivation(input: self.input(of: last, networkInput: input), buffers: buffer),
                               a: buffer.output.baseAddress!, target: target, rows: rows, width: layer.outputSize,
                               activation: layer.lossActivation ?? .linear, gradient: buffer.gradient.baseAddress!,
                               gradientScale: gradientScale)
    }

    /// Backpropagation after `forward`: fills every layer's gradients with those of the mean loss over
    /// the rows, and returns that mean loss.
    func backward(_ network: Network, input: UnsafePointer<Float>, target: UnsafePointer<Float>, rows: Int, loss: Loss,
                  mode: ForwardMode) -> Float {
        var network = network
        return backward(&network, input: input, target: target, rows: rows, loss: loss, mode: mode)
    }

    /// `backward`, and with `learningRate`, the dense layers also take their
    /// step of plain gradient descent as their gradients are done, if the loss is a finite number.
    func backward(_ network: inout Network, input: UnsafePointer<Float>, target: UnsafePointer<Float>, rows: Int, loss: Loss,
                  mode: ForwardMode, learningRate: Float? = nil) -> Float {
        let scaleFactor = 1 / Float(rows)
        let total = rowLosses(network, input: input, target: target, rows: rows, loss: loss, gradientScale: scaleFactor)
        let learningRate = total.isFinite ? learningRate : nil
        let last = network.layers.count - 1
        for index in stride(from: last, through: 0, by: -1) {
            network.layers[index].backward(input: self.input(of: index, networkInput: input), rows: rows, buffers: buffers[index],
                                           mode: mode, gradientIsPreActivation: index == last && network.layers[last].lossActivation != nil,
                                           inputGradient: index > 0 ? buffers[index - 1].gradient.baseAddress! : nil,
                                           learningRate: learningRate)
        }
        return total * scaleFactor
    }

    /// The first row's z and a of every layer, after a forward pass of `input`.
    func trace(_ network: Network, input: [Float]) -> ForwardTrace {
        var layers: [LayerTrace] = []
        var previous = input
        for (index, layer) in network.layers.enumerated() {
            let n = layer.outputSize
            let a = Array(buffers[index].output[0..<n])
            let z: [Float] = if case .dense = layer { Array(buffers[index].z[0..<n]) } else { previous }
            layers.append(LayerTrace(z: z, a: a))
            previous = a
        }
        return ForwardTrace(input: input, layers: layers)
    }

    /// The gradients left by `backward`: the first row's ∂L/∂z and every learned tensor's.
    func gradients(_ network: Network) -> [LayerGradients] {
        zip(network.layers, buffers).map { layer, buffer in
            let parameters: [[Float]] = switch layer {
            case .dense, .batchNormalization: buffer.parameterGradients.map { Array($0) }
            case .activation, .dropout, .passThrough: []
            }
            return LayerGradients(z: Array(buffer.gradient[0..<layer.outputSize]), parameters: parameters)
        }
    }
}
