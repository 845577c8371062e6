import Foundation
import Testing

@Suite struct ConvertCommandTests {
    @Test func aKerasArchiveBecomesNNVizJSONThatPredictsTheSame() throws {
        let folder = try temporaryFolder()
        let converted = try nnviz(["convert", fixture("import/blog.keras"), "-o", "blog.json"], in: folder)
        #expect(converted.status == 0, "\(converted.stderr)")
        #expect(converted.stderr.isEmpty)
        let input = fixture("import/blog_inputs.csv")
        let fromJSON = try nnviz(["predict", "blog.json", "--input", input], in: folder)
        let fromKeras = try nnviz(["predict", fixture("import/blog.keras"), "--input", input], in: folder)
        #expect(fromJSON.status == 0 && fromKeras.status == 0, "\(fromJSON.stderr) \(fromKeras.stderr)")
        #expect(fromJSON.stdout == fromKeras.stdout)
    }

    @Test func weightsGoWithAnArchitectureOnEveryCommand() throws {
        let folder = try temporaryFolder()
        let weights = fixture("import/blog.safetensors")
        let summary = try nnviz(["summary", fixture("blog_model.json"), "--weights", weights], in: folder)
        #expect(summary.status == 0, "\(summary.stderr)")
        let diagram = try nnviz(["diagram", fixture("blog_model.json"), "--weights", weights, "--style", "neurons", "-o", "n.svg"], in: folder)
        #expect(diagram.status == 0, "\(diagram.stderr)")
        let converted = try nnviz(["convert", fixture("blog_model.json"), "--weights", weights, "-o", "-"], in: folder)
        #expect(converted.status == 0, "\(converted.stderr)")
        #expect(converted.stdout.contains("\"weights\""))
    }

    @Test(arguments: [
        (["summary", "import/bad/sine.onnx"], "node Sin"),
        (["activations", "import/bad/billion.onnx", "--input", "1,2,3,4"], "initializer 'W'"),
        (["diagram", "import/bad/escape.onnx"], "outside the model's folder"),
        (["convert", "import/bad/no_model.h5", "-o", "x.json"], "without a Keras model"),
        (["predict", "import/blog.json", "--weights", "import/bn.weights.h5", "--input", "1,2,3,4"], "layer 'dense'"),
    ])
    func badFilesGiveOneLineAndNoOutput(arguments: [String], expected: String) throws {
        let folder = try temporaryFolder()
        let resolved = arguments.map { $0.hasPrefix("import/") ? fixture($0) : $0 }
        let result = try nnviz(resolved, in: folder)
        expectCleanFailure(result, mentioning: expected)
        #expect(result.status == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
