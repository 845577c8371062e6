import Foundation
import Testing
@testable import NNCore

@Suite struct TrainerTests {
    /// Loads a labelled fixture and encodes it for `model`.
    func examples(_ file: String, model: inout Model, normalize: Normalization.Method = .none) throws -> Examples {
        let data = try Dataset.labelled(CSVTable.read(path: fixture(file)), target: nil, features: nil)
        if normalize != .none {
            model.normalization = Normalization(fitting: normalize, features: data.features, width: data.width)
        }
        let targets = try model.encodeTargets(data)
        return Examples(inputs: model.normalization?.applied(to: data.features) ?? data.features, targets: targets)
    }

    @Test func learnsXOR() throws {
        var model = Model(inputSize: 2, layers: [(4, .tanh), (1, .sigmoid)])
        let data = Examples(inputs: [0, 0, 0, 1, 1, 0, 1, 1], targets: [0, 1, 1, 0])
        var network = try model.network(seed: 1)
        let history = try Trainer.train(&network, on: data, loss: .binaryCrossEntropy, task: .binary,
                                        options: TrainingOptions(epochs: 500, batchSize: 4, optimizer: .adam, learningRate: 0.05, seed: 1))
        let outputs = network.predict(data.inputs)
        #expect(outputs[0] < 0.2 && outputs[1] > 0.8 && outputs[2] > 0.8 && outputs[3] < 0.2, "\(outputs)")
        #expect(history.accuracy?.last == 1)
        model = model.updating(from: network)
        #expect(model.isTrained)
    }

    @Test func irisReachesNinetyFivePercent() throws {
        var model = Model(inputSize: 4, layers: [(16, .relu), (3, .softmax)])
        let data = try examples("iris.csv", model: &model, normalize: .standard)
        #expect(model.classNames == ["setosa", "versicolor", "virginica"])
        var network = try model.network(seed: 0)
        let history = try Trainer.train(&network, on: data, loss: .categoricalCrossEntropy, task: model.task,
                                        options: TrainingOptions(epochs: 200, batchSize: 16, optimizer: .adam, learningRate: 0.01))
        let accuracy = try #require(history.accuracy?.last)
        #expect(accuracy >= 0.95)
        #expect(history.loss.last! < history.loss.first!)
        let measured = Trainer.evaluate(network, on: data, loss: .categoricalCrossEntropy, task: model.task)
        #expect(measured.accuracy! >= 0.95)
    }

    @Test(arguments: OptimizerKind.allCases)
    func everyOptimizerLowersTheLoss(optimizer: OptimizerKind) throws {
        var model = Model(inputSize: 4, layers: [(8, .relu), (4, .relu), (1, .sigmoid)])
        let data = try examples("tiny_binary.csv", model: &model)
        var network = try model.network(seed: 3)
        let history = try Trainer.train(&network, on: data, loss: .binaryCrossEntropy, task: .binary,
                                        options: TrainingOptions(epochs: 30, batchSize: 32, optimizer: optimizer,
                                                                 learningRate: optimizer == .adam ? 0.01 : 0.1, seed: 3))
        #expect(history.loss.last! < history.loss.first! * 0.8, "\(optimizer): \(history.loss)")
    }

    @Test func sameSeedSameWeightsDifferentSeedDifferentWeights() throws {
        var model = Model(inputSize: 4, layers: [(8, .relu), (1, .sigmoid)])
        let data = try examples("tiny_binary.csv", model: &model)
        func run(_ seed: UInt64) throws -> Network {
            var network = try model.network(seed: seed)
            _ = try Trainer.train(&network, on: data, loss: .binaryCrossEntropy, task: .binary,
                                  options: TrainingOptions(epochs: 3, batchSize: 10, optimizer: .adam, seed: seed))
            return network
        }
        #expect(try run(7) == run(7))
        #expect(try run(7) != run(8))
    }

    @Test func divergingLossStopsWithTheEpochAndNoNaNWeights() throws {
        var model = Model(inputSize: 4, layers: [(8, .linear), (1, .linear)])
        model.loss = .meanSquaredError
        let data = Examples(inputs: (0..<40).map { Float($0 % 7) * 10 }, targets: (0..<10).map { Float($0) * 100 })
        var network = try model.network(seed: 0)
        let start = network
        #expect {
            _ = try Trainer.train(&network, on: data, loss: .meanSquaredError, task: .regression,
                                  options: TrainingOptions(epochs: 50, batchSize: 2, optimizer: .sgd, learningRate: 10))
        } throws: { error in
            let message = String(describing: error)
            return message.contains("epoch 1") && message.contains("smaller learning rate")
        }
        #expect(network.isFinite)
        #expect(network == start)
    }

    @Test func validationIsMeasuredEachEpoch() throws {
        var model = Model(inputSize: 4, layers: [(8, .relu), (1, .sigmoid)])
        let data = try examples("tiny_binary.csv", model: &model)
        var network = try model.network()
        let history = try Trainer.train(&network, on: data, validation: data, loss: .binaryCrossEntropy, task: .binary,
                                        options: TrainingOptions(epochs: 4, batchSize: 50))
        #expect(history.validationLoss?.count == 4)
        #expect(history.validationAccuracy?.count == 4)
    }

    @Test func batchedGradientsEqualTheMeanOfSingleInputGradients() throws {
        var generator = SeededGenerator(seed: 9)
        let network = Network(layers: [
            Dense(name: "a", inputSize: 3, outputSize: 4, activation: .tanh, glorotUniformFrom: &generator),
            Dense(name: "b", inputSize: 4, outputSize: 2, activation: .softmax, glorotUniformFrom: &generator),
        ])
        let inputs: [Float] = [0.1, -0.4, 0.9, 1.2, 0.3, -0.8]
        let targets: [Float] = [1, 0, 0, 1]
        let workspace = Workspace(network: network, rows: 2)
        let loss = inputs.withUnsafeBufferPointer { x in
            targets.withUnsafeBufferPointer { t in
                var generator = SeededGenerator(seed: 0)
                workspace.forward(network, input: x.baseAddress!, rows: 2, mode: .training, generator: &generator)
                return workspace.backward(network, input: x.baseAddress!, target: t.baseAddress!, rows: 2, loss: .categoricalCrossEntropy, mode: .training)
            }
        }
        let first = network.backward(network.trace(Array(inputs[0..<3])), target: [1, 0], loss: .categoricalCrossEntropy)
        let second = network.backward(network.trace(Array(inputs[3..<6])), target: [0, 1], loss: .categoricalCrossEntropy)
        #expect(abs(loss - (first.loss + second.loss) / 2) < 1e-6)
        for (index, mean) in zip(first.layers[0].weights, second.layers[0].weights).map({ ($0 + $1) / 2 }).enumerated() {
            #expect(abs(workspace.buffers[0].parameterGradients[0][index] - mean) < 1e-6)
        }
    }

    /// Dense → BatchNormalization → Dropout → Dense → softmax learns iris like a dense stack does, the
    /// same seed gives the same network, and the saved model predicts what the trained network does.
    @Test func batchNormalizationAndDropoutTrainDeterministicallyAndSurviveSaving() throws {
        var model = try ModelFile.load(path: fixture("layers/iris_bn_dropout.json"))
        let data = try examples("iris.csv", model: &model)
        #expect(model.effectiveLoss == .categoricalCrossEntropy)
        try model.checkTrainable(loss: model.effectiveLoss)
        func run(_ seed: UInt64) throws -> (Network, History) {
            var network = try model.network(seed: seed)
            let history = try Trainer.train(&network, on: data, loss: .categoricalCrossEntropy, task: model.task,
                                            options: TrainingOptions(epochs: 40, batchSize: 16, optimizer: .adam, learningRate: 0.01, seed: seed))
            return (network, history)
        }
        let (network, history) = try run(2)
        #expect(history.loss.last! < 0.35 * history.loss.first!, "\(history.loss)")
        #expect(Trainer.evaluate(network, on: data, loss: .categoricalCrossEntropy, task: model.task).accuracy! > 0.9)
        #expect(try run(2).0 == network)
        #expect(try run(3).0 != network)
        // The moving statistics moved away from Keras's starting values (mean 0, variance 1).
        let statistics = try #require(network.layers[1].parameters)
        #expect(statistics != .batchNormalization(BatchNormParameters(features: 16)))
        let trained = model.updating(from: network)
        let reloaded = try ModelFile.parse(try ModelFile.encode(trained), file: "saved.json")
        #expect(try reloaded.network().predict(data.inputs) == network.predict(data.inputs))
    }
}
