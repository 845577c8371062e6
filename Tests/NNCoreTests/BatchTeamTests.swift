import Foundation
import Synchronization
import Testing
@testable import NNCore

/// Training steps with the batch shared out over a team of threads (`BatchTeam`), and the team itself.
@Suite struct BatchTeamTests {
    /// A dense stack large enough for a team: 128 rows × (24·300 + 300·k) ≥ 2²⁰ multiply-adds.
    static func network(outputs: Int, hidden: Activation, output: Activation, useBias: Bool = true, seed: UInt64) -> Network {
        var generator = SeededGenerator(seed: seed)
        return Network(layers: [
            Dense(name: "hidden", inputSize: 24, outputSize: 300, activation: hidden, useBias: useBias, glorotUniformFrom: &generator),
            Dense(name: "second", inputSize: 300, outputSize: 40, activation: hidden, glorotUniformFrom: &generator),
            Dense(name: "out", inputSize: 40, outputSize: outputs, activation: output, glorotUniformFrom: &generator),
        ])
    }

    /// Random rows and targets for `network`: one-hot classes for softmax, 0/1 for sigmoid, values otherwise.
    static func batches(for network: Network, output: Activation, rows: Int, seed: UInt64) -> (inputs: [Float], targets: [Float]) {
        var generator = SeededGenerator(seed: seed)
        let inputs = (0..<rows * network.inputSize).map { _ in generator.uniform(-2, 2) }
        let k = network.outputSize
        let targets: [Float] = (0..<rows).flatMap { _ -> [Float] in
            switch output {
            case .softmax:
                let chosen = Int(generator.uniform(0, Float(k))) % k
                return (0..<k).map { $0 == chosen ? 1 : 0 }
            case .sigmoid: return (0..<k).map { _ in generator.uniform(0, 1) < 0.5 ? 0 : 1 }
            default: return (0..<k).map { _ in generator.uniform(-1, 1) }
            }
        }
        return (inputs, targets)
    }

    /// Steps of `rows`-row batches (the last one shorter) through a team of `processors` threads, or
    /// through `Network.step` with `processors` nil; returns the trained network and the losses.
    static func train(_ network: Network, inputs: [Float], targets: [Float], batch: Int, loss: Loss, optimizer kind: OptimizerKind,
                      processors: Int?) -> (network: Network, losses: [Float]) {
        var network = network
        let (width, outputs) = (network.inputSize, network.outputSize)
        let rows = inputs.count / width
        let workspace = Workspace(network: network, rows: batch)
        let team = processors.flatMap { BatchTeam(network: network, rows: batch, workspace: workspace, processors: $0) }
        #expect((team != nil) == (processors != nil))
        var optimizer = TrainingOptions(optimizer: kind, learningRate: kind == .adam ? 0.01 : 0.05).makeOptimizer()
        var generator = SeededGenerator(seed: 0)
        var batchInputs = [Float](repeating: 0, count: batch * width)
        var batchTargets = [Float](repeating: 0, count: batch * outputs)
        var losses: [Float] = []
        var start = 0
        while start < rows {
            let count = min(batch, rows - start)
            let value = inputs.withUnsafeBufferPointer { x in
                targets.withUnsafeBufferPointer { t in
                    batchInputs.withUnsafeMutableBufferPointer { bx in
                        batchTargets.withUnsafeMutableBufferPointer { bt in
                            let (bx, bt) = (bx.baseAddress!, bt.baseAddress!)
                            // Rows are copied in reverse order, so that each block must fill its own.
                            func fill(_ part: Range<Int>) {
                                for r in part {
                                    let source = start + count - 1 - r
                                    (bx + r * width).update(from: x.baseAddress! + source * width, count: width)
                                    (bt + r * outputs).update(from: t.baseAddress! + source * outputs, count: outputs)
                                }
                            }
                            if let team {
                                let value = team.step(input: bx, target: bt, rows: count, loss: loss, optimizer: &optimizer,
                                                      countingCorrect: true, fillingInput: fill)
                                // The team's count of rows classified right is the plain count over the batch.
                                let last = workspace.buffers.last!.output.baseAddress!
                                #expect(team.correct == Trainer.countCorrect(UnsafeBufferPointer(start: last, count: count * outputs),
                                                                             UnsafeBufferPointer(start: bt, count: count * outputs),
                                                                             outputs: outputs))
                                return value
                            }
                            return network.step(input: bx, target: bt, rows: count, loss: loss, mode: .training, optimizer: &optimizer,
                                                workspace: workspace, generator: &generator, fillingInput: fill)
                        }
                    }
                }
            }
            losses.append(value)
            start += count
        }
        team?.store(into: &network)
        return (network, losses)
    }

    static func weightBits(_ network: Network) -> [[UInt32]] {
        network.layers.compactMap(\.dense).flatMap { [$0.weights.map(\.bitPattern), $0.bias.map(\.bitPattern)] }
    }

    /// One thread or several, the same trained bits and losses: the blocks of rows and neurons do not
    /// depend on the team's size. Batches of 256 rows (four blocks) and a last one of 72, every optimizer.
    @Test(arguments: OptimizerKind.allCases)
    func theTeamsSizeDoesNotChangeABit(optimizer: OptimizerKind) {
        let network = Self.network(outputs: 7, hidden: .relu, output: .softmax, seed: 1)
        let data = Self.batches(for: network, output: .softmax, rows: 3 * 256 + 72, seed: 2)
        let one = Self.train(network, inputs: data.inputs, targets: data.targets, batch: 256, loss: .categoricalCrossEntropy,
                             optimizer: optimizer, processors: 1)
        #expect(one.losses.allSatisfy { $0.isFinite })
        #expect(Self.weightBits(one.network) != Self.weightBits(network))
        for processors in [2, 3, 5] {
            let many = Self.train(network, inputs: data.inputs, targets: data.targets, batch: 256, loss: .categoricalCrossEntropy,
                                  optimizer: optimizer, processors: processors)
            #expect(Self.weightBits(many.network) == Self.weightBits(one.network), "\(optimizer), \(processors) threads")
            #expect(many.losses.map(\.bitPattern) == one.losses.map(\.bitPattern))
        }
    }

    /// The team's steps against the one-thread `Network.step`: the same mathematics, so the same
    /// losses and weights up to rounding, for each loss with its output and other hidden activations,
    /// with and without a bias.
    @Test(arguments: [(Loss.categoricalCrossEntropy, Activation.softmax, Activation.relu, true),
                      (.binaryCrossEntropy, .sigmoid, .tanh, true), (.meanSquaredError, .linear, .sigmoid, false),
                      (.meanSquaredError, .tanh, .gelu, true)],
          OptimizerKind.allCases)
    func theTeamTakesTheSameStepsAsOneThread(shape: (Loss, Activation, Activation, Bool), optimizer: OptimizerKind) {
        let (loss, output, hidden, useBias) = shape
        let network = Self.network(outputs: output == .softmax ? 5 : 2, hidden: hidden, output: output, useBias: useBias, seed: 3)
        let data = Self.batches(for: network, output: output, rows: 2 * 128 + 40, seed: 4)
        let plain = Self.train(network, inputs: data.inputs, targets: data.targets, batch: 128, loss: loss, optimizer: optimizer, processors: nil)
        let team = Self.train(network, inputs: data.inputs, targets: data.targets, batch: 128, loss: loss, optimizer: optimizer, processors: 2)
        for (a, b) in zip(plain.losses, team.losses) {
            #expect(abs(a - b) <= 1e-5 * max(1, abs(a)), "loss \(a) against \(b)")
        }
        for (p, t) in zip(plain.network.layers.compactMap(\.dense), team.network.layers.compactMap(\.dense)) {
            let largest = zip(p.weights + p.bias, t.weights + t.bias).map { abs($0 - $1) }.max() ?? 0
            #expect(largest <= 1e-5, "\(p.name): weights differ by up to \(largest)")
        }
        #expect(Self.weightBits(team.network) != Self.weightBits(network))
    }

    /// Small batches, networks with other layers than dense ones: the plain step.
    @Test func smallOrMixedNetworksTakeThePlainStep() {
        let network = Self.network(outputs: 3, hidden: .relu, output: .softmax, seed: 5)
        #expect(BatchTeam(network: network, rows: 8, workspace: Workspace(network: network, rows: 8)) == nil)
        #expect(BatchTeam(network: network, rows: 128, workspace: Workspace(network: network, rows: 128)) != nil)
        var layers = network.layers
        layers.insert(.dropout(Dropout(name: "drop", size: 300, rate: 0.5)), at: 1)
        let mixed = Network(layers: layers)
        #expect(BatchTeam(network: mixed, rows: 128, workspace: Workspace(network: mixed, rows: 128)) == nil)
    }

    /// `Trainer.train` takes the team's steps for a large dense stack and stays deterministic.
    @Test func trainingALargeStackIsRepeatable() throws {
        let network = Self.network(outputs: 4, hidden: .relu, output: .softmax, seed: 6)
        let data = Self.batches(for: network, output: .softmax, rows: 600, seed: 7)
        let examples = Examples(inputs: data.inputs, targets: data.targets)
        let options = TrainingOptions(epochs: 2, batchSize: 128, optimizer: .sgd, learningRate: 0.05, seed: 8)
        var first = network, second = network
        let history = try Trainer.train(&first, on: examples, loss: .categoricalCrossEntropy, task: .categorical(classes: 4), options: options)
        _ = try Trainer.train(&second, on: examples, loss: .categoricalCrossEntropy, task: .categorical(classes: 4), options: options)
        #expect(Self.weightBits(first) == Self.weightBits(second))
        #expect(Self.weightBits(first) != Self.weightBits(network))
        #expect(history.loss.count == 2 && history.loss.allSatisfy { $0.isFinite })

        // A step too large: training stops with the epoch and leaves the network as it was before it.
        var diverging = first
        let tooLarge = TrainingOptions(epochs: 3, batchSize: 128, optimizer: .sgd, learningRate: 1e30, seed: 8)
        #expect(throws: TrainingError.self) {
            try Trainer.train(&diverging, on: examples, loss: .categoricalCrossEntropy, task: .categorical(classes: 4), options: tooLarge)
        }
        #expect(diverging.isFinite)
    }

    /// Every member runs every job, and what each wrote before `synchronize` is seen by all after it.
    @Test(arguments: [1, 2, 3, 4])
    func membersMeetAtEachSynchronize(members: Int) {
        let team = WorkerTeam(members: members)
        let slots = UnsafeMutableBufferPointer<Int>.allocate(capacity: members)
        defer { slots.deallocate() }
        let mismatches = Atomic<Int>(0)
        for round in 0..<200 {
            team.run { member in
                slots[member] = round * 10 + member
                team.synchronize()
                for other in 0..<members where slots[other] != round * 10 + other { mismatches.add(1, ordering: .relaxed) }
                team.synchronize()
            }
        }
        #expect(mismatches.load(ordering: .relaxed) == 0)
    }

    @Test func blocksCoverEveryIndexOnce() {
        for count in [1, 31, 64, 95, 96, 128, 200, 256, 1000] {
            let blocks = BatchTeam.blocks(of: count)
            #expect(blocks.first?.lowerBound == 0 && blocks.last?.upperBound == count)
            #expect(zip(blocks, blocks.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            #expect(blocks.allSatisfy { count < 32 || (32...95).contains($0.count) }, "\(count): \(blocks)")
        }
        // A layer's neurons: as many blocks as the rows have, none under 32 neurons.
        #expect(BatchTeam.blocks(of: 256, count: 2) == [0..<128, 128..<256])
        #expect(BatchTeam.blocks(of: 128, count: 4) == [0..<32, 32..<64, 64..<96, 96..<128])
        #expect(BatchTeam.blocks(of: 40, count: 4) == [0..<40])
        #expect(BatchTeam.blocks(of: 10, count: 2) == [0..<10])
    }
}
