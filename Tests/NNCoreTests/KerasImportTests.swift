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

    /// Keras 3 writes swish as `silu`: nnviz runs swish and shows the file's name, here and after saving.
    @Test func activationsKeepTheFilesSpelling() throws {
        let model = try ModelFile.load(path: fixture("keras/spelled_activations_keras3.json"))
        #expect(model.layers.map(\.kind.activationFunction) == [.swish, .swish, .gelu, .softmax])
        #expect(model.layers.map(\.activationSpelling) == ["silu", "silu", nil, nil])
        #expect(model.layers.map(\.activationName) == ["silu", "silu", "gelu", "softmax"])
        let network = try model.network(seed: 0)
        #expect(network.layers.map(\.activationName) == ["silu", "silu", "gelu", "softmax"])
        #expect(network.layers[0].dense?.activation == .swish)
        // Saved in nnviz's format, the spelling stays, and the reloaded model computes the same.
        let saved = try ModelFile.encode(model.updating(from: network))
        #expect(saved.contains("\"activation\": \"silu\""))
        let reloaded = try ModelFile.parse(saved, file: "saved.json")
        #expect(reloaded.layers.map(\.activationName) == ["silu", "silu", "gelu", "softmax"])
        #expect(reloaded.layers.map(\.kind) == model.layers.map(\.kind))
        let input: [Float] = [0.5, -1, 2, 0.25]
        #expect(try reloaded.network().predict(input) == network.predict(input))
    }

    @Test(arguments: ["relu", "swish", "gelu", "linear"])
    func aFunctionsOwnNameIsNoSpelling(name: String) throws {
        let activation = try #require(Activation(kerasName: name))
        #expect(Activation.spelling(name, of: activation) == nil)
        #expect(Activation.spelling("silu", of: .swish) == "silu")
        #expect(Activation.spelling("None", of: .linear) == nil)
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
        #expect(conv.settings == [LayerSetting("Filters", "8"), LayerSetting("Kernel", "3×3"), LayerSetting("Strides", "1×1")])
        #expect(model.layer(named: "max_pooling2d")?.settings == [LayerSetting("Pool size", "2×2"), LayerSetting("Strides", "2×2")])
        #expect(model.layer(named: "flatten")?.outputShape == [1352])
        #expect(model.layer(named: "flatten")?.settings == [])
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

    /// Dropout, BatchNormalization and activation layers become kinds nnviz runs, with the settings
    /// from the file (LeakyReLU's slope 0.1, not a default), in Keras 3's and tf_keras's spellings.
    @Test(arguments: ["layers/bn_dropout_keras3.json", "layers/bn_dropout_keras2.json"])
    func dropoutAndBatchNormalizationBecomeRunnableKinds(file: String) throws {
        let model = try ModelFile.load(path: fixture(file))
        let expected: [Layer.Kind] = [
            .dense(units: 8, activation: .relu, useBias: true),
            .batchNormalization(epsilon: 0.001, momentum: 0.9, center: true, scale: true),
            .dropout(rate: 0.25),
            .dense(units: 6, activation: .linear, useBias: true),
            .activation(.leakyRelu, alpha: 0.1),
            .batchNormalization(epsilon: 0.001, momentum: 0.99, center: false, scale: true),
            .dense(units: 3, activation: .linear, useBias: true),
            .activation(.softmax, alpha: nil),
        ]
        #expect(model.layers.map(\.kind) == expected)
        #expect(model.layers.allSatisfy { $0.isRunnable })
        // Keras's count_params() and its trainable share, from the same model.
        let keras = try JSONParser.parse(String(contentsOfFile: fixture("layers/bn_dropout_expected.json"), encoding: .utf8))
        #expect(model.parameterCount == keras["params"]?.int)
        #expect(model.parameterCount - model.nonTrainableParameterCount == keras["trainable_params"]?.int)
        #expect(model.outputWidth == 3)
        #expect(model.outputActivation == .softmax)
        #expect(model.effectiveLoss == .categoricalCrossEntropy)
        // It runs (from Glorot-uniform weights and Keras's starting statistics, as to_json() holds no weights).
        let output = try model.network(seed: 1).predict([1, 2, 3, 4, 5])
        #expect(output.count == 3 && abs(output.reduce(0, +) - 1) < 1e-5)
    }

    @Test(arguments: [
        (#"{"class_name": "ReLU", "config": {"max_value": 6.0}}"#, Layer.Kind.other(className: "ReLU", activation: nil)),
        (#"{"class_name": "ReLU", "config": {"negative_slope": 0.5}}"#, .activation(.leakyRelu, alpha: 0.5)),
        (#"{"class_name": "LeakyReLU", "config": {}}"#, .activation(.leakyRelu, alpha: 0.3)),
        (#"{"class_name": "ELU", "config": {"alpha": 0.5}}"#, .activation(.elu, alpha: 0.5)),
        (#"{"class_name": "Activation", "config": {"activation": "hard_sigmoid"}}"#, .other(className: "Activation", activation: "hard_sigmoid")),
        (#"{"class_name": "Flatten", "config": {}}"#, .passThrough(className: "Flatten")),
    ])
    func activationLayerSettingsAreKept(layer: String, kind: Layer.Kind) throws {
        let text = #"{"class_name": "Sequential", "config": {"layers": [{"class_name": "InputLayer", "config": {"batch_shape": [null, 3]}}, "# + layer + "]}}"
        #expect(try ModelFile.parse(text, file: "k.json").layers.first?.kind == kind)
    }

    @Test func aDropoutRateOfOneIsRefused() {
        let text = #"{"class_name": "Sequential", "config": {"layers": [{"class_name": "InputLayer", "config": {"batch_shape": [null, 3]}}, {"class_name": "Dropout", "config": {"rate": 1.0}}]}}"#
        #expect {
            _ = try ModelFile.parse(text, file: "k.json")
        } throws: { String(describing: $0).hasPrefix("k.json: config.layers[1].config.rate:") }
    }
}
