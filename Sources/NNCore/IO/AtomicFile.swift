import Foundation

/// A file write that either completes or leaves nothing: write a temporary file beside the target,
/// then rename it into place.
public enum AtomicFile {
    public struct WriteError: Swift.Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// Fails when `path` could not be written: its folder is missing or read-only, or it names a
    /// folder. Commands call it before long work so that it never ends in a write error.
    public static func checkWritable(_ path: String) throws(WriteError) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw WriteError(path: path, reason: "cannot write: folder '\(folder)' does not exist")
        }
        guard access(folder, W_OK) == 0 else {
            throw WriteError(path: path, reason: "cannot write: folder '\(folder)' is not writable")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw WriteError(path: path, reason: "cannot write: it is a folder")
        }
    }

    public static func write(_ data: Data, to path: String) throws(WriteError) {
        try checkWritable(path)
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temporary = folder + "/." + url.lastPathComponent + ".nnviz-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            throw WriteError(path: path, reason: "cannot write: permission denied or disk full")
        }
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw WriteError(path: path, reason: "cannot write: \(reason)")
        }
    }
}
