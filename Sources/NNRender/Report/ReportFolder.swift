import Foundation
import NNCore

/// A report folder written in full under a temporary name beside its destination, then moved into
/// place; an existing folder is replaced only when an earlier `nnviz report` wrote it.
public final class ReportFolder {
    static let marker = ".nnviz-report"
    let destination: String
    let temporary: String
    private var committed = false

    /// Makes the temporary folder beside `destination`, failing early when it cannot be written there.
    public init(destination: String) throws(RenderError) {
        let url = URL(fileURLWithPath: destination).standardizedFileURL
        let parent = url.deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isFolder), isFolder.boolValue else {
            throw RenderError.unwritable(file: destination, reason: "cannot write: folder '\(parent)' does not exist")
        }
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) {
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            guard isFolder.boolValue, contents.isEmpty || contents.contains(Self.marker) else {
                throw RenderError.unwritable(file: destination, reason: "already exists and was not written by nnviz report; choose another folder or remove it")
            }
        }
        self.destination = url.path
        temporary = parent + "/." + url.lastPathComponent + ".nnviz-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do {
            try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false)
            try Data().write(to: URL(fileURLWithPath: temporary + "/" + Self.marker))
        } catch {
            throw RenderError.unwritable(file: destination, reason: "cannot write: permission denied in '\(parent)'")
        }
    }

    /// The path of the file `name` inside the folder being written.
    public func path(_ name: String) -> String { temporary + "/" + name }

    /// Writes `text` to the file `name` inside the folder.
    public func write(_ text: String, to name: String) throws(RenderError) {
        do {
            try AtomicFile.write(Data(text.utf8), to: path(name))
        } catch {
            throw RenderError.unwritable(file: error.path, reason: error.reason)
        }
    }

    /// Moves the finished folder into place, replacing an earlier report.
    public func commit() throws(RenderError) {
        let old = temporary + ".old"
        let hadOld = FileManager.default.fileExists(atPath: destination)
        if hadOld, rename(destination, old) != 0 {
            throw RenderError.unwritable(file: destination, reason: "cannot replace: \(String(cString: strerror(errno)))")
        }
        if rename(temporary, destination) != 0 {
            let reason = String(cString: strerror(errno))
            if hadOld { rename(old, destination) }
            throw RenderError.unwritable(file: destination, reason: "cannot write: \(reason)")
        }
        committed = true
        if hadOld { try? FileManager.default.removeItem(atPath: old) }
    }

    /// Removes the temporary folder, unless it was moved into place.
    public func discard() {
        if !committed { try? FileManager.default.removeItem(atPath: temporary) }
    }
}
