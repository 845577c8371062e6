import Foundation
import Testing

/// Every example in `nnviz help COMMAND` runs as pasted from the package root.
@Suite struct HelpExamplesTests {
    /// The commands in the order a reader meets them, so that an example may use a file an earlier one made.
    static let commands = ["", "summary", "train", "evaluate", "predict", "activations", "loss", "weights", "explain", "diagram",
                           "report"]

    /// The example commands of a help text: lines starting with `nnviz `, continued by a trailing backslash.
    static func examples(in help: String) -> [String] {
        var found: [String] = []
        var current: String?
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            let text = line.trimmingCharacters(in: .whitespaces)
            if current == nil, text.hasPrefix("nnviz ") { current = "" }
            guard var command = current else { continue }
            if text.hasSuffix("\\") {
                command += text.dropLast().trimmingCharacters(in: .whitespaces) + " "
                current = command
            } else {
                found.append(command + text)
                current = nil
            }
        }
        return found
    }

    @Test func examplesAreFoundWithTheirContinuationLines() {
        let help = "Examples:\n  nnviz train a.json \\\n      --data b.csv\n  nnviz loss h.csv\nUSAGE: nnviz loss <history>\n"
        #expect(Self.examples(in: help) == ["nnviz train a.json --data b.csv", "nnviz loss h.csv"])
    }

    /// A command's own arguments are parsed by that command alone (`NNViz.parsed`); help, --version
    /// and mistakes still read as the root command gives them.
    @Test(arguments: HelpExamplesTests.commands.filter { !$0.isEmpty })
    func helpAndMistakesNameTheRootCommand(command: String) throws {
        for request in [["--help"], ["-h"]] {
            let help = try nnviz([command] + request)
            #expect(help.status == 0)
            #expect(help.stdout.contains("USAGE: nnviz \(command) "), "\(help.stdout.prefix(300))")
        }
        let version = try nnviz([command, "--version"])
        #expect(version.status == 0 && version.stdout == "0.1.0\n")
        let mistake = try nnviz([command, "--no-such-option"])
        #expect(mistake.status == 64)
        #expect(mistake.stderr.hasPrefix("Error: ") && mistake.stderr.split(separator: "\n").count == 1, "\(mistake.stderr)")
    }

    @Test func everyHelpExampleRunsFromThePackageRoot() throws {
        // A copy of the package root as a reader has it: Fixtures/ (read only for the examples) and nnviz on the PATH.
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bin = folder.appendingPathComponent("bin")
        let work = folder.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: bin.appendingPathComponent("nnviz"),
                                                   withDestinationURL: packageRoot.appendingPathComponent(".build/debug/nnviz"))
        try FileManager.default.createSymbolicLink(at: work.appendingPathComponent("Fixtures"),
                                                   withDestinationURL: packageRoot.appendingPathComponent("Fixtures"))
        let fixturesBefore = try FileManager.default.subpathsOfDirectory(atPath: fixture("")).sorted()

        var all: [String] = []
        for command in Self.commands {
            let help = try nnviz(["help"] + (command.isEmpty ? [] : [command]))
            #expect(help.status == 0)
            let examples = Self.examples(in: help.stdout)
            #expect(!examples.isEmpty, "nnviz help \(command) shows no example")
            all += examples
        }
        #expect(all.count >= 18)
        for example in all {
            // USAGE lines are not examples.
            guard !example.contains("<") else { continue }
            let result = try run(["bash", "-c", "export PATH=\"\(bin.path):$PATH\"; " + example], in: work)
            #expect(result.status == 0, "\(example) failed: \(result.stderr)")
        }
        #expect(try FileManager.default.subpathsOfDirectory(atPath: fixture("")).sorted() == fixturesBefore,
                "an example wrote into Fixtures/")
    }
}
