import Foundation
import Synchronization

/// Writes output files so that a failed or interrupted write leaves nothing behind, and so that no
/// output ever replaces a file the same command reads, a folder, or anything that is not a regular file.
///
/// A regular file (new or existing) is written under a temporary name in its folder and renamed into
/// place. Standard output (`-`), devices and FIFOs are written directly: a rename would put a regular
/// file where `/dev/null` was. Every file that nnviz reads is remembered by device and inode, so an
/// output that is an input under another name (`./m.json`, a link) is refused before anything is written.
///
/// The temporary is not flushed to disk (`fsync`) before the rename, as `dot -o`, compilers and most
/// command-line tools do not: the rename alone means that no reader, and no interrupted or failed
/// run, ever sees a partial file. Only a crash of the whole machine in the seconds after a write
/// could leave the new name with missing data; a flush would cost each picture a wait for the disk.
public enum AtomicFile {
    public struct WriteError: Swift.Error, CustomStringConvertible, Sendable {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }

        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
    }

    /// The longest file name Linux allows (NAME_MAX).
    public static let maximumNameLength = 255

    /// Fails when `path` cannot be written or must not be: its folder is missing or read-only, it
    /// names a folder, its name is too long, or it is one of `inputs` or a file this process has
    /// read. Commands call it on every output before any work so that a run never ends in a write error.
    public static func checkWritable(_ path: String, inputs: [String] = []) throws(WriteError) {
        if path == "-" { return }
        guard !path.isEmpty else { throw WriteError(path: "''", reason: "cannot write: the file name is empty") }
        let name = URL(fileURLWithPath: path).lastPathComponent
        guard name.utf8.count <= maximumNameLength else {
            throw WriteError(path: Sanitized.quoted(path, limit: 80),
                             reason: "cannot write: the file name is \(name.utf8.count) bytes long (at most \(maximumNameLength))")
        }
        var status = stat()
        if stat(path, &status) == 0 {
            let identity = FileIdentity(status)
            if let input = inputs.first(where: { FileIdentity(path: $0) == identity }) {
                throw WriteError(path: path, reason: "cannot write: it is \(input == path ? "an input" : "the input '\(input)'") of this command; choose another output file")
            }
            if ReadFiles.contains(identity) {
                throw WriteError(path: path, reason: "cannot write: nnviz has read this file in this command; choose another output file")
            }
            switch status.st_mode & S_IFMT {
            case S_IFDIR: throw WriteError(path: path, reason: "cannot write: it is a folder")
            case S_IFREG: break
            case S_IFCHR, S_IFIFO:
                guard access(path, W_OK) == 0 else { throw WriteError(path: path, reason: "cannot write: permission denied") }
                return
            default: throw WriteError(path: path, reason: "cannot write: it is not a regular file, a device or a pipe")
            }
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw WriteError(path: path, reason: "cannot write: folder '\(folder)' does not exist")
        }
        guard access(folder, W_OK) == 0 else {
            throw WriteError(path: path, reason: "cannot write: folder '\(folder)' is not writable")
        }
    }

    /// Writes `data` to `path`: standard output for `-`, directly to a device or FIFO, otherwise
    /// through a temporary file beside it that is renamed into place.
    public static func write(_ data: Data, to path: String, inputs: [String] = []) throws(WriteError) {
        try checkWritable(path, inputs: inputs)
        if path == "-" {
            try writeAll(data, to: STDOUT_FILENO, path: path)
            return
        }
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            let descriptor = open(path, O_WRONLY | O_NOCTTY)
            guard descriptor >= 0 else { throw WriteError(path: path, reason: "cannot write: " + String(cString: strerror(errno))) }
            defer { close(descriptor) }
            try writeAll(data, to: descriptor, path: path)
            return
        }
        let temporary = try TemporaryFiles.create(beside: path)
        defer { TemporaryFiles.remove(temporary) }
        do {
            try overwrite(temporary, with: data)
        } catch {
            throw WriteError(path: path, reason: error.reason)
        }
        guard rename(temporary, path) == 0 else {
            throw WriteError(path: path, reason: "cannot write: " + String(cString: strerror(errno)))
        }
    }

    /// Replaces the contents of the existing file `path` (a temporary of this process) with `data`,
    /// in place.
    static func overwrite(_ path: String, with data: Data) throws(WriteError) {
        let descriptor = open(path, O_WRONLY | O_TRUNC)
        guard descriptor >= 0 else { throw WriteError(path: path, reason: "cannot write: " + String(cString: strerror(errno))) }
        do {
            try writeAll(data, to: descriptor, path: path)
        } catch {
            close(descriptor)
            throw error
        }
        guard close(descriptor) == 0 else { throw WriteError(path: path, reason: "cannot write: " + String(cString: strerror(errno))) }
    }

    private static func writeAll(_ data: Data, to descriptor: Int32, path: String) throws(WriteError) {
        let failure: Int32? = data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        if let failure {
            throw WriteError(path: path == "-" ? "standard output" : path, reason: "cannot write: " + String(cString: strerror(failure)))
        }
    }
}

/// A file's device and inode: the same file under any name or link. With the time its inode last
/// changed, so that a new file that reuses the inode of a deleted one (as file systems do at once) is
/// not taken for it.
struct FileIdentity: Hashable, Sendable {
    var device: UInt64
    var inode: UInt64
    var changed: Int64
    var changedNanoseconds: Int64

    init(_ status: stat) {
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        changed = Int64(status.st_ctim.tv_sec)
        changedNanoseconds = Int64(status.st_ctim.tv_nsec)
    }

    init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        self.init(status)
    }
}

/// The regular files this process has read, so that no output replaces one of them. A command reads a
/// handful, so they are kept in an array: the first use of a `Set` of a new element type costs the
/// process a search of all of the binary's protocol conformances (about 0.35 M instructions).
enum ReadFiles {
    private static let identities = Mutex<[FileIdentity]>([])

    static func insert(_ identity: FileIdentity) {
        identities.withLock { if !$0.contains(identity) { $0.append(identity) } }
    }

    static func contains(_ identity: FileIdentity) -> Bool {
        identities.withLock { $0.contains(identity) }
    }
}

/// nnviz's temporary files and folders: one naming (`.nnviz-PID-RANDOM.tmp`, short whatever the
/// output's name), and a registry that a signal handler empties, so that Ctrl-C or SIGTERM during a
/// write removes what nnviz made and nothing else.
public enum TemporaryFiles {
    /// The most temporaries alive at once; each write holds one.
    static let capacity = 64

    /// Registered paths as C strings; a slot is set only after its string is complete, and cleared
    /// before it is freed, so the signal handler reads either a whole path or none.
    nonisolated(unsafe) static let slots: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let slots = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
        slots.initialize(repeating: nil, count: capacity)
        return slots
    }()
    /// Whether each slot holds a folder (removed with rmdir after the files in it).
    nonisolated(unsafe) static let isFolder: UnsafeMutablePointer<Bool> = {
        let flags = UnsafeMutablePointer<Bool>.allocate(capacity: capacity)
        flags.initialize(repeating: false, count: capacity)
        return flags
    }()
    private static let lock = Mutex<Void>(())

    /// A new empty file in `path`'s folder with a short unique name, registered for removal.
    public static func create(beside path: String) throws(AtomicFile.WriteError) -> String {
        try make(in: URL(fileURLWithPath: path).deletingLastPathComponent().path, reportingAs: path, folder: false)
    }

    /// A new empty folder in `path`'s folder with a short unique name, registered for removal.
    public static func createFolder(beside path: String) throws(AtomicFile.WriteError) -> String {
        try make(in: URL(fileURLWithPath: path).deletingLastPathComponent().path, reportingAs: path, folder: true)
    }

    /// A new empty file in the system's temporary folder, registered for removal.
    public static func create() throws(AtomicFile.WriteError) -> String {
        try make(in: FileManager.default.temporaryDirectory.path, reportingAs: "temporary file", folder: false)
    }

    private static func make(in folder: String, reportingAs file: String, folder makeFolder: Bool) throws(AtomicFile.WriteError) -> String {
        // Made and registered under the lock that the signal thread takes first: an interruption
        // sees either no file or a registered one.
        let made: Result<String, AtomicFile.WriteError> = lock.withLock { _ in
            for _ in 0..<16 {
                let random = String(UInt32.random(in: 0...UInt32.max), radix: 16)
                let temporary = (folder.hasSuffix("/") ? folder : folder + "/") + ".nnviz-\(getpid())-\(random).tmp"
                let succeeded: Bool
                if makeFolder {
                    succeeded = mkdir(temporary, 0o755) == 0
                } else {
                    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
                    succeeded = descriptor >= 0
                    if succeeded { close(descriptor) }
                }
                if succeeded {
                    registerHoldingLock(temporary, folder: makeFolder)
                    return .success(temporary)
                }
                guard errno == EEXIST else {
                    return .failure(AtomicFile.WriteError(path: file, reason: "cannot write: " + String(cString: strerror(errno))))
                }
            }
            return .failure(AtomicFile.WriteError(path: file, reason: "cannot write: no free temporary name in '\(folder)'"))
        }
        return try made.get()
    }

    /// Registers a path made under a registered temporary folder, so that an interruption removes it too.
    public static func register(_ path: String, folder: Bool = false) {
        lock.withLock { _ in registerHoldingLock(path, folder: folder) }
    }

    private static func registerHoldingLock(_ path: String, folder: Bool) {
        guard let index = (0..<capacity).first(where: { slots[$0] == nil }) else { return }
        isFolder[index] = folder
        slots[index] = strdup(path)
    }

    /// Removes `path` (a file, or a folder with everything in it) and forgets it and what is in it.
    public static func remove(_ path: String) {
        forget(path)
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        if status.st_mode & S_IFMT == S_IFDIR {
            try? FileManager.default.removeItem(atPath: path)
        } else {
            unlink(path)
        }
    }

    /// Forgets `path` and every registered path inside it, without removing them (they have been
    /// renamed into place).
    public static func forget(_ path: String) {
        lock.withLock { _ in forgetHoldingLock(path) }
    }

    private static func forgetHoldingLock(_ path: String) {
        let inside = path + "/"
        for index in 0..<capacity {
            guard let slot = slots[index] else { continue }
            let registered = String(cString: slot)
            guard registered == path || registered.hasPrefix(inside) else { continue }
            slots[index] = nil
            free(slot)
        }
    }

    /// Moves the registered temporary folder `temporary` to `destination`, replacing the folder
    /// there if there is one, and forgets it. The old folder is renamed aside first and removed
    /// last; both renames are made under the lock that the signal thread takes, so an interruption
    /// finds either the old folder in place and the new one registered, or the new one in place and
    /// the old one registered: never neither.
    public static func moveFolder(_ temporary: String, replacing destination: String) throws(AtomicFile.WriteError) {
        let old = temporary + ".old"
        let failure: String? = lock.withLock { _ in
            let hadOld = FileManager.default.fileExists(atPath: destination)
            if hadOld, rename(destination, old) != 0 {
                return "cannot replace: " + String(cString: strerror(errno))
            }
            if rename(temporary, destination) != 0 {
                let reason = String(cString: strerror(errno))
                if hadOld { rename(old, destination) }
                return "cannot write: " + reason
            }
            forgetHoldingLock(temporary)
            if hadOld { registerHoldingLock(old, folder: true) }
            return nil
        }
        if let failure { throw AtomicFile.WriteError(path: destination, reason: failure) }
        remove(old)
    }

    /// Makes SIGINT, SIGTERM and SIGHUP remove every registered temporary, then end the process as
    /// the signal would have. Call it first, before any thread starts: the signals are blocked in the
    /// calling thread (and so in every thread started after it) and taken by one thread that waits for
    /// them with `sigwait`. That thread is an ordinary thread, so it takes the registry's lock, which
    /// `create` holds from making a file to registering it: no signal can fall in between, whichever
    /// thread was making the file. A signal the parent set to be ignored (`nohup`) stays ignored.
    public static func removeOnSignals() {
        var set = handledSignalSet
        pthread_sigmask(SIG_BLOCK, &set, nil)
        var thread = pthread_t()
        guard pthread_create(&thread, nil, waitForSignal, nil) == 0 else {
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
            return
        }
        pthread_detach(thread)
    }

    static let handledSignals = [SIGINT, SIGTERM, SIGHUP]

    static var handledSignalSet: sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for signalNumber in handledSignals { sigaddset(&set, signalNumber) }
        return set
    }

    /// Removes every registered path and ends the process by `signalNumber`. The lock is never given
    /// back, so nothing new is made or registered while the process ends.
    static func removeAllAndEnd(by signalNumber: Int32) -> Never {
        lock.withLock { _ -> Never in
            removeRegistered()
            signal(signalNumber, SIG_DFL)
            var only = sigset_t()
            sigemptyset(&only)
            sigaddset(&only, signalNumber)
            pthread_sigmask(SIG_UNBLOCK, &only, nil)
            raise(signalNumber)
            _exit(128 + signalNumber)
        }
    }

    /// Removes every registered path (only those inside `folder`, if given): the files first, then
    /// the folders they were in, with whatever a library wrote into them.
    static func removeAll(inside folder: String? = nil) {
        lock.withLock { _ in removeRegistered(inside: folder) }
    }

    private static func removeRegistered(inside folder: String? = nil) {
        func chosen(_ slot: UnsafeMutablePointer<CChar>) -> Bool {
            folder.map { String(cString: slot).hasPrefix($0 + "/") } ?? true
        }
        for index in 0..<capacity where !isFolder[index] {
            if let slot = slots[index], chosen(slot) { unlink(slot) }
        }
        for index in 0..<capacity where isFolder[index] {
            guard let slot = slots[index], chosen(slot) else { continue }
            let path = String(cString: slot)
            // Another thread may still be writing into it: try again until it is gone.
            for _ in 0..<5 where FileManager.default.fileExists(atPath: path) {
                try? FileManager.default.removeItem(atPath: path)
            }
        }
    }
}

private func waitForSignal(_: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    var set = TemporaryFiles.handledSignalSet
    var received: Int32 = 0
    while sigwait(&set, &received) != 0 {}
    TemporaryFiles.removeAllAndEnd(by: received)
}
