import Foundation
import Testing

/// Every command on every bad input of Fixtures/bad (and a few large ones made here): a non-zero
/// exit, one line on standard error naming the file, no output written, the inputs unchanged, and
/// the process held to 1 GB of address space and killed after 5 seconds if it hangs.
@Suite struct BadInputTests {
    /// A bad input and the commands to run on it; `{}` stands for the file.
    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var commands: [[String]]
        /// What stderr must contain besides the file's name.
        var mention: String?
        /// The file the error names, when it is not `file` (an output the command cannot write).
        var named: String?
        var testDescription: String { file }
    }

    static let modelCommands: [[String]] = [
        ["summary", "{}"],
        ["diagram", "{}", "-o", "out.svg"],
        ["diagram", "{}", "--style", "neurons", "-o", "out.png"],
        ["explain", "{}", "--input", "1,2,3,4", "-o", "out.md"],
        ["weights", "{}", "-o", "out.svg"],
        ["activations", "{}", "--input", "1,2,3,4", "-o", "out.png"],
        ["train", "{}", "--data", "d.csv", "--epochs", "1", "-o", "out.json", "--history", "out.csv"],
        ["predict", "{}", "--input", "d.csv", "-o", "out.csv"],
        ["evaluate", "{}", "--data", "d.csv"],
        ["report", "{}", "--data", "d.csv", "-o", "out"],
    ]

    static let dataCommands: [[String]] = [
        ["train", "m.json", "--data", "{}", "--epochs", "1", "-o", "out.json"],
        ["train", "m.json", "--data", "d.csv", "--validation", "{}", "--epochs", "1", "-o", "out.json"],
        ["predict", "t.json", "--input", "{}", "-o", "out.csv"],
        ["evaluate", "t.json", "--data", "{}"],
        ["explain", "t.json", "--input", "{}", "-o", "out.txt"],
        ["activations", "t.json", "--input", "{}", "-o", "out.svg"],
        ["diagram", "t.json", "--style", "neurons", "--input", "{}", "-o", "out.svg"],
        ["report", "t.json", "--data", "{}", "-o", "out"],
    ]

    static let runningCommands: [[String]] = [
        ["explain", "{}", "--input", "1,2,3,4", "-o", "out.md"],
        ["activations", "{}", "--input", "1,2,3,4", "-o", "out.png"],
        ["diagram", "{}", "--style", "neurons", "--input", "1,2,3,4", "-o", "out.svg"],
        ["predict", "{}", "--input", "1,2,3,4", "-o", "out.csv"],
        ["report", "{}", "--input", "1,2,3,4", "-o", "out"],
    ]

    static let modelFiles = [
        "not_json.json", "empty.json", "top_list.json", "deep.json", "huge_input_dim.json",
        "overflow_units.json", "negative_units.json", "empty_activation.json", "unknown_activation.json", "use_bias_string.json",
        "classes_twice.json", "classes_count.json", "weight_too_big.json", "weights_wrong_rows.json", "name_twice.json",
        "unknown_key.json", "keras_negative_shape.json", "keras_huge_shape.json", "keras_huge_flatten.json",
        "keras_conv_stride_zero.json", "keras_pool_zero.json", "keras_huge_filters.json", "keras_huge_embedding.json",
        "keras_huge_units.json", "keras_unknown_activation.json", "keras_use_bias_string.json", "keras_missing_output.json",
        "keras_missing_input.json", "keras_no_input_layer.json", "keras_inbound_string.json", "keras_inbound_undefined.json",
        "keras_not_a_model.json", "missing.json",
    ]

    static let dataFiles = [
        "nul.csv", "unclosed_quote.csv", "ragged.csv", "header_only.csv", "empty.csv", "semicolons.csv", "not_a_number.csv",
        "infinite.csv", "not_utf8.csv", "long_field.csv", "wide_header.csv", "missing.csv",
    ]

    static let cases: [Case] = modelFiles.map { Case(file: $0, commands: modelCommands) }
        + dataFiles.map { Case(file: $0, commands: dataCommands) }
        + ["history_no_loss.csv", "history_nan.csv", "history_ragged.csv", "history_bad.json", "history_lengths.json"].map {
            Case(file: $0, commands: [["loss", "{}", "-o", "out.svg"], ["loss", "{}", "--metric", "all", "-o", "out.png"]])
        }
        + [Case(file: "overflowing_weights.json", commands: runningCommands, mention: "overflowed"),
           Case(file: "chain.json", commands: [["diagram", "{}", "-o", "out.svg"]], mention: "more than nnviz draws"),
           Case(file: "concatenate.json", commands: [["diagram", "{}", "-o", "out.svg"]], mention: "more than nnviz draws"),
           Case(file: "wide.json", commands: [["diagram", "{}", "--style", "neurons", "--max-neurons", "3000", "-o", "out.png"]],
                mention: "lower --max-neurons"),
           Case(file: "t.json", commands: [["activations", "{}", "--input", "1,2,3,4", "--width", "10000", "--height", "10000",
                                            "--dpi", "314", "-o", "out.png"],
                                           ["weights", "{}", "--width", "10000", "--height", "10000", "--dpi", "314", "-o", "out.png"]],
                mention: "lower --dpi", named: "out.png")]

    /// How many command runs the corpus makes (the notes and docs quote it).
    static var runCount: Int { cases.reduce(0) { $0 + $1.commands.count } }

    @Test(arguments: cases)
    func failsCleanly(_ badCase: Case) throws {
        let folder = try Self.workspace(for: badCase.file)
        defer { try? FileManager.default.removeItem(at: folder) }
        for command in badCase.commands {
            let arguments = command.map { $0 == "{}" ? badCase.file : $0 }
            let before = try Self.snapshot(folder)
            let result = try Self.runLimited(arguments, in: folder)
            let shown = arguments.joined(separator: " ").prefix(200)
            #expect(!result.timedOut, "\(shown): still running after 5 s")
            #expect(result.status == 1 || result.status == 64, "\(shown): exit \(result.status), stderr: \(result.stderr.prefix(500))")
            let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: true)
            #expect(lines.count == 1, "\(shown): \(lines.count) lines on stderr: \(result.stderr.prefix(500))")
            #expect(result.stderr.hasPrefix("Error: "), "\(shown): \(result.stderr.prefix(500))")
            #expect(result.stderr.count <= 1_200, "\(shown): an error line of \(result.stderr.count) characters")
            let named = badCase.named ?? badCase.file
            #expect(result.stderr.contains(named), "\(shown): the error does not name \(named): \(result.stderr.prefix(500))")
            if let mention = badCase.mention {
                #expect(result.stderr.contains(mention), "\(shown): \(result.stderr.prefix(500))")
            }
            #expect(!result.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(shown): control characters on stderr")
            #expect(try Self.snapshot(folder) == before, "\(shown): the folder changed")
        }
    }

    /// A folder with the bad file, m.json (untrained), t.json (trained) and d.csv.
    static func workspace(for file: String) throws -> URL {
        let folder = try temporaryFolder()
        let source = inputs.appendingPathComponent(file)
        if FileManager.default.fileExists(atPath: source.path) {
            try FileManager.default.copyItem(at: source, to: folder.appendingPathComponent(file))
        }
        for (name, source) in [("m.json", "blog_model.json"), ("t.json", "blog_model.trained.json"), ("d.csv", "tiny_binary.csv")]
            where !FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path) {
            try FileManager.default.copyItem(atPath: fixture(source), toPath: folder.appendingPathComponent(name).path)
        }
        return folder
    }

    /// The bad inputs: Fixtures/bad, and the large ones made here (once) rather than kept in the repository.
    static let inputs: URL = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnviz-bad-inputs-\(UUID().uuidString)")
        do {
            try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("Fixtures/bad"), to: folder)
            func write(_ name: String, _ text: String) throws {
                try text.write(to: folder.appendingPathComponent(name), atomically: false, encoding: .utf8)
            }
            try write("deep.json", String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000))
            try write("long_field.csv", "a,b,c,d,label\n1,2," + String(repeating: "7", count: 5_000_000) + ",4,0\n")
            try write("wide_header.csv", (0..<100_000).map { "column_with_a_long_name_\($0)" }.joined(separator: ",") + "\n"
                      + Array(repeating: "1", count: 100_000).joined(separator: ",") + "\n")
            var chain = [#"{"class_name": "InputLayer", "config": {"name": "in", "batch_shape": [null, 4]}}"#]
            chain += (0..<20_000).map { #"{"class_name": "Dense", "config": {"name": "d\#($0)", "units": 2}}"# }
            try write("chain.json", #"{"class_name": "Sequential", "config": {"name": "chain", "layers": ["# + chain.joined(separator: ",") + "]}}")
            var layers = (0..<10_000).map {
                #"{"class_name": "InputLayer", "name": "i\#($0)", "config": {"name": "i\#($0)", "batch_shape": [null, 1]}, "inbound_nodes": []}"#
            }
            let inbound = (0..<10_000).map { #"["i\#($0)", 0, 0, {}]"# }.joined(separator: ",")
            layers.append(#"{"class_name": "Concatenate", "name": "cat", "config": {"name": "cat"}, "inbound_nodes": [[\#(inbound)]]}"#)
            try write("concatenate.json", #"{"class_name": "Functional", "config": {"name": "c", "layers": ["# + layers.joined(separator: ",")
                      + #"], "output_layers": [["cat", 0, 0]]}}"#)
            try write("wide.json", #"{"input_dim": 4000, "layers": [{"units": 4000}, {"units": 4000}, {"units": 10}]}"#)
        } catch {
            Issue.record("could not make the bad inputs: \(error)")
        }
        return folder
    }()

    /// Every file in `folder` (a folder's own files under "name/…") with its bytes.
    static func snapshot(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return files }
        while let name = walker.nextObject() as? String {
            var isFolder: ObjCBool = false
            let path = folder.appendingPathComponent(name).path
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
            files[name] = isFolder.boolValue ? Data() : try Data(contentsOf: URL(fileURLWithPath: path))
        }
        return files
    }

    struct LimitedResult {
        var status: Int32
        var stderr: String
        var timedOut: Bool
    }

    /// Runs the built nnviz with at most 1 GB of address space (setrlimit through the shell's
    /// `ulimit -v`), killing it after 5 seconds.
    static func runLimited(_ arguments: [String], in folder: URL) throws -> LimitedResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", #"ulimit -v 1048576 && exec "$0" "$@""#,
                             packageRoot.appendingPathComponent(".build/debug/nnviz").path] + arguments
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let reader = errors.fileHandleForReading
        let collected = Collected()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            collected.data = reader.readDataToEndOfFile()
            done.signal()
        }
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline { usleep(5_000) }
        let timedOut = process.isRunning
        if timedOut { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        done.wait()
        return LimitedResult(status: process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus,
                             stderr: String(decoding: collected.data, as: UTF8.self), timedOut: timedOut)
    }

    final class Collected: @unchecked Sendable {
        var data = Data()
    }
}
