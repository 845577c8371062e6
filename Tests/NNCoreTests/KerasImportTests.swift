import Foundation
import Testing
@testable import NNCore

@Suite struct KerasImportTests {
    @Test(arguments: ["keras/blog_model_keras3.json", "keras/blog_model_keras2.json"])
    func theBlogsModelImportsWith81Parameters(file: String) throws {
        let model = try ModelFile.load(path: fixture(file))
        #expect(model.origin == .keras)
        #expect(model.parameterCount == 81)
        #expect(model.layers.map(\.name) == ["dense", "dense_1", "dense_2"])
        #expect(model.inputSize == 4)
        #expect(model.layers.map(\.activationName) == ["relu", "relu", "sigmoid"])
        // It trains like a native model.
        _ = try model.network(seed: 0)
    }

    /// nnviz's reading of each Keras 3 export agrees with what Keras itself reported for it.
    @Test(arguments: ["blog_model_keras3.json", "cnn_keras3.json", "mnist_784_1024_10_keras3.json", "two_inputs_keras3.json"])
    func parameterCountsAgreeWithKeras(file: String) throws {
        let expected = try JSONParser.parse(String(contentsOfFile: fixture("keras/expected_by_keras.json"), encoding: .utf8))
        let model = try ModelFile.load(path: fixture("keras/" + file))
        #expect(model.parameterCount == expected[file]?["params"]?.int)
        let names = expected[file]?["layers"]?.array?.compactMap(\.string) ?? []
        let ours = (model.inputs.map(\.name) + model.layers.map(\.name)).filter(names.contains)
        #expect(ours == names)
    }

    @Test(arguments: ["keras/two_inputs_keras3.json", "keras/two_inputs_keras2.json"])
    func functionalGraphsKeepEveryEdge(file: String) throws {
        let model = try ModelFile.load(path: fixture(file))
        #expect(model.inputs.map(\.name) == ["numeric", "categorical"])
        #expect(model.inputs.map(\.shape) == [[4], [6]])
        #expect(model.layer(named: "merge")?.inbound == ["numeric_dense", "categorical_dense"])
        #expect(model.layer(named: "merge")?.outputShape == [12])
        #expect(model.outputs == ["output"])
        #expect(throws: ModelError.self) { try model.network() }
    }

    @Test func otherLayerKindsAreDescribedAndTrainingNamesThem() throws {
        let model = try ModelFile.load(path: fixture("keras/cnn_keras3.json"))
        let conv = try #require(model.layer(named: "conv2d"))
        #expect(conv.className == "Conv2D")
        #expect(conv.outputShape == [26, 26, 8])
        #expect(conv.parameterCount == 80)
        #expect(model.layer(named: "flatten")?.outputShape == [1352])
        #expect {
            try model.network()
        } throws: { error in
            String(describing: error).contains("'conv2d' is a Conv2D")
        }
    }

    @Test func unknownKeysAreIgnoredAndUnknownModelClassesRejected() throws {
        let text = #"{"class_name": "Sequential", "future_key": 1, "config": {"name": "s", "layers": [{"class_name": "InputLayer", "config": {"batch_shape": [null, 3], "name": "in"}}, {"class_name": "Dense", "config": {"name": "d", "units": 2, "activation": "softmax", "brand_new": true}}]}}"#
        let model = try ModelFile.parse(text, file: "k.json")
        #expect(model.parameterCount == 8)
        #expect {
            _ = try ModelFile.parse(#"{"class_name": "Pipeline", "config": {}}"#, file: "k.json")
        } throws: { String(describing: $0).contains("class_name: 'Pipeline'") }
    }
}
