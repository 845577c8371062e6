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

/// The numbers a program can read: activations as CSV and JSON, predictions, every update.
@Suite struct CommandNumbersTests {
    @Test func activationsWritesEveryLayerForEveryRowAsCSV() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("a.csv").path
        let result = try nnviz(["activations", fixture("iris_model.trained.json"), "--input", fixture("iris.csv"), "-o", path])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "row,layer,activation,neuron,z,a")
        // 150 rows × (16 + 3) neurons.
        #expect(lines.count == 1 + 150 * 19)
        #expect(lines[1].hasPrefix("1,dense,relu,1,") && lines[17].hasPrefix("1,dense_1,softmax,1,"))
    }

    @Test func activationsJSONGoesToStandardOutputForOneInput() throws {
        let result = try nnviz(["activations", fixture("blog_model.trained.json"), "--input", "-0.5,0.1,0.2,0.3", "--format", "json",
                                "--layer", "dense_2"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("{\n  \"rows\": [\n"))
        #expect(result.stdout.contains("\"input\": [-0.5, 0.1, 0.2, 0.3]"))
        #expect(result.stdout.contains("\"name\": \"dense_2\"") && !result.stdout.contains("\"name\": \"dense\""))
    }

    @Test func aChartCommandRefusesANumbersFormat() throws {
        let result = try nnviz(["weights", fixture("blog_model.trained.json"), "--format", "csv"])
        expectCleanFailure(result, mentioning: "--format csv writes numbers, which only nnviz activations does")
    }

    @Test func predictNamesClassesByIndexWithoutClassNames() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var text = try String(contentsOfFile: fixture("iris_model.trained.json"), encoding: .utf8)
        let classes = try #require(text.range(of: #""classes": \[[^\]]*\],?\s*"#, options: .regularExpression))
        text.removeSubrange(classes)
        let model = folder.appendingPathComponent("iris.json")
        try text.write(to: model, atomically: true, encoding: .utf8)
        let result = try nnviz(["predict", model.path, "--input", "5.1,3.5,1.4,0.2"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("prediction,p(0),p(1),p(2)\n0,"))
    }

    @Test func allUpdatesListsEveryParameter() throws {
        let some = try nnviz(["explain", fixture("blog_model.trained.json"), "--input", "0.5,0.2,0.9,0.1", "--target", "1", "--format", "markdown"])
        let all = try nnviz(["explain", fixture("blog_model.trained.json"), "--input", "0.5,0.2,0.9,0.1", "--target", "1", "--format", "markdown",
                             "--all-updates"])
        #expect(some.status == 0 && all.status == 0)
        func tableRows(_ text: String) -> Int {
            guard let start = text.range(of: "One step of gradient descent") else { return 0 }
            return text[start.upperBound...].split(separator: "\n").drop { !$0.hasPrefix("|") }.prefix { $0.hasPrefix("|") }.count
        }
        // The blog model has 4·8 + 8 + 8·4 + 4 + 4·1 + 1 = 81 parameters; the table has a header and a rule line too.
        #expect(tableRows(all.stdout) == 81 + 2)
        #expect(tableRows(some.stdout) < 81)
    }
}
