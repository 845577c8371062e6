import Foundation
import Testing
@testable import NNCore

@Suite struct AtomicFileTests {
    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nnviz-atomic-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func writesThroughAShortTemporaryName() throws {
        let folder = try folder()
        let path = folder + "/" + String(repeating: "x", count: 244)
        try AtomicFile.write(Data("hello".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "hello")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == [String(repeating: "x", count: 244)])
        let temporary = try TemporaryFiles.create(beside: path)
        defer { TemporaryFiles.remove(temporary) }
        #expect(URL(fileURLWithPath: temporary).lastPathComponent.utf8.count < 40)
    }

    @Test func refusesAFileThisProcessRead() throws {
        let folder = try folder()
        let path = folder + "/read.csv"
        try Data("a,b\n1,2\n".utf8).write(to: URL(fileURLWithPath: path))
        _ = try TextFile.read(path)
        #expect(throws: AtomicFile.WriteError.self) { try AtomicFile.write(Data("x".utf8), to: folder + "/./read.csv") }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "a,b\n1,2\n")
    }

    @Test func refusesAnInputUnderAnotherName() throws {
        let folder = try folder()
        try Data("1".utf8).write(to: URL(fileURLWithPath: folder + "/in.json"))
        #expect(link(folder + "/in.json", folder + "/hard.json") == 0)
        #expect(throws: AtomicFile.WriteError.self) { try AtomicFile.checkWritable(folder + "/hard.json", inputs: [folder + "/in.json"]) }
        try AtomicFile.checkWritable(folder + "/other.json", inputs: [folder + "/in.json"])
    }

    @Test func removeAllRemovesOnlyRegisteredPaths() throws {
        let folder = try folder()
        let temporaryFolder = try TemporaryFiles.createFolder(beside: folder + "/report")
        let inside = temporaryFolder + "/index.html"
        TemporaryFiles.register(inside)
        try Data("page".utf8).write(to: URL(fileURLWithPath: inside))
        // A library may write into the folder without registering what it writes: it goes with the folder.
        try Data("pixels".utf8).write(to: URL(fileURLWithPath: temporaryFolder + "/unregistered.png"))
        let file = try TemporaryFiles.create(beside: folder + "/out.png")
        let foreign = folder + "/.nnviz-1-0.tmp"
        try Data().write(to: URL(fileURLWithPath: foreign))
        // Only this test's folder: tests running at the same time have temporaries of their own.
        TemporaryFiles.removeAll(inside: folder)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == [".nnviz-1-0.tmp"])
        TemporaryFiles.forget(temporaryFolder)
        TemporaryFiles.forget(file)
    }

    /// A finished report folder replaces the old one, and neither it nor the old one set aside is
    /// left registered or on disk; a move that cannot be made leaves the old folder in place.
    @Test func movingAFolderReplacesTheOldOneAndLeavesNothingAside() throws {
        let folder = try folder()
        func registered() -> [String] {
            (0..<TemporaryFiles.capacity).compactMap { TemporaryFiles.slots[$0].map { String(cString: $0) } }
        }
        let destination = folder + "/report"
        try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: false)
        try Data("old".utf8).write(to: URL(fileURLWithPath: destination + "/old.html"))
        let temporary = try TemporaryFiles.createFolder(beside: destination)
        try Data("new".utf8).write(to: URL(fileURLWithPath: temporary + "/index.html"))
        try TemporaryFiles.moveFolder(temporary, replacing: destination)
        #expect(try FileManager.default.contentsOfDirectory(atPath: destination) == ["index.html"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["report"])
        #expect(!registered().contains { $0.hasPrefix(temporary) })

        let fresh = folder + "/second"
        let second = try TemporaryFiles.createFolder(beside: fresh)
        try TemporaryFiles.moveFolder(second, replacing: fresh)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["report", "second"])

        let third = try TemporaryFiles.createFolder(beside: destination)
        #expect(throws: AtomicFile.WriteError.self) { try TemporaryFiles.moveFolder(third, replacing: folder + "/missing/report") }
        #expect(registered().contains(third))
        TemporaryFiles.remove(third)
        #expect(try FileManager.default.contentsOfDirectory(atPath: destination) == ["index.html"])
    }

    @Test func refusesAFolderAndAMissingFolder() throws {
        let folder = try folder()
        #expect(throws: AtomicFile.WriteError.self) { try AtomicFile.checkWritable(folder) }
        #expect(throws: AtomicFile.WriteError.self) { try AtomicFile.checkWritable(folder + "/missing/out.svg") }
    }

    /// A file read and then deleted does not stop a new file at a reused inode from being written:
    /// file systems hand a freed inode to the next new file at once.
    @Test func aNewFileOnAReusedInodeIsNotTakenForOneThatWasRead() throws {
        let folder = try self.folder()
        for round in 0..<20 {
            let input = folder + "/in\(round).json"
            try Data("{}".utf8).write(to: URL(fileURLWithPath: input))
            _ = try TextFile.readBytes(input)
            #expect(throws: AtomicFile.WriteError.self) { try AtomicFile.checkWritable(input) }
            try FileManager.default.removeItem(atPath: input)
            let output = folder + "/out\(round).png"
            try Data("old".utf8).write(to: URL(fileURLWithPath: output))
            try AtomicFile.checkWritable(output)
            try FileManager.default.removeItem(atPath: output)
        }
    }

    @Test func overwriteReplacesTheContentsInPlace() throws {
        let folder = try self.folder()
        let path = folder + "/page.pdf"
        try Data("a longer first version".utf8).write(to: URL(fileURLWithPath: path))
        let before = try #require(FileIdentity(path: path))
        try AtomicFile.overwrite(path, with: Data("short".utf8))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "short")
        let after = try #require(FileIdentity(path: path))
        #expect(after.device == before.device && after.inode == before.inode, "the file was replaced, not overwritten")
    }
}

/// The ceilings that keep a file from making nnviz trap or allocate what it merely claims.
@Suite struct SizeLimitTests {
    @Test func productsOverflowToNil() {
        #expect(SizeLimits.product([3_037_000_500, 3_037_000_500]) == nil)
        #expect(SizeLimits.product([Int.max, 2], ceiling: Int.max) == nil)
        #expect(SizeLimits.product([-1, 4]) == nil)
        #expect(SizeLimits.product([4, 8]) == 32)
        #expect(SizeLimits.denseParameters(inputs: 4, units: 8, useBias: true) == 40)
        #expect(SizeLimits.denseParameters(inputs: 1 << 20, units: 1 << 12, useBias: false) == nil)
    }

    @Test func aJSONDocumentHasAtMostItsValueCeiling() throws {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("[1, 2, 3, 4]", maximumValues: 4) }
        #expect(try JSONParser.parse("[1, 2, 3]", maximumValues: 4) == .array([.number("1"), .number("2"), .number("3")]))
    }

    @Test func deepNestingIsRefusedNotARecursionCrash() {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
    }

    @Test func csvIsLinearAndRefusesNUL() throws {
        let table = try CSVTable.parse("0.5,1\n2,3\n", file: "n.csv")
        #expect(table.headerIsGenerated)
        #expect(table.header == ["column1", "column2"])
        #expect(table.rows.count == 2)
        #expect(throws: DataError.self) { try CSVTable.parse("a,b\n1,\u{0}\n", file: "z.csv") }
        let long = "a,b\n" + String(repeating: "9", count: 2_000_000) + ",1\n"
        #expect(try CSVTable.parse(long, file: "l.csv").rows[0][0].count == 2_000_000)
    }

    @Test func sanitizedTextIsOneLineWithoutControls() {
        #expect(Sanitized.text("a\nb\u{1B}[31m") == "a\\nb\\u{1B}[31m")
        #expect(Sanitized.quoted(String(repeating: "x", count: 100), limit: 10).hasSuffix("(100 characters)"))
    }
}
