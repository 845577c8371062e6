import Foundation

/// Training steps of a stack of dense layers with each batch shared out over a team of threads,
/// for batches large enough that one thread per processor pays (`nnviz-bench wide`).
///
/// A step has two parts and the threads meet once in between and once at the end:
/// 1. The batch's rows are cut into blocks of about 64, and each member takes its blocks through
///    the whole network and back: it gathers their rows, runs every layer's forward product and
///    activation on them, takes their losses, and works out ∂L/∂z of every layer for them, down to
///    the first. Rows do not depend on each other here, so nothing is shared.
/// 2. Every layer's neurons are cut into as many blocks as the batch has blocks of rows (fewer for
///    layers of under 64 neurons), and each member takes its blocks:
///    ∂L/∂W = ∂Zᵀ·X and ∂L/∂b = Σ ∂Z over all the batch's rows for those neurons, or with plain
///    gradient descent their step w ← w − η·∂L/∂w, the weights' part done by the product itself
///    (W + (−η)·∂Zᵀ·X in one BLAS call, rounded once where two steps would round twice).
///
/// The blocks depend only on the batch's and the layers' sizes, never on the number of members,
/// and each block is the same computation whichever member takes it, so the trained network is
/// bit-identical with one thread or many (the BLAS does not give a block of rows exactly what it
/// gives the same rows inside a larger product, so the blocks are what keeps results the same from
/// machine to machine). The batch's loss is its rows' losses added up in row order, as
/// `Loss.summedLoss` adds them. Optimizers other than plain gradient descent take their step after
/// the team's, on the calling thread, as `Network.step` does.
final class BatchTeam {
    private let team: WorkerTeam
    private let workspace: Workspace
    private let layers: [Shape]
    /// Each layer's weights (neuron by neuron, as `Dense.weights`) and biases while training runs.
    private let weights: [UnsafeMutableBufferPointer<Float>]
    private let biases: [UnsafeMutableBufferPointer<Float>]
    /// The loss of each row of the current batch.
    private let rowLosses: UnsafeMutableBufferPointer<Float>
    /// How many rows of each block of the current batch the network classified right.
    private let blockCorrect: UnsafeMutableBufferPointer<Int>
    /// How many rows of the last batch the network classified right, when the step was asked to count them.
    private(set) var correct = 0
    /// Each member's blocks of neurons for part 2: (layer, neurons).
    private let neuronBlocks: [[(layer: Int, neurons: Range<Int>)]]

    /// What the step needs of a dense layer.
    private struct Shape {
        let inputs: Int
        let neurons: Int
        let activation: Activation
        let useBias: Bool
    }

    /// The team for training `network` in batches of up to `rows` rows with `workspace`'s buffers,
    /// or nil where the plain step is as good: a network with other layers than dense ones, or
    /// batches whose forward products come to fewer than 2²⁰ multiply-adds.
    init?(network: Network, rows: Int, workspace: Workspace,
          processors: Int = processorCount) {
        var layers: [Shape] = []
        for layer in network.layers {
            guard case let .dense(dense) = layer else { return nil }
            layers.append(Shape(inputs: dense.inputSize, neurons: dense.outputSize, activation: dense.activation, useBias: dense.useBias))
        }
        guard rows * layers.reduce(0, { $0 + $1.inputs * $1.neurons }) >= 1 << 20 else { return nil }
        let members = max(1, min(processors, Self.blocks(of: rows).count, 8))
        team = WorkerTeam(members: members)
        self.workspace = workspace
        self.layers = layers
        weights = layers.map { .allocate(capacity: $0.inputs * $0.neurons) }
        biases = layers.map { .allocate(capacity: $0.neurons) }
        rowLosses = .allocate(capacity: rows)
        blockCorrect = .allocate(capacity: Self.blocks(of: rows).count)
        // The blocks of part 2, largest first, each to the member with the least work so far.
        var work = [(cost: Int, blocks: [(layer: Int, neurons: Range<Int>)])](repeating: (0, []), count: members)
        let rowBlocks = Self.blocks(of: rows).count
        let blocks = layers.indices.flatMap { index in
            Self.blocks(of: layers[index].neurons, count: rowBlocks).map { (layer: index, neurons: $0) }
        }
        for block in blocks.sorted(by: { $0.neurons.count * layers[$0.layer].inputs > $1.neurons.count * layers[$1.layer].inputs }) {
            let member = work.indices.min { work[$0].cost < work[$1].cost }!
            work[member].cost += block.neurons.count * layers[block.layer].inputs
            work[member].blocks.append(block)
        }
        neuronBlocks = work.map(\.blocks)
        load(network)
    }

    /// `count` rows cut into blocks of about 64 (32 to 95), the same for any team.
    static func blocks(of count: Int) -> [Range<Int>] {
        split(count, into: max(1, (count + 32) / 64))
    }

    /// A layer's `count` neurons cut into as many blocks as a batch has blocks of rows, the most
    /// members a team has (fewer where a block would have fewer than 32): no more products than
    /// the team needs, since each packs the layer's whole input anew.
    static func blocks(of count: Int, count blocks: Int) -> [Range<Int>] {
        split(count, into: max(1, min(blocks, count / 32)))
    }

    private static func split(_ count: Int, into blocks: Int) -> [Range<Int>] {
        (0..<blocks).map { count * $0 / blocks..<count * ($0 + 1) / blocks }
    }

    deinit {
        for buffer in weights + biases { buffer.deallocate() }
        rowLosses.deallocate()
        blockCorrect.deallocate()
    }

    /// Takes the network's learned values as the ones to train.
    func load(_ network: Network) {
        for (index, layer) in network.layers.enumerated() {
            guard case let .dense(dense) = layer else { continue }
            _ = weights[index].update(fromContentsOf: dense.weights)
            _ = biases[index].update(fromContentsOf: dense.bias)
        }
    }

    /// Writes the trained values into the network.
    func store(into network: inout Network) {
        for index in network.layers.indices {
            guard var dense = network.layers[index].dense else { continue }
            network.layers[index] = .passThrough(PassThrough(name: "", size: 0, className: ""))
            dense.weights.withUnsafeMutableBufferPointer { _ = $0.update(fromContentsOf: weights[index]) }
            dense.bias.withUnsafeMutableBufferPointer { _ = $0.update(fromContentsOf: biases[index]) }
            network.layers[index] = .dense(dense)
        }
    }

    /// One step of gradient descent on a batch of `rows` rows, as `Network.step` takes it in training:
    /// `fillingInput` writes the rows of `input` and `target` it is given (from several threads at
    /// once, each its own rows). Returns the batch's mean loss before the step; a loss that is not a
    /// finite number leaves the learned values unchanged. With `countingCorrect`, `correct` is then
    /// how many rows the outputs classified right (as `Trainer.countCorrect` counts them).
    func step(input: UnsafeMutablePointer<Float>, target: UnsafePointer<Float>, rows: Int, loss: Loss,
              optimizer: inout any Optimizer, countingCorrect: Bool = false, fillingInput: (Range<Int>) -> Void) -> Float {
        let plainRate = (optimizer as? SGD).flatMap { $0.momentum == 0 ? $0.learningRate : nil }
        let rowBlocks = Self.blocks(of: rows)
        team.run { member in
            for block in stride(from: member, to: rowBlocks.count, by: team.members) {
                let own = rowBlocks[block]
                fillingInput(own)
                forwardAndBack(own, input: UnsafePointer(input), target: target, rows: rows, loss: loss)
                guard countingCorrect else { continue }
                let n = layers[layers.count - 1].neurons
                let outputs = UnsafePointer(workspace.buffers[layers.count - 1].output.baseAddress!)
                blockCorrect[block] = Trainer.countCorrect(UnsafeBufferPointer(start: outputs + own.lowerBound * n, count: own.count * n),
                                                           UnsafeBufferPointer(start: target + own.lowerBound * n, count: own.count * n),
                                                           outputs: n)
            }
            team.synchronize()
            let total = batchLoss(rows: rows)
            weightGradients(member: member, input: input, rows: rows, learningRate: total.isFinite ? plainRate : nil)
        }
        correct = countingCorrect ? blockCorrect[0..<rowBlocks.count].reduce(0, +) : 0
        let total = batchLoss(rows: rows)
        guard total.isFinite else { return total * (1 / Float(rows)) }
        if plainRate == nil {
            for index in layers.indices {
                let gradients = workspace.buffers[index].parameterGradients
                optimizer.update(weights[index], gradient: UnsafeBufferPointer(gradients[0]), slot: 2 * index)
                if layers[index].useBias {
                    optimizer.update(biases[index], gradient: UnsafeBufferPointer(gradients[1]), slot: 2 * index + 1)
                }
            }
        }
        optimizer.finishStep()
        return total * (1 / Float(rows))
    }

    /// The rows' losses added up from the first row on, as `Loss.summedLoss` adds them.
    private func batchLoss(rows: Int) -> Float {
        var total: Float = 0
        for r in 0..<rows { total += rowLosses[r] }
        return total
    }

    /// Part 1 of a step for the rows `own`: forward, the rows' losses, and ∂L/∂z of every layer.
    private func forwardAndBack(_ own: Range<Int>, input: UnsafePointer<Float>, target: UnsafePointer<Float>, rows: Int, loss: Loss) {
        let buffers = workspace.buffers
        for (index, layer) in layers.enumerated() {
            let (z, a, n) = (buffers[index].z.baseAddress!, buffers[index].output.baseAddress!, layer.neurons)
            multiplyRows(own, transposeA: false, transposeB: true, m: rows, n: n, k: layer.inputs,
                         workspace.input(of: index, networkInput: input), UnsafePointer(weights[index].baseAddress!), into: z,
                         rowsAdding: layer.useBias ? UnsafePointer(biases[index].baseAddress!) : nil)
            layer.activation.forward(z + own.lowerBound * n, into: a + own.lowerBound * n, rows: own.count, width: n)
        }
        let last = layers.count - 1
        let (n, output) = (layers[last].neurons, buffers[last])
        for r in own {
            rowLosses[r] = loss.summedLoss(z: output.z.baseAddress! + r * n, a: output.output.baseAddress! + r * n, target: target + r * n,
                                           rows: 1, width: n, activation: layers[last].activation,
                                           gradient: output.gradient.baseAddress! + r * n, gradientScale: 1 / Float(rows))
        }
        for index in stride(from: last, through: 0, by: -1) {
            let layer = layers[index]
            let (dz, n) = (buffers[index].gradient.baseAddress!, layer.neurons)
            if index < last {
                // ∂L/∂a, left by the layer above, becomes ∂L/∂z.
                layer.activation.backward(z: buffers[index].z.baseAddress! + own.lowerBound * n,
                                          a: buffers[index].output.baseAddress! + own.lowerBound * n,
                                          gradient: dz + own.lowerBound * n, rows: own.count, width: n)
            }
            guard index > 0 else { break }
            multiplyRows(own, transposeA: false, transposeB: false, m: rows, n: layer.inputs, k: n, dz,
                         UnsafePointer(weights[index].baseAddress!), into: buffers[index - 1].gradient.baseAddress!)
        }
    }

    /// Part 2 of a step for the member's blocks of neurons: ∂L/∂W and ∂L/∂b, or with a learning rate,
    /// the step of plain gradient descent, w ← w − η·∂Zᵀ·X done by the product itself (the weights'
    /// gradients are then not kept).
    private func weightGradients(member: Int, input: UnsafePointer<Float>, rows: Int, learningRate: Float?) {
        let buffers = workspace.buffers
        for (index, own) in neuronBlocks[member] {
            let layer = layers[index]
            let (n, width) = (layer.neurons, layer.inputs)
            let dz = UnsafePointer(buffers[index].gradient.baseAddress!)
            let (dw, db) = (buffers[index].parameterGradients[0].baseAddress!, buffers[index].parameterGradients[1].baseAddress!)
            let x = workspace.input(of: index, networkInput: input)
            if let learningRate {
                multiplyRows(own, transposeA: true, transposeB: false, m: n, n: width, k: rows, dz, x, into: weights[index].baseAddress!,
                             alpha: -learningRate, beta: 1)
            } else {
                multiplyRows(own, transposeA: true, transposeB: false, m: n, n: width, k: rows, dz, x, into: dw)
            }
            if layer.useBias {
                sumColumns(dz + own.lowerBound, rows: rows, columns: own.count, rowStride: n, into: db + own.lowerBound)
            } else {
                (db + own.lowerBound).update(repeating: 0, count: own.count)
            }
            guard let learningRate, layer.useBias else { continue }
            let b = biases[index].baseAddress!
            for j in own { b[j] -= learningRate * db[j] }
        }
    }
}
