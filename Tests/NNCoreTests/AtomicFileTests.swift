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
        let file = try TemporaryFiles.create(beside: folder + "/out.png")
        let foreign = folder + "/.nnviz-1-0.tmp"
        try Data().write(to: URL(fileURLWithPath: foreign))
        TemporaryFiles.removeAll()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == [".nnviz-1-0.tmp"])
        TemporaryFiles.forget(temporaryFolder)
        TemporaryFiles.forget(file)
    }

    @Test func refusesAFolderAndAMissingFolder() throws {
        let folder = try folder()
        #expect(throws: AtomicFile.WriteError.self) { try AtomicFile.checkWritable(folder) }
        #expect(throws: AtomicFile.WriteError.self) { try AtomicFile.checkWritable(folder + "/missing/out.svg") }
    }
}
