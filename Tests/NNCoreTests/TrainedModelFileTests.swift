import Foundation
import Testing
@testable import NNCore

/// A trained-model fixture: the file (and weights file) nnviz loads, and which layers of which
/// framework's reference run its layers should reproduce.
struct ImportCase: CustomTestStringConvertible, Sendable {
    var model: String
    var weights: String?
    var reference: String
    /// The model in reference.json (blog or bn).
    var example: String
    /// nnviz layer name → the framework's layer (or module index) it matches.
    var layers: [(String, String)]

    var testDescription: String { model + (weights.map { " + \($0)" } ?? "") }

    func load() throws -> Model {
        try ModelFile.load(path: fixture("import/" + model), weights: weights.map { fixture("import/" + $0) })
    }
}

let blogKerasLayers = [("dense", "dense"), ("dense_1", "dense_1"), ("dense_2", "dense_2")]
let blogTorchModules = [("dense", "1"), ("dense_1", "3"), ("dense_2", "5")]

/// Every file that holds the blog's 4-8-4-1 model, with the same trained weights.
let blogCases = [
    ImportCase(model: "blog.keras", reference: "keras", example: "blog", layers: blogKerasLayers),
    ImportCase(model: "blog.h5", reference: "keras", example: "blog", layers: blogKerasLayers),
    ImportCase(model: "blog.k2.h5", reference: "tf_keras", example: "blog", layers: blogKerasLayers),
    ImportCase(model: "blog.json", weights: "blog.weights.h5", reference: "keras", example: "blog", layers: blogKerasLayers),
    ImportCase(model: "blog.json", weights: "blog.k2.weights.h5", reference: "tf_keras", example: "blog", layers: blogKerasLayers),
    ImportCase(model: "blog.k2.json", weights: "blog.k2-legacy-weights.h5", reference: "tf_keras", example: "blog", layers: blogKerasLayers),
    ImportCase(model: "blog.json", weights: "blog.keras", reference: "keras", example: "blog", layers: blogKerasLayers),
    ImportCase(model: "blog.json", weights: "blog.safetensors", reference: "torch", example: "blog", layers: blogTorchModules),
    ImportCase(model: "../blog_model.json", weights: "blog_named.safetensors", reference: "torch", example: "blog", layers: blogTorchModules),
    ImportCase(model: "../blog_model.json", weights: "blog.h5", reference: "keras", example: "blog", layers: blogKerasLayers),
    ImportCase(model: "blog.onnx", reference: "torch", example: "blog", layers: blogTorchModules),
    ImportCase(model: "blog.ts.onnx", reference: "torch", example: "blog", layers: blogTorchModules),
    ImportCase(model: "blog.tf2onnx.onnx", reference: "keras", example: "blog", layers: blogKerasLayers),
]

let bnKerasLayers = [("input_norm", "input_norm"), ("dense_3", "dense_3"), ("dropout", "dropout"),
                     ("batch_normalization", "batch_normalization"), ("dense_4", "dense_4")]
let bnTorchModules = [("batch_normalization", "0"), ("dense", "2"), ("batch_normalization_1", "4"), ("dense_1", "6")]

/// Every file that holds the 13-feature model with BatchNormalization and Dropout.
let bnCases = [
    ImportCase(model: "bn.keras", reference: "keras", example: "bn", layers: bnKerasLayers),
    ImportCase(model: "bn.h5", reference: "keras", example: "bn", layers: bnKerasLayers),
    ImportCase(model: "bn.k2.h5", reference: "tf_keras", example: "bn", layers: bnKerasLayers),
    ImportCase(model: "bn.json", weights: "bn.weights.h5", reference: "keras", example: "bn", layers: bnKerasLayers),
    ImportCase(model: "bn.json", weights: "bn.k2.weights.h5", reference: "tf_keras", example: "bn", layers: bnKerasLayers),
    ImportCase(model: "bn.k2.json", weights: "bn.k2-legacy-weights.h5", reference: "tf_keras", example: "bn", layers: bnKerasLayers),
    ImportCase(model: "bn.json", weights: "bn.safetensors", reference: "torch", example: "bn",
               layers: [("input_norm", "0"), ("dense_3", "2"), ("dropout", "3"), ("batch_normalization", "4"), ("dense_4", "6")]),
    ImportCase(model: "bn.onnx", reference: "torch", example: "bn", layers: bnTorchModules),
    ImportCase(model: "bn.ts.onnx", reference: "torch", example: "bn", layers: bnTorchModules),
    ImportCase(model: "bn.extdata.onnx", reference: "torch", example: "bn", layers: bnTorchModules),
    ImportCase(model: "bn.tf2onnx.onnx", reference: "keras", example: "bn",
               layers: [("batch_normalization", "input_norm"), ("dense", "dense_3"), ("batch_normalization_1", "batch_normalization"),
                        ("dense_1", "dense_4")]),
]

/// The frameworks' own numbers for the fixtures (scripts/export_import_fixtures.py).
let importReference: JSONValue = {
    let text = (try? String(contentsOfFile: fixture("import/reference.json"), encoding: .utf8)) ?? ""
    return (try? JSONParser.parse(text)) ?? .null
}()

func referenceRows(_ value: JSONValue?) -> [[Float]] {
    value?.array?.map { $0.array?.compactMap(\.float) ?? [] } ?? []
}

/// Each layer's output for `input`, by layer name, as nnviz computes it.
func layerOutputs(_ model: Model, input: [Float]) throws -> [String: [Float]] {
    let network = try model.network()
    let trace = network.trace(input)
    return Dictionary(uniqueKeysWithValues: zip(network.layers.map(\.name), trace.layers.map(\.a)))
}

@Suite struct TrainedModelFileTests {
    @Test(arguments: blogCases + bnCases)
    func everyLayerMatchesTheFramework(_ item: ImportCase) throws {
        let model = try item.load()
        let reference = importReference[item.example]
        let inputs = referenceRows(reference?["inputs"])
        #expect(inputs.count == 4)
        let key = item.reference == "torch" ? "modules" : "layers"
        for (row, input) in inputs.enumerated() {
            let ours = try layerOutputs(model, input: input)
            for (name, theirs) in item.layers {
                let expected = referenceRows(reference?[item.reference]?[key]?[theirs])[row]
                let actual = try #require(ours[name], "no layer \(name)")
                #expect(actual.count == expected.count)
                for (a, e) in zip(actual, expected) {
                    #expect(abs(a - e) <= 1e-5, "\(item.testDescription) row \(row) layer \(name): \(a) vs \(e)")
                }
            }
        }
    }

    @Test(arguments: blogCases + bnCases)
    func parameterCountsAreKerasCountParams(_ item: ImportCase) throws {
        let model = try item.load()
        #expect(model.parameterCount == importReference[item.example]?["count_params"]?.int)
    }

    /// Half-precision weights are widened: the result is the model run with the rounded weights.
    @Test(arguments: [("blog.fp16.safetensors", "torch_fp16_weights"), ("blog.bf16.safetensors", "torch_bf16_weights")])
    func halfPrecisionWeightsAreWidened(file: String, reference: String) throws {
        let model = try ModelFile.load(path: fixture("blog_model.json"), weights: fixture("import/" + file))
        let inputs = referenceRows(importReference["blog"]?["inputs"])
        let expected = referenceRows(importReference["blog"]?[reference]?["output"])
        let network = try model.network()
        for (input, output) in zip(inputs, expected) {
            #expect(abs(network.predict(input)[0] - output[0]) <= 1e-5)
        }
    }

    @Test func formatsAreToldByContentNotExtension() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnviz-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for file in ["blog.keras", "blog.h5", "blog.onnx"] {
            let renamed = folder.appendingPathComponent(file.replacingOccurrences(of: ".", with: "_") + ".model").path
            try FileManager.default.copyItem(atPath: fixture("import/" + file), toPath: renamed)
            #expect(try ModelFile.load(path: renamed).parameterCount == 81)
        }
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixture("import/blog.safetensors"))))
        #expect(TrainedModelFile.format(of: bytes) == .safetensors)
        #expect(TrainedModelFile.format(of: Array("{\"input_dim\": 4}".utf8)) == nil)
    }

    /// nnviz JSON written from an imported model reads back with the very same floats.
    @Test(arguments: ["blog.keras", "blog.onnx", "blog.h5", "bn.keras", "bn.onnx", "bn.tf2onnx.onnx"])
    func convertedJSONIsBitExact(file: String) throws {
        let model = try ModelFile.load(path: fixture("import/" + file))
        let copy = try ModelFile.parse(ModelFile.encode(model), file: "converted")
        #expect(copy.layers.map(\.parameters) == model.layers.map(\.parameters))
    }
}

@Suite struct TrainedModelFileErrorTests {
    /// The first line of what loading `model` (with `weights`) throws.
    func failure(_ model: String, weights: String? = nil) -> String {
        do {
            _ = try ModelFile.load(path: model, weights: weights)
            return "loaded"
        } catch {
            return error.description
        }
    }

    func temporary(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nnviz-\(UUID().uuidString)-\(name)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func bytes(_ name: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixture("import/" + name))))
    }

    /// Every prefix of each file fails cleanly with its name in the message (never a crash).
    @Test(arguments: ["blog.keras", "blog.h5", "blog.onnx", "blog.safetensors", "bn.k2.h5"])
    func truncatedFilesFailCleanly(file: String) throws {
        let whole = try bytes(file)
        for length in stride(from: 0, to: whole.count, by: max(1, whole.count / 97)) {
            let path = try temporary("cut-\(file)", Array(whole.prefix(length)))
            defer { try? FileManager.default.removeItem(atPath: path) }
            let message = file.hasSuffix(".safetensors") ? failure(fixture("import/blog.json"), weights: path) : failure(path)
            // Protobuf has no end marker: a cut between two trailing fields (ONNX's opset list) leaves
            // the same model.
            if message == "loaded", file.hasSuffix(".onnx") {
                #expect(try ModelFile.load(path: path) == ModelFile.load(path: fixture("import/" + file)))
                continue
            }
            #expect(message.hasPrefix(path), "\(length) bytes: \(message)")
        }
    }

    /// Flipped bytes anywhere give an error or a model, never a crash.
    @Test(arguments: ["blog.keras", "blog.h5", "blog.onnx", "blog.safetensors", "bn.onnx"])
    func corruptedFilesNeverCrash(file: String) throws {
        let whole = try bytes(file)
        var generator = SeededGenerator(seed: 8)
        for _ in 0..<60 {
            var damaged = whole
            for _ in 0..<4 {
                let index = Int(generator.uniform(0, Float(damaged.count - 1)))
                damaged[index] ^= UInt8(truncatingIfNeeded: Int(generator.uniform(1, 255)))
            }
            let path = try temporary("bad-\(file)", damaged)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let message = file.hasSuffix(".safetensors") ? failure(fixture("import/blog.json"), weights: path) : failure(path)
            #expect(message == "loaded" || message.hasPrefix(path) || message.contains(path), "\(message)")
        }
    }

    @Test func aCorruptedArchiveMemberFailsItsChecksum() throws {
        var damaged = try bytes("blog.keras")
        damaged[damaged.count / 2] ^= 0xFF
        let path = try temporary("crc.keras", damaged)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(failure(path).contains("CRC-32"))
    }

    @Test(arguments: [
        ("bad/no_model.h5", "without a Keras model"),
        ("blog.weights.h5", "holds weights only"),
        ("blog.safetensors", "holds weights only"),
        ("bad/sine.onnx", "node Sin: is an operation nnviz cannot run"),
        ("bad/billion.onnx", "initializer 'W': claims shape [1000000000, 4]"),
        ("bad/escape.onnx", "'../escape.bin', outside the model's folder"),
        ("bad/absolute.onnx", "'/etc/hostname', outside the model's folder"),
    ])
    func badModelFilesAreNamed(file: String, expected: String) {
        let message = failure(fixture("import/" + file))
        #expect(message.hasPrefix(fixture("import/" + file)))
        #expect(message.contains(expected), "\(message)")
    }

    @Test(arguments: [
        ("blog.json", "bad/billion.safetensors", "tensor '0.weight': claims shape [1000000000, 4]"),
        ("blog.json", "bn.safetensors", "layer 'dense': needs weight [8, 4] and bias [8]"),
        ("blog.json", "bn.weights.h5", "layer 'dense': finds /layers/dense/vars named 'dense_3'"),
        ("bn.json", "blog.weights.h5", "layer 'input_norm': has no group /layers/batch_normalization/vars"),
        ("blog.k2.json", "bn.k2-legacy-weights.h5", "layer 'dense': is not among the file's layer_names"),
        ("../blog_model.json", "bn.k2.h5", "layer 'dense': needs kernel [4, 8] and bias [8]"),
        ("blog.json", "blog.onnx", "is not a weights file nnviz reads"),
    ])
    func weightsForAnotherArchitectureAreRefused(model: String, weights: String, expected: String) {
        let message = failure(fixture("import/" + model), weights: fixture("import/" + weights))
        #expect(message.hasPrefix(fixture("import/" + weights)))
        #expect(message.contains(expected), "\(message)")
        #expect(message.contains("the file holds") || !expected.contains("layer"), "\(message)")
    }
}

@Suite struct ImportReaderTests {
    @Test func crc32HasItsCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)[...]) == 0xCBF4_3926)
        #expect(CRC32.checksum([]) == 0)
        // Lengths around the 8-byte step give the same as one byte at a time.
        let bytes = (0..<37).map { UInt8(truncatingIfNeeded: $0 * 73 + 11) }
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        }
        #expect(CRC32.checksum(bytes[...]) == crc ^ 0xFFFF_FFFF)
    }

    @Test(arguments: [("Dense", "dense"), ("BatchNormalization", "batch_normalization"), ("ReLU", "re_lu"),
                      ("Conv2D", "conv2d"), ("GRUCell", "gru_cell"), ("InputLayer", "input_layer")])
    func kerasGroupNamesAreSnakeCase(className: String, expected: String) {
        #expect(KerasWeights.snakeCase(className) == expected)
    }

    @Test func kernelsAreTransposedToOneRowPerNeuron() {
        // Keras's [inputs = 2, units = 3] kernel → nnviz's [3 × 2].
        #expect(KerasWeights.transposed([1, 2, 3, 4, 5, 6], rows: 2, columns: 3) == [1, 4, 2, 5, 3, 6])
    }

    @Test func varintsAreBoundedAndLengthsChecked() throws {
        var tooLong = ByteReader([UInt8](repeating: 0xFF, count: 12), file: "x.onnx", place: "ModelProto")
        #expect(throws: ModelFileError.self) { try tooLong.varint() }
        var fine = ByteReader([0xAC, 0x02], file: "x.onnx", place: "ModelProto")
        #expect(try fine.varint() == 300)
        // Field 7 (graph) claiming 2^40 bytes in a 10-byte file.
        let claim: [UInt8] = [0x08, 0x07, 0x3A, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 0x00]
        #expect(throws: ModelFileError.self) { try ONNXDecoder.model(claim, file: "x.onnx") }
    }
}
