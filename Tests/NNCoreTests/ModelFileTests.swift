import Foundation
import Testing
@testable import NNCore

@Suite struct ModelFileTests {
    static let seedExample = #"{"input_dim": 4, "layers": [{"units": 8, "activation": "relu"}, {"units": 4, "activation": "relu"}, {"units": 1, "activation": "sigmoid"}]}"#

    @Test func theBlogsOneLineModelLoads() throws {
        let model = try ModelFile.parse(Self.seedExample, file: "model.json")
        #expect(model.layers.map(\.name) == ["dense", "dense_1", "dense_2"])
        #expect(model.parameterCount == 81)
        #expect(model.inputSize == 4)
        #expect(!model.isTrained)
        #expect(model.task == .binary)
    }

    @Test func saveLoadSaveGivesIdenticalBytesAndExactFloats() throws {
        var model = try ModelFile.parse(Self.seedExample, file: "model.json")
        model.name = "round trip"
        model.featureNames = ["a", "b", "c", "d \"quoted\""]
        model.classNames = ["no", "yes"]
        model.loss = .binaryCrossEntropy
        var generator = SeededGenerator(seed: 5)
        var network = try model.network(seed: 5)
        // Awkward floats: subnormal, huge, negative zero, one ulp above 1.
        network.layers[0].dense!.weights[0] = Float.leastNonzeroMagnitude
        network.layers[0].dense!.weights[1] = Float.greatestFiniteMagnitude
        network.layers[0].dense!.weights[2] = -0.0
        network.layers[0].dense!.weights[3] = Float(1).nextUp
        network.layers[1].dense!.bias = network.layers[1].dense!.bias.map { _ in generator.uniform(-1, 1) }
        model = model.updating(from: network)
        model.normalization = Normalization(method: .standard, offset: [0.1, 0.2, 0.3, 0.4], scale: [1, 2, 3, 1e-3])
        model.training = TrainingRecord(optimizer: "adam", learningRate: 0.001, epochs: 3, batchSize: 32, seed: UInt64.max,
                                        history: History(loss: [0.7, 0.5, 0.3], accuracy: [0.5, 0.75, 1]))
        let first = try ModelFile.encode(model)
        let reloaded = try ModelFile.parse(first, file: "saved.json")
        #expect(reloaded == model)
        for (a, b) in zip(reloaded.layers, model.layers) {
            #expect(a.denseParameters!.weights.map(\.bitPattern) == b.denseParameters!.weights.map(\.bitPattern))
        }
        #expect(try ModelFile.encode(reloaded) == first)
    }

    /// Every layer kind of the native format reads and writes back with the same bytes and exact floats.
    @Test func everyLayerKindRoundTrips() throws {
        let model = try ModelFile.load(path: fixture("layers/bn_dropout_trained.json"))
        #expect(model.layers.map(\.className) == ["Dense", "BatchNormalization", "Dropout", "Dense", "Activation",
                                                  "BatchNormalization", "Dense", "Activation"])
        #expect(model.layers.map(\.width) == [8, 8, 8, 6, 6, 6, 3, 3])
        #expect(model.isTrained)
        let bn = try #require(model.layer(named: "bn_1")?.batchNormParameters)
        #expect(bn.beta == [Float](repeating: 0, count: 6))
        #expect(model.layer(named: "bn_1")?.kind == .batchNormalization(epsilon: 0.001, momentum: 0.99, center: false, scale: true))
        let first = try ModelFile.encode(model)
        let reloaded = try ModelFile.parse(first, file: "saved.json")
        #expect(reloaded == model)
        #expect(try ModelFile.encode(reloaded) == first)
        // 'bn_1' has no center, so only 'bn' writes a beta.
        #expect(first.components(separatedBy: "\"beta\"").count == 2)
    }

    @Test(arguments: [
        (#"{"input_dim": 2, "layers": [{"type": "conv2d"}]}"#, "layers[0].type: unknown layer type 'conv2d'"),
        (#"{"input_dim": 2, "layers": [{"type": "dropout", "rate": 1}]}"#, "layers[0].rate: expected a number from 0 up to"),
        (#"{"input_dim": 2, "layers": [{"type": "dropout", "rate": 0.1, "units": 3}]}"#, "layers[0].units: unknown key for a dropout layer"),
        (#"{"input_dim": 2, "layers": [{"type": "activation", "activation": "relu", "alpha": 0.1}]}"#, "layers[0].alpha: only leaky_relu and elu"),
        (#"{"input_dim": 2, "layers": [{"type": "batch_normalization", "epsilon": 0}]}"#, "layers[0].epsilon: must be a positive number"),
        (#"{"input_dim": 2, "layers": [{"type": "batch_normalization", "gamma": [1, 1], "beta": [0, 0], "moving_mean": [0, 0]}]}"#,
         "layers[0].moving_variance: missing"),
        (#"{"input_dim": 2, "layers": [{"type": "batch_normalization", "gamma": [1, 1], "beta": [0, 0], "moving_mean": [0, 0], "moving_variance": [1, -1]}]}"#,
         "layers[0].moving_variance[1]: must not be negative"),
        (#"{"input_dim": 2, "layers": [{"type": "batch_normalization", "gamma": [1], "beta": [0, 0], "moving_mean": [0, 0], "moving_variance": [1, 1]}]}"#,
         "layers[0].gamma: expected 2 numbers"),
        (#"{"input_dim": 2, "layers": [{"type": "batch_normalization", "scale": false, "gamma": [1, 1]}]}"#, "layers[0].gamma: given, but the layer has scale false"),
    ])
    func badLayersNameThePlace(text: String, expected: String) {
        #expect {
            _ = try ModelFile.parse(text, file: "m.json")
        } throws: { error in
            let message = String(describing: error)
            return message.hasPrefix("m.json: ") && message.contains(expected)
        }
    }

    @Test func saveIsAtomicAndReportsAnUnwritablePath() throws {
        let model = try ModelFile.parse(Self.seedExample, file: "model.json")
        #expect(throws: ModelFileError.self) { try ModelFile.save(model, to: "/no/such/folder/model.json") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnviz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("m.json").path
        try ModelFile.save(model, to: path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["m.json"])
    }

    @Test(arguments: [
        (#"{"input_dim": 4, "layers": [}"#, "line 1, column 29"),
        ("{\n  \"input_dim\": 4,\n  \"layers\": [\n    {\"units\": 8,, }\n  ]\n}", "line 4, column 17"),
        (#"{"input_dim": 4, "layers": [{"units": 8, "activation": "relux"}]}"#, "layers[0].activation: unknown activation 'relux'"),
        (#"{"input_dim": 4, "layers": [{"units": 0, "activation": "relu"}]}"#, "layers[0].units: must be positive"),
        (#"{"input_dim": 4, "layers": [{"units": -3}]}"#, "layers[0].units: must be positive"),
        (#"{"input_dim": 0, "layers": [{"units": 3}]}"#, "input_dim: must be a positive whole number"),
        (#"{"input_dim": 4, "loss": "hinge", "layers": [{"units": 3}]}"#, "loss: unknown loss 'hinge'"),
        (#"{"input_dim": 4, "layers": []}"#, "layers: is empty"),
        (#"{"input_dim": 2, "layers": [{"units": 1, "weights": [[1]], "bias": [0]}]}"#, "layers[0].weights[0]: expected 2 numbers"),
        (#"{"input_dim": 2, "layrs": []}"#, "layrs: unknown key"),
        ("   ", "is empty"),
    ])
    func badModelsNameThePlace(text: String, expected: String) {
        #expect {
            _ = try ModelFile.parse(text, file: "m.json")
        } throws: { error in
            let message = String(describing: error)
            return message.hasPrefix("m.json: ") && message.contains(expected)
        }
    }

    @Test func aMissingFileIsNamed() {
        #expect(throws: ModelFileError.unreadable(file: "/nope/model.json", reason: "no such file")) {
            try ModelFile.load(path: "/nope/model.json")
        }
    }
}
