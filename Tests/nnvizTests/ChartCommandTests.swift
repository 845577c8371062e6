import Foundation
import Testing

/// The chart commands end to end: the built binary, real files, and the bad inputs of the issue.
@Suite struct ChartCommandTests {
    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    func bytes(_ url: URL) throws -> [UInt8] { [UInt8](try Data(contentsOf: url)) }

    func files(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func blogActivationsArePNGWithANoteAboutTheSeed() throws {
        let folder = try temporaryFolder()
        let output = folder.appendingPathComponent("activations.png")
        let result = try nnviz(["activations", fixture("blog_model.json"), "--input", "0.5,0.1,0.9,0.3", "-o", output.path])
        #expect(result.status == 0)
        #expect(result.stderr.contains("no trained weights") && result.stderr.contains("--seed 0"))
        let png = try bytes(output)
        #expect(png.starts(with: Self.pngSignature))
        func uint32(_ offset: Int) -> Int { png[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        #expect(uint32(16) == 720 && uint32(20) == 440)
    }

    @Test(arguments: ["png", "svg", "pdf"])
    func sameCommandSameBytes(format: String) throws {
        let folder = try temporaryFolder()
        var outputs: [[UInt8]] = []
        for name in ["first", "second"] {
            let output = folder.appendingPathComponent("\(name).\(format)")
            let result = try nnviz(["activations", fixture("blog_model.json"), "--input", "0.5,0.1,0.9,0.3", "--layer", "all",
                                    "--pre-activation", "--theme", "dark", "-o", output.path])
            #expect(result.status == 0)
            outputs.append(try bytes(output))
        }
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0].count > 1000)
    }

    /// `--scale layer` gives each panel its own y scale (another picture); a wrong value is one line.
    @Test func activationsScaleOptionChoosesTheYScale() throws {
        let folder = try temporaryFolder()
        var outputs: [[UInt8]] = []
        for scale in ["network", "layer"] {
            let output = folder.appendingPathComponent("\(scale).svg")
            let result = try nnviz(["activations", fixture("blog_model.trained.json"), "--input", "0.5,0.1,0.9,0.3", "--layer", "all",
                                    "--scale", scale, "-o", output.path])
            #expect(result.status == 0, "\(result.stderr)")
            outputs.append(try bytes(output))
        }
        #expect(outputs[0] != outputs[1])
        let bad = try nnviz(["activations", fixture("blog_model.trained.json"), "--input", "0.5,0.1,0.9,0.3", "--layer", "all",
                             "--scale", "wide", "-o", folder.appendingPathComponent("bad.png").path])
        #expect(bad.status != 0 && bad.stderr.split(separator: "\n").count == 1 && bad.stderr.contains("--scale"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("bad.png").path))
    }

    @Test func formatOptionOverridesTheExtensionAndDpiScalesPNG() throws {
        let folder = try temporaryFolder()
        let output = folder.appendingPathComponent("chart.img")
        let result = try nnviz(["activations", fixture("blog_model.json"), "--input", "1,2,3,4", "--format", "png", "--dpi", "192",
                                "--width", "500", "--height", "300", "-o", output.path])
        #expect(result.status == 0)
        let png = try bytes(output)
        func uint32(_ offset: Int) -> Int { png[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        #expect(png.starts(with: Self.pngSignature) && uint32(16) == 1000 && uint32(20) == 600)
    }

    @Test func trainWritesItsLossPlotAndLossReadsTheHistory() throws {
        let folder = try temporaryFolder()
        let history = folder.appendingPathComponent("history.csv").path
        let plot = folder.appendingPathComponent("train-loss.svg")
        let trained = folder.appendingPathComponent("model.trained.json").path
        let train = try nnviz(["train", fixture("blog_model.json"), "--data", fixture("tiny_binary.csv"), "--epochs", "5",
                               "--validation-split", "0.2", "--history", history, "--loss-plot", plot.path, "-o", trained, "--quiet"])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(String(decoding: try bytes(plot), as: UTF8.self).contains("<svg"))
        for (arguments, name) in [(["--metric", "all", "--smooth", "2"], "all.pdf"), (["--log-scale"], "log.png")] {
            let output = folder.appendingPathComponent(name)
            let result = try nnviz(["loss", history] + arguments + ["-o", output.path])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(try bytes(output).count > 1000)
        }
        let weights = folder.appendingPathComponent("weights.png")
        let result = try nnviz(["weights", trained, "--layer", "dense_1", "-o", weights.path])
        #expect(result.status == 0 && result.stderr.isEmpty)
        #expect(try bytes(weights).starts(with: Self.pngSignature))
    }

    @Test(arguments: [
        ("", "is empty"),
        ("epoch,loss\n1,0.5\n2,nan\n", ":3 (column 'loss'): 'nan' is not a finite number"),
        ("epoch,loss,val_loss\n1,0.5\n", ":2: has 2 fields but the header has 3"),
        ("{\"loss\": [1, 2", "line 1, column 15"),
    ])
    func badHistoriesFailInOneLineWithoutAFile(content: String, mention: String) throws {
        let folder = try temporaryFolder()
        let history = folder.appendingPathComponent(content.hasPrefix("{") ? "history.json" : "history.csv")
        try content.write(to: history, atomically: true, encoding: .utf8)
        let result = try nnviz(["loss", history.path, "-o", folder.appendingPathComponent("loss.png").path])
        expectCleanFailure(result, mentioning: mention)
        #expect(try files(in: folder) == [history.lastPathComponent])
    }

    @Test func unknownLayerListsTheLayersThatExist() throws {
        let folder = try temporaryFolder()
        let result = try nnviz(["activations", fixture("blog_model.json"), "--input", "1,2,3,4", "--layer", "dense_9",
                                "-o", folder.appendingPathComponent("a.png").path])
        expectCleanFailure(result, mentioning: "its layers are dense, dense_1, dense_2")
        #expect(try files(in: folder).isEmpty)
        let weights = try nnviz(["weights", fixture("blog_model.json"), "--layer", "output", "-o", folder.appendingPathComponent("w.png").path])
        expectCleanFailure(weights, mentioning: "no layer 'output'")
    }

    @Test func wrongInputWidthFails() throws {
        let folder = try temporaryFolder()
        let result = try nnviz(["activations", fixture("blog_model.json"), "--input", "1,2,3", "-o", folder.appendingPathComponent("a.png").path])
        expectCleanFailure(result, mentioning: "has 3 values but the model expects 4")
        #expect(try files(in: folder).isEmpty)
    }

    @Test func unwritablePathFailsWithoutLeftovers() throws {
        let folder = try temporaryFolder()
        let missing = folder.appendingPathComponent("no-such-folder/a.png").path
        let result = try nnviz(["activations", fixture("blog_model.json"), "--input", "1,2,3,4", "-o", missing])
        expectCleanFailure(result, mentioning: "does not exist")
        #expect(try files(in: folder).isEmpty)
        let unknown = try nnviz(["activations", fixture("blog_model.json"), "--input", "1,2,3,4", "-o", folder.appendingPathComponent("a.jpg").path])
        expectCleanFailure(unknown, mentioning: "use .png, .svg or .pdf")
        #expect(try files(in: folder).isEmpty)
    }

    @Test func logScaleOfAZeroLossFails() throws {
        let folder = try temporaryFolder()
        let history = folder.appendingPathComponent("h.csv")
        try "epoch,loss\n1,0.5\n2,0\n".write(to: history, atomically: true, encoding: .utf8)
        let result = try nnviz(["loss", history.path, "--log-scale", "-o", folder.appendingPathComponent("l.png").path])
        expectCleanFailure(result, mentioning: "loss is 0 at epoch 2")
        #expect(try files(in: folder) == ["h.csv"])
    }

    /// The themes and --font-size, for charts and diagrams alike: same bytes twice, and a size
    /// outside 6…32 or an unknown theme refused in one line before anything is written.
    @Test(arguments: ["colorblind", "print"])
    func themesAndFontSizesForChartsAndDiagrams(theme: String) throws {
        let folder = try temporaryFolder()
        let commands: [(String, [String])] = [
            ("weights.svg", ["weights", fixture("blog_model.trained.json"), "--layer", "dense"]),
            ("activations.png", ["activations", fixture("blog_model.trained.json"), "--input", "0.5,0.1,0.9,0.3", "--layer", "all"]),
            ("neurons.svg", ["diagram", fixture("blog_model.trained.json"), "--style", "neurons", "--input", "0.5,0.1,0.9,0.3"]),
            ("layers.pdf", ["diagram", fixture("blog_model.json")]),
        ]
        for (name, command) in commands {
            var outputs: [[UInt8]] = []
            for run in ["a", "b"] {
                let output = folder.appendingPathComponent(run + name)
                let result = try nnviz(command + ["--theme", theme, "--font-size", "14", "-o", output.path])
                #expect(result.status == 0, "\(result.stderr)")
                outputs.append(try bytes(output))
            }
            #expect(outputs[0] == outputs[1] && outputs[0].count > 1000, "\(name)")
        }
        let svg = String(decoding: try bytes(folder.appendingPathComponent("aneurons.svg")), as: UTF8.self)
        #expect(svg.contains(theme == "print" ? "stroke-dasharray" : "#0072b2"))
    }

    @Test(arguments: [
        (["--font-size", "40"], "--font-size must be between 6 and 32 (got 40)"),
        (["--font-size", "5.5"], "--font-size must be between 6 and 32 (got 5.5)"),
        (["--font-size", "nan"], "--font-size must be between 6 and 32"),
        (["--theme", "sepia"], "unknown theme 'sepia' (expected light, dark, colorblind or print)"),
    ])
    func badThemeOptionsAreRefused(options: [String], message: String) throws {
        let folder = try temporaryFolder()
        // Options are checked before any file is read (and no report folder is begun).
        for command in [["loss", "history.csv"], ["diagram", fixture("blog_model.json")], ["boundary", fixture("blog_model.json"), "--data", fixture("tiny_binary.csv")],
                        ["evolution", "snapshots.json", "--data", fixture("tiny_binary.csv")],
                        ["report", fixture("blog_model.trained.json"), "--data", fixture("tiny_binary.csv")]] {
            let result = try nnviz(command + options + ["-o", folder.appendingPathComponent("x.png").path])
            expectCleanFailure(result, mentioning: message)
        }
        #expect(try files(in: folder).isEmpty)
    }
}
