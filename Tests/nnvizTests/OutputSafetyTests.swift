import Foundation
import Testing

/// No command writes over one of its inputs, replaces something that is not a regular file, or
/// leaves a temporary file behind.
@Suite struct OutputSafetyTests {
    /// A folder with m.json (the blog model), t.json (trained), d.csv (its data) and h.csv (a history).
    func workspace() throws -> URL {
        let folder = try temporaryFolder()
        for (name, source) in [("m.json", "blog_model.json"), ("t.json", "blog_model.trained.json"), ("d.csv", "tiny_binary.csv")] {
            try FileManager.default.copyItem(atPath: fixture(source), toPath: folder.appendingPathComponent(name).path)
        }
        try "epoch,loss\n1,0.5\n2,0.25\n".write(to: folder.appendingPathComponent("h.csv"), atomically: true, encoding: .utf8)
        return folder
    }

    func snapshot(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return files
    }

    static let overwritingCommands: [[String]] = [
        ["train", "m.json", "--data", "d.csv", "--epochs", "1", "-o", "d.csv"],
        ["train", "m.json", "--data", "d.csv", "--epochs", "1", "-o", "./m.json"],
        ["train", "m.json", "--data", "d.csv", "--epochs", "1", "--history", "d.csv"],
        ["train", "m.json", "--data", "d.csv", "--epochs", "1", "--validation", "h.csv", "-o", "h.csv"],
        ["train", "m.json", "--data", "d.csv", "--epochs", "1", "-o", "x.json", "--history", "x.json"],
        ["predict", "t.json", "--input", "d.csv", "-o", "d.csv"],
        ["predict", "t.json", "--input", "d.csv", "-o", "t.json"],
        ["diagram", "m.json", "-o", "m.json", "--format", "svg"],
        ["diagram", "m.json", "-o", "link.json", "--format", "dot"],
        ["explain", "t.json", "--input", "d.csv", "-o", "t.json", "--format", "text"],
        ["explain", "t.json", "--input", "d.csv", "-o", "d.csv", "--format", "markdown"],
        ["activations", "t.json", "--input", "d.csv", "-o", "d.csv", "--format", "svg"],
        ["weights", "t.json", "-o", "t.json", "--format", "svg"],
        ["loss", "h.csv", "-o", "h.csv", "--format", "svg"],
        ["report", "t.json", "--data", "d.csv", "-o", "."],
    ]

    @Test(arguments: overwritingCommands)
    func noOutputIsAnInput(_ arguments: [String]) throws {
        let folder = try workspace()
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("link.json").path, withDestinationPath: "m.json")
        let before = try snapshot(folder)
        let result = try nnviz(arguments, in: folder)
        expectCleanFailure(result, mentioning: "cannot write")
        #expect(try snapshot(folder) == before)
    }

    @Test func aDeviceIsWrittenToNotReplaced() throws {
        let folder = try workspace()
        for arguments in [["diagram", "m.json", "-o", "/dev/null", "--format", "svg"],
                          ["predict", "t.json", "--input", "d.csv", "-o", "/dev/null"]] {
            let result = try nnviz(arguments, in: folder)
            #expect(result.status == 0, "\(result.stderr)")
            let attributes = try FileManager.default.attributesOfItem(atPath: "/dev/null")
            #expect(attributes[.type] as? FileAttributeType == .typeCharacterSpecial)
        }
    }

    /// A diagram is written once, under a temporary name beside the output: nothing goes through the
    /// system's temporary folder (here one that does not exist) and nothing is left beside the output.
    @Test(arguments: ["png", "svg", "pdf", "dot"])
    func aDiagramIsWrittenOnceBesideItsOutput(format: String) throws {
        let folder = try workspace()
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let result = try nnviz(["diagram", "m.json", "-o", "out/d." + format], in: folder,
                               environment: ["TMPDIR": folder.appendingPathComponent("no-such-folder").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["d." + format])
        #expect((try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent("d." + format).path)[.size] as? Int ?? 0) > 100)
    }

    @Test func aFIFOIsWrittenDirectly() throws {
        let folder = try workspace()
        let fifo = folder.appendingPathComponent("pipe.csv").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/cat")
        reader.arguments = [fifo]
        let pipe = Pipe()
        reader.standardOutput = pipe
        try reader.run()
        let result = try nnviz(["predict", "t.json", "--input", "d.csv", "-o", fifo], in: folder)
        let read = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        reader.waitUntilExit()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(read.hasPrefix("prediction,"))
        let attributes = try FileManager.default.attributesOfItem(atPath: fifo)
        #expect(attributes[.type] as? FileAttributeType != .typeRegular)
    }

    @Test func aLongOutputNameFits() throws {
        let folder = try workspace()
        let name = String(repeating: "n", count: 240) + ".svg"
        let result = try nnviz(["diagram", "m.json", "-o", name], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { !$0.hasPrefix(".") })
    }

    @Test func aNameLongerThanLinuxAllowsIsOneLine() throws {
        let folder = try workspace()
        let result = try nnviz(["diagram", "m.json", "-o", String(repeating: "n", count: 300) + ".svg"], in: folder)
        expectCleanFailure(result, mentioning: "at most 255")
    }

    /// SIGTERM while a report folder is being written leaves nothing behind, and another program's
    /// temporary file (named like nnviz's) is left alone.
    @Test func anInterruptedReportLeavesNoTemporary() throws {
        let folder = try workspace()
        let foreign = folder.appendingPathComponent(".nnviz-1-abc.tmp")
        try Data("not ours".utf8).write(to: foreign)
        let binary = packageRoot.appendingPathComponent(".build/debug/nnviz")
        var interrupted = false
        for _ in 0..<10 where !interrupted {
            let process = Process()
            process.executableURL = binary
            process.arguments = ["report", fixture("keras/mnist_784_1024_10_keras3.json"), "--input", fixture("charts/mnist_input.csv"),
                                 "-o", "r"]
            process.currentDirectoryURL = folder
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning, Date() < deadline {
                let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                if names.contains(where: { $0.hasPrefix(".nnviz-") && $0 != foreign.lastPathComponent }) {
                    kill(process.processIdentifier, SIGTERM)
                    break
                }
                usleep(2_000)
            }
            process.waitUntilExit()
            // A run that finished before the signal arrived wrote its report: try again.
            interrupted = process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGTERM
            if !interrupted { try? FileManager.default.removeItem(at: folder.appendingPathComponent("r")) }
        }
        #expect(interrupted, "no run was interrupted while writing its temporary folder")
        // The signal may come just after the finished folder was moved into place: then it is whole.
        var names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        if names.contains("r") {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("r/index.html").path))
            names.removeAll { $0 == "r" }
        }
        #expect(names == [".nnviz-1-abc.tmp", "d.csv", "h.csv", "m.json", "t.json"])
    }
}
