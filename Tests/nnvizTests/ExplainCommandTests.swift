import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite struct ExplainCommandTests {
    let trained = fixture("blog_model.trained.json")

    @Test func explainsToStandardOutputAsText() throws {
        let result = try nnviz(["explain", trained, "--input", fixture("tiny_binary.csv"), "--row", "2", "--target", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        for heading in ["1. Input layer", "2. Layer 1: dense (8 neurons, relu)", "5. Output", "6. Loss", "7. Backpropagation",
                        "8. Weight update (one step of gradient descent)"] {
            #expect(result.stdout.contains(heading + "\n"), "missing \(heading)")
        }
        #expect(result.stdout.contains("row 2 of \(fixture("tiny_binary.csv"))"))
        #expect(result.stdout.contains("The loss fell"))
    }

    @Test(arguments: [("md", "# How"), ("html", "<!DOCTYPE html>"), ("tex", "\\documentclass"), ("txt", "How the network")])
    func formatFollowsTheExtension(pathExtension: String, start: String) throws {
        let folder = try temporaryFolder()
        let path = folder.appendingPathComponent("explanation.\(pathExtension)").path
        let result = try nnviz(["explain", trained, "--input", "0.5,0.2,0.9,0.1", "--target", "0", "-o", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written.hasPrefix(start))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["explanation.\(pathExtension)"])
    }

    @Test func formatOptionWinsAndFragmentEmbeds() throws {
        let folder = try temporaryFolder()
        let path = folder.appendingPathComponent("part.txt").path
        let result = try nnviz(["explain", trained, "--input", "0.5,0.2,0.9,0.1", "--format", "html", "--fragment", "-o", path])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(html.hasPrefix("<section class=\"nnviz-explanation\">"))
        let document = try XMLDocument(data: Data(html.utf8), options: [])
        #expect(try document.nodes(forXPath: "//*[local-name()='math']").count > 10)
    }

    @Test func sameCommandGivesTheSameBytes() throws {
        let arguments = ["explain", trained, "--input", fixture("tiny_binary.csv"), "--row", "5", "--target", "0", "--format", "markdown",
                         "--precision", "6", "--max-neurons", "2", "--learning-rate", "0.05"]
        let first = try nnviz(arguments)
        let second = try nnviz(arguments)
        #expect(first.status == 0)
        #expect(first.stdout == second.stdout)
        #expect(first.stdout.contains("rounded to 6 significant digits"))
        #expect(first.stdout.contains("for the first 2 neurons"))
        #expect(first.stdout.contains("\\eta = 0.05"))
    }

    @Test func untrainedModelIsSeededWithANote() throws {
        let result = try nnviz(["explain", fixture("blog_model.json"), "--input", "0.1,0.2,0.3,0.4", "--seed", "5"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("no trained weights") && result.stderr.contains("--seed 5"))
        #expect(result.stdout.replacingOccurrences(of: "\n", with: " ").contains("from seed 5"))
        let again = try nnviz(["explain", fixture("blog_model.json"), "--input", "0.1,0.2,0.3,0.4", "--seed", "6"])
        #expect(again.stdout != result.stdout)
    }

    @Test func targetThatIsNotAClassFailsCleanly() throws {
        expectCleanFailure(try nnviz(["explain", trained, "--input", "0.1,0.2,0.3,0.4", "--target", "cat"]), mentioning: "not a class of this model")
    }

    @Test func untrainedModelWithABadTargetFailsWithOneLine() throws {
        expectCleanFailure(try nnviz(["explain", fixture("blog_model.json"), "--input", "0.1,0.2,0.3,0.4", "--target", "yes"]),
                           mentioning: "not a class of this model")
    }

    @Test func inputOfTheWrongWidthFailsCleanly() throws {
        expectCleanFailure(try nnviz(["explain", trained, "--input", "0.1,0.2,0.3"]), mentioning: "expects 4")
    }

    @Test func unknownFormatFailsCleanly() throws {
        let folder = try temporaryFolder()
        let path = folder.appendingPathComponent("x.md").path
        let unknown = try nnviz(["explain", trained, "--input", "0.1,0.2,0.3,0.4", "--format", "pdf", "-o", path])
        #expect(unknown.status != 0 && unknown.stderr.contains("'pdf' is invalid for '--format"), "\(unknown.stderr)")
        #expect(!unknown.stderr.contains("Fatal error"))
        let byExtension = folder.appendingPathComponent("x.pdf").path
        expectCleanFailure(try nnviz(["explain", trained, "--input", "0.1,0.2,0.3,0.4", "-o", byExtension]), mentioning: "cannot tell the format")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test(arguments: ["blog_model.trained.json", "blog_model.json"])
    func unwritablePathFailsCleanly(model: String) throws {
        let folder = try temporaryFolder()
        let path = folder.appendingPathComponent("missing/explanation.md").path
        expectCleanFailure(try nnviz(["explain", fixture(model), "--input", "0.1,0.2,0.3,0.4", "-o", path]), mentioning: "does not exist")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func rowPastTheEndFailsCleanly() throws {
        let folder = try temporaryFolder()
        let path = folder.appendingPathComponent("e.txt").path
        expectCleanFailure(try nnviz(["explain", trained, "--input", fixture("tiny_binary.csv"), "--row", "1001", "-o", path]), mentioning: "past the end")
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func existingOutputIsLeftAloneOnFailure() throws {
        let folder = try temporaryFolder()
        let path = folder.appendingPathComponent("e.md").path
        try "previous".write(toFile: path, atomically: true, encoding: .utf8)
        expectCleanFailure(try nnviz(["explain", trained, "--input", "0.1,0.2,0.3,0.4", "--target", "2", "-o", path]), mentioning: "not a class")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "previous")
    }
}

/// docs/walkthrough.* hold `nnviz explain` output; these checks keep them in step with the code.
@Suite struct ExplainWalkthroughTests {
    let arguments = ["explain", "Fixtures/blog_model.trained.json", "--input", "Fixtures/tiny_binary.csv", "--row", "13",
                     "--target", "1", "--max-neurons", "8"]

    @Test func walkthroughMarkdownEndsWithTheExplanation() throws {
        let result = try nnviz(arguments + ["--format", "markdown", "--fragment"])
        #expect(result.status == 0)
        let page = try String(contentsOfFile: packageRoot.appendingPathComponent("docs/walkthrough.md").path, encoding: .utf8)
        #expect(page.hasSuffix("\n---\n\n" + result.stdout), "docs/walkthrough.md is out of date: replace what follows its last --- with the output of nnviz \(arguments.joined(separator: " ")) --format markdown --fragment")
    }

    @Test(arguments: ["html", "tex"])
    func walkthroughPagesAreTheExplanation(pathExtension: String) throws {
        let folder = try temporaryFolder()
        let path = folder.appendingPathComponent("walkthrough.\(pathExtension)").path
        let result = try nnviz(arguments + ["-o", path])
        #expect(result.status == 0)
        let written = try String(contentsOfFile: path, encoding: .utf8)
        let committed = try String(contentsOfFile: packageRoot.appendingPathComponent("docs/walkthrough.\(pathExtension)").path, encoding: .utf8)
        #expect(written == committed, "docs/walkthrough.\(pathExtension) is out of date: nnviz \(arguments.joined(separator: " ")) -o docs/walkthrough.\(pathExtension)")
    }
}
