import Foundation

/// Whole-file reading of UTF-8 text, with the reason in a few words when it fails. Every regular file
/// read is remembered so that no output of the same command replaces it (see `AtomicFile`).
public enum TextFile {
    public struct ReadError: Swift.Error {
        public var reason: String
    }

    /// The largest input file read, in bytes: 64 MB, or NNVIZ_MAX_INPUT_MB megabytes.
    public static var maximumSize: Int {
        if let text = ProcessInfo.processInfo.environment["NNVIZ_MAX_INPUT_MB"], let megabytes = Int(text), megabytes > 0,
           megabytes < Int.max >> 20 {
            return megabytes << 20
        }
        return 64 << 20
    }

    public static func read(_ path: String) throws(ReadError) -> String {
        let bytes = try readBytes(path)
        guard let text = String(validating: bytes, as: UTF8.self) else { throw ReadError(reason: "is not UTF-8 text") }
        return text
    }

    /// The bytes of `path`, refused when larger than `maximumSize` before any of it is read.
    public static func readBytes(_ path: String) throws(ReadError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK)
        guard descriptor >= 0 else {
            switch errno {
            case ENOENT, ENOTDIR: throw ReadError(reason: "no such file")
            case EACCES: throw ReadError(reason: "cannot be read (permission denied)")
            default: throw ReadError(reason: "cannot be read (" + String(cString: strerror(errno)) + ")")
            }
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw ReadError(reason: "cannot be read (" + String(cString: strerror(errno)) + ")") }
        switch status.st_mode & S_IFMT {
        case S_IFDIR: throw ReadError(reason: "is a folder, not a file")
        case S_IFREG: ReadFiles.insert(FileIdentity(status))
        case S_IFIFO, S_IFCHR: break
        default: throw ReadError(reason: "is not a regular file")
        }
        let limit = maximumSize
        guard Int(status.st_size) <= limit else {
            throw ReadError(reason: "is \(Int(status.st_size) >> 20) MB, more than nnviz reads (\(limit >> 20) MB; set NNVIZ_MAX_INPUT_MB to raise it)")
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(status.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError(reason: "cannot be read (" + String(cString: strerror(errno)) + ")")
            }
            if count == 0 { break }
            guard bytes.count + count <= limit else {
                throw ReadError(reason: "is more than nnviz reads (\(limit >> 20) MB; set NNVIZ_MAX_INPUT_MB to raise it)")
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }
}
