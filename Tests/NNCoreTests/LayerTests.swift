import Foundation
import Testing
@testable import NNCore

/// Known answers for each layer kind's forward pass, and the Keras model with every kind against
/// Keras's own outputs.
@Suite struct LayerTests {
    func run(_ layer: NetworkLayer, _ input: [Float], rows: Int, mode: ForwardMode = .inference, seed: UInt64 = 0) -> [Float] {
        let network = Network(layers: [layer])
        let workspace = Workspace(network: network, rows: rows)
        var generator = SeededGenerator(seed: seed)
        input.withUnsafeBufferPointer { workspace.forward(network, input: $0.baseAddress!, rows: rows, mode: mode, generator: &generator) }
        return Array(workspace.buffers[0].output)
    }

    /// γ(x − μ)/√(σ² + ε) + β with the moving statistics: (3 − 1)/√(4 + 0) · 2 + 0.5 = 2.5.
    @Test func batchNormalizationAtInferenceUsesTheMovingStatistics() {
        let bn = BatchNorm(name: "bn", epsilon: 0.25, parameters: BatchNormParameters(
            gamma: [2, -1], beta: [0.5, 1], movingMean: [1, -2], movingVariance: [3.75, 0.75]))
        let output = run(.batchNormalization(bn), [3, 0, 1, -2], rows: 2)
        #expect(output == [2.5, -1, 0.5, 1])
    }

    /// In training, each feature is normalised by its batch mean and variance (divided by n): the
    /// column [1, 3] has mean 2 and variance 1, so with ε → 0 it becomes [−1, 1].
    @Test func batchNormalizationInTrainingUsesTheBatchAndMovesItsStatistics() throws {
        let bn = BatchNorm(name: "bn", epsilon: 1e-6, momentum: 0.75, parameters: BatchNormParameters(features: 1))
        let output = run(.batchNormalization(bn), [1, 3], rows: 2, mode: .training)
        #expect(abs(output[0] + 1) < 1e-5 && abs(output[1] - 1) < 1e-5)
        var network = Network(layers: [.batchNormalization(bn)])
        let step = network.backward(inputs: [1, 3], targets: [0, 0], loss: .meanSquaredError, mode: .training)
        #expect(step.layers[0].parameters.count == 2)
        // moving mean 0.75·0 + 0.25·2, moving variance 0.75·1 + 0.25·1.
        let workspace = Workspace(network: network, rows: 2)
        var optimizer: any Optimizer = SGD(learningRate: 0)
        var generator = SeededGenerator(seed: 0)
        _ = [Float(1), 3].withUnsafeBufferPointer { x in
            [Float(0), 0].withUnsafeBufferPointer { t in
                network.step(input: x.baseAddress!, target: t.baseAddress!, rows: 2, loss: .meanSquaredError, mode: .training,
                             optimizer: &optimizer, workspace: workspace, generator: &generator)
            }
        }
        let moved = try #require(network.layers[0].parameters)
        #expect(moved == .batchNormalization(BatchNormParameters(gamma: [1], beta: [0], movingMean: [0.5], movingVariance: [1])))
    }

    @Test func dropoutIsTheIdentityAtInferenceAndScalesWhatItKeepsInTraining() {
        let dropout = Dropout(name: "d", size: 1000, rate: 0.25)
        let input = [Float](repeating: 2, count: 1000)
        #expect(run(.dropout(dropout), input, rows: 1) == input)
        let trained = run(.dropout(dropout), input, rows: 1, mode: .training, seed: 4)
        #expect(Set(trained) == [0, Float(2) / 0.75])
        let dropped = trained.filter { $0 == 0 }.count
        #expect((200...300).contains(dropped), "dropped \(dropped) of 1000 at rate 0.25")
        #expect(run(.dropout(dropout), input, rows: 1, mode: .training, seed: 4) == trained)
    }

    @Test func activationLayersUseTheSlopeTheyWereGiven() {
        let leaky = ActivationLayer(name: "l", size: 3, function: .leakyRelu, alpha: 0.1)
        #expect(run(.activation(leaky), [-2, 0, 3], rows: 1) == [-0.2, 0, 3])
        let usual = ActivationLayer(name: "l", size: 3, function: .leakyRelu)
        #expect(run(.activation(usual), [-2, 0, 3], rows: 1) == [-0.4, 0, 3])
        let elu = ActivationLayer(name: "e", size: 1, function: .elu, alpha: 0.5)
        #expect(abs(run(.activation(elu), [-1], rows: 1)[0] - 0.5 * (exp(-1) - 1)) < 1e-7)
        let softmax = ActivationLayer(name: "s", size: 2, function: .softmax)
        #expect(run(.activation(softmax), [0, 0, 1, 1], rows: 2) == [0.5, 0.5, 0.5, 0.5])
        #expect(run(.passThrough(PassThrough(name: "f", size: 2, className: "Flatten")), [1, -1], rows: 1) == [1, -1])
    }

    /// Every layer's output for four inputs, against what Keras computed with the same weights.
    @Test func theKerasModelWithEveryKindRunsAsKerasRunsIt() throws {
        let model = try ModelFile.load(path: fixture("layers/bn_dropout_trained.json"))
        let keras = try JSONParser.parse(String(contentsOfFile: fixture("layers/bn_dropout_expected.json"), encoding: .utf8))
        let network = try model.network()
        let inputs = try #require(keras["inputs"]?.array).map { $0.array?.compactMap(\.float) ?? [] }
        let layers = try #require(keras["layers"]?.array)
        #expect(layers.compactMap { $0["name"]?.string } == network.layers.map(\.name))
        for (row, input) in inputs.enumerated() {
            let trace = network.trace(input)
            for (index, layer) in layers.enumerated() {
                let expected = layer["values"]?.array?[row].array?.compactMap(\.float) ?? []
                #expect(expected.count == trace.layers[index].a.count)
                for (ours, theirs) in zip(trace.layers[index].a, expected) {
                    #expect(abs(ours - theirs) < 1e-5, "row \(row), layer \(network.layers[index].name): \(ours) against Keras's \(theirs)")
                }
            }
        }
        let predicted = network.predict(inputs.flatMap { $0 })
        #expect(predicted == inputs.flatMap { network.trace($0).output })
    }

    @Test func layersNnvizCannotRunAreNamed() throws {
        let model = try ModelFile.load(path: fixture("keras/cnn_keras3.json"))
        #expect {
            try model.network()
        } throws: { String(describing: $0) == "layer 'conv2d' is a Conv2D, which nnviz cannot run (it runs \(Model.runnableKinds))" }
    }
}
