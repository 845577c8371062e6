import Foundation
import Testing

/// libhdf5 1.10 can crash on a corrupted file; the nnviz command reads HDF5 in a child process first,
/// so such a file is one line on stderr and exit 1, never a crash.
@Suite struct HDF5CrashTests {
    /// A blog.h5 with four flipped bytes that crashes libhdf5 inside H5HG_read (a global-heap copy
    /// sized by the corrupted file).
    @Test func aFileThatCrashesLibHDF5IsOneLine() throws {
        let path = fixture("import/bad/crashes-libhdf5.h5")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        for command in [["summary", path], ["diagram", path, "-o", "-"]] {
            let result = try nnviz(command)
            expectCleanFailure(result, mentioning: "\(path): is a corrupted HDF5 file")
            #expect(!result.stderr.contains("Backtrac"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    /// Flipped bytes anywhere in a .h5 or .keras give a model or one line naming the file.
    @Test(arguments: ["blog.h5", "blog.keras"])
    func damagedFilesNeverCrashTheCommand(file: String) throws {
        let whole = [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixture("import/" + file))))
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var state: UInt64 = 8
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        for round in 0..<40 {
            var damaged = whole
            for _ in 0..<4 { damaged[next() % damaged.count] ^= UInt8(1 + next() % 254) }
            let path = folder.appendingPathComponent("bad-\(round)-\(file)").path
            try Data(damaged).write(to: URL(fileURLWithPath: path))
            let result = try nnviz(["summary", path])
            #expect(result.status == 0 || result.status == 1, "round \(round): exit \(result.status)")
            if result.status != 0 {
                expectCleanFailure(result, mentioning: path)
            }
        }
    }
}
