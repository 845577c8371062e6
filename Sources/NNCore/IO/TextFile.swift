import Foundation

/// Whole-file reading of UTF-8 text, with the reason in a few words when it fails.
public enum TextFile {
    public struct ReadError: Swift.Error {
        public var reason: String
    }

    public static func read(_ path: String) throws(ReadError) -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw ReadError(reason: "no such file") }
        guard !isFolder.boolValue else { throw ReadError(reason: "is a folder, not a file") }
        guard let data = FileManager.default.contents(atPath: path) else { throw ReadError(reason: "cannot be read (permission denied?)") }
        guard let text = String(data: data, encoding: .utf8) else { throw ReadError(reason: "is not UTF-8 text") }
        return text
    }
}
