import Foundation
import Testing

@Suite struct SummaryCommandTests {
    @Test func blogModelHas81Parameters() throws {
        let result = try nnviz(["summary", fixture("blog_model.json")])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Total params: 81"))
        #expect(result.stdout.contains("dense_2 (Dense)"))
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
