import Foundation
import Testing

@Suite struct SummaryCommandTests {
    @Test func blogModelHas81Parameters() throws {
        let result = try nnviz(["summary", fixture("blog_model.json")])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Total params: 81"))
        #expect(result.stdout.contains("dense_2 (Dense)"))
    }

    /// Keras writes swish as `silu`; every command shows the file's `silu` (and `gelu` as it is).
    @Test func activationsKeepTheFilesSpellingInEveryCommand() throws {
        let model = fixture("keras/spelled_activations_keras3.json")
        let folder = try temporaryFolder()
        let summary = try nnviz(["summary", model])
        let explain = try nnviz(["explain", model, "--input", "1,2,3,4"])
        let diagram = try nnviz(["diagram", model, "--show-math", "--format", "dot", "-o", "-"])
        let report = try nnviz(["report", model, "--input", "1,2,3,4", "-o", folder.appendingPathComponent("report").path])
        for result in [summary, explain, diagram, report] { #expect(result.status == 0, "\(result.stderr)") }
        let page = try String(contentsOf: folder.appendingPathComponent("report/index.html"), encoding: .utf8)
        #expect(summary.stdout.contains("hidden (Dense)               (None, 8)      silu"))
        #expect(explain.stdout.contains("Layer 1: hidden (8 neurons, silu)") && explain.stdout.contains("silu(1.003)"))
        #expect(diagram.stdout.contains("a = silu(W·x + b)") && diagram.stdout.contains("a = gelu(W·x + b)"))
        #expect(page.contains("silu"))
        for text in [summary.stdout, explain.stdout, diagram.stdout, page] { #expect(!text.contains("swish")) }
    }

    @Test func withNoModelGivenItSaysWhereItLooked() throws {
        let folder = try temporaryFolder()
        expectCleanFailure(try nnviz(["summary"], in: folder),
                           mentioning: "model.json: no such file (with no MODEL given, nnviz reads model.json in the current folder)")
    }

    @Test func malformedModelIsOneLine() throws {
        let folder = try temporaryFolder()
        let path = folder.appendingPathComponent("bad.json").path
        try "{\"input_dim\": 4,\n \"layers\": [}".write(toFile: path, atomically: true, encoding: .utf8)
        expectCleanFailure(try nnviz(["summary", path]), mentioning: "line 2, column 13")
    }
}
