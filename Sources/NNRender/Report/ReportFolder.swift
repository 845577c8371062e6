import Foundation
import NNCore

/// A report folder written in full under a temporary name beside its destination, then moved into
/// place; an existing folder is replaced only when an earlier `nnviz report` wrote it.
public final class ReportFolder {
    static let marker = ".nnviz-report"
    let destination: String
    let temporary: String
    private var committed = false

    /// Makes the temporary folder beside `destination`, failing early when it cannot be written there
    /// or when one of `inputs` (files the report reads) is inside it.
    public init(destination: String, inputs: [String]) throws(RenderError) {
        let url = URL(fileURLWithPath: destination).standardizedFileURL
        let inside = url.resolvingSymlinksInPath().path + "/"
        for input in inputs where FileManager.default.fileExists(atPath: input) {
            let resolved = URL(fileURLWithPath: input).standardizedFileURL.resolvingSymlinksInPath().path
            if resolved.hasPrefix(inside) || resolved + "/" == inside {
                throw RenderError.unwritable(file: destination, reason: "cannot write: the input '\(input)' is in this folder, which a report replaces; choose another folder")
            }
        }
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
        do {
            temporary = try TemporaryFiles.createFolder(beside: url.path)
        } catch {
            throw RenderError.unwritable(file: destination, reason: error.reason)
        }
        do {
            try Data().write(to: URL(fileURLWithPath: path(Self.marker)))
        } catch {
            TemporaryFiles.remove(temporary)
            throw RenderError.unwritable(file: destination, reason: "cannot write: permission denied in '\(parent)'")
        }
    }

    /// The path of `name` in the folder being written, registered for removal if nnviz is interrupted.
    public func path(_ name: String) -> String {
        let path = temporary + "/" + name
        TemporaryFiles.register(path)
        return path
    }

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
        do {
            try TemporaryFiles.moveFolder(temporary, replacing: destination)
        } catch {
            throw RenderError.unwritable(file: destination, reason: error.reason)
        }
        committed = true
    }

    /// Removes the temporary folder, unless it was moved into place.
    public func discard() {
        if !committed { TemporaryFiles.remove(temporary) }
    }
}
