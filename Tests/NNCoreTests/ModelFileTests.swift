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
        network.layers[0].weights[0] = Float.leastNonzeroMagnitude
        network.layers[0].weights[1] = Float.greatestFiniteMagnitude
        network.layers[0].weights[2] = -0.0
        network.layers[0].weights[3] = Float(1).nextUp
        network.layers[1].bias = network.layers[1].bias.map { _ in generator.uniform(-1, 1) }
        model = model.updating(from: network)
        model.normalization = Normalization(method: .standard, offset: [0.1, 0.2, 0.3, 0.4], scale: [1, 2, 3, 1e-3])
        model.training = TrainingRecord(optimizer: "adam", learningRate: 0.001, epochs: 3, batchSize: 32, seed: UInt64.max,
                                        history: History(loss: [0.7, 0.5, 0.3], accuracy: [0.5, 0.75, 1]))
        let first = try ModelFile.encode(model)
        let reloaded = try ModelFile.parse(first, file: "saved.json")
        #expect(reloaded == model)
        for (a, b) in zip(reloaded.layers, model.layers) {
            #expect(a.parameters!.weights.map(\.bitPattern) == b.parameters!.weights.map(\.bitPattern))
        }
        #expect(try ModelFile.encode(reloaded) == first)
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
