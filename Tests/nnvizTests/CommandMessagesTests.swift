import Foundation
import Testing

/// What the commands say when the user's input is unusual or wrong: one line, naming the file and what to do.
@Suite struct CommandMessagesTests {
    @Test(arguments: [["predict", fixture("blog_model.trained.json"), "--input", "-0.5,0.1,0.2,0.3"],
                      ["explain", fixture("blog_model.trained.json"), "--input", "-0.5,0.1,0.2,0.3", "--target", "1"],
                      ["activations", fixture("blog_model.trained.json"), "--input", "-0.5,0.1,0.2,0.3", "-o", "-.svg"]])
    func negativeFirstInputValueIsAValue(arguments: [String]) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try nnviz(arguments.map { $0 == "-.svg" ? folder.appendingPathComponent("a.svg").path : $0 })
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func aCSVFileGivenAsTheModelIsNamedAsData() throws {
        let result = try nnviz(["summary", fixture("iris.csv")])
        expectCleanFailure(result, mentioning: "iris.csv: looks like CSV data, not a model")
        #expect(result.stderr.contains("--data"))
    }

    @Test func semicolonSeparatedDataIsNamed() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("semi.csv")
        try "a;b;c;d;y\n1;2;3;4;0\n".write(to: data, atomically: true, encoding: .utf8)
        let result = try nnviz(["train", fixture("blog_model.json"), "--data", data.path, "-o", folder.appendingPathComponent("m.json").path])
        expectCleanFailure(result, mentioning: "semi.csv:1: the header is separated by semicolons")
    }

    @Test func aMissingOptionIsOneLine() throws {
        let result = try nnviz(["train", fixture("blog_model.json")])
        expectCleanFailure(result, mentioning: "Missing expected argument '--data <data>'")
        #expect(result.status == 64)
    }

    @Test func anInputForACNNNamesTheFileAndTheLayer() throws {
        let cnn = fixture("keras/cnn_keras3.json")
        let result = try nnviz(["activations", cnn, "--input", "1,2"])
        expectCleanFailure(result, mentioning: "\(cnn): nnviz runs Dense layers on one flat input")
        #expect(result.stderr.contains("(None, 28, 28, 1)") && result.stderr.contains("layer 'conv2d' is a Conv2D"))
        #expect(result.stderr.contains("nnviz diagram \(cnn)"))
    }

    @Test func explainUsesTheRowsLabelAsTheTarget() throws {
        let data = fixture("tiny_binary.csv")
        let trained = fixture("blog_model.trained.json")
        let implicit = try nnviz(["explain", trained, "--input", data, "--row", "3"])
        let label = try String(contentsOfFile: data, encoding: .utf8).split(whereSeparator: \.isNewline)[3].split(separator: ",").last.map(String.init)
        let explicit = try nnviz(["explain", trained, "--input", data, "--row", "3", "--target", try #require(label)])
        #expect(implicit.status == 0 && explicit.status == 0)
        #expect(implicit.stdout.contains("6. Loss"))
        #expect(implicit.stdout == explicit.stdout)
    }
}
