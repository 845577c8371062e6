import Foundation
import Synchronization
internal import CHDF5

/// A named array of numbers read from a weights file, widened to Float, in row-major order.
public struct NamedTensor: Equatable, Sendable {
    public var name: String
    public var shape: [Int]
    public var values: [Float]

    public init(name: String, shape: [Int], values: [Float]) {
        self.name = name
        self.shape = shape
        self.values = values
    }

    /// The shape as frameworks print it: `[13, 16]`.
    public var shapeDescription: String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }
}

/// A read-only HDF5 file, read through libhdf5 (opened on first use: `HDF5Library`): groups, string
/// attributes and numeric datasets. libhdf5 (Debian's serial build) is not thread-safe, so every
/// file is used inside `read`, which holds one process-wide lock from open to close.
final class HDF5File {
    /// The file's name in messages.
    let name: String
    /// The size of the file, the bound on what a dataset may claim to hold.
    let byteCount: Int
    private let id: hid_t
    private var isOpen = true
    private let library: HDF5Library
    private let h5: nnviz_hdf5_api

    private static let lock = NSLock()

    private init(library: HDF5Library, id: hid_t, name: String, byteCount: Int) {
        self.library = library
        h5 = library.api
        self.id = id
        self.name = name
        self.byteCount = byteCount
    }

    deinit { close() }

    private func close() {
        if isOpen { _ = h5.H5Fclose(id) }
        isOpen = false
    }

    /// Whether `bytes` start with HDF5's signature (at offset 0; nnviz does not look for a user block).
    static func hasSignature(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.starts(with: [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A])
    }

    /// Opens the HDF5 image `bytes` (a whole file, or a member of an archive) in place, without a
    /// copy, and runs `body` on it; the file is closed before `bytes` may go.
    static func read<T>(_ bytes: ArraySlice<UInt8>, name: String, _ body: (HDF5File) throws(ModelFileError) -> T) throws(ModelFileError) -> T {
        guard hasSignature(bytes) else { throw ModelFileError(file: name, reason: "is not an HDF5 file (no HDF5 signature)") }
        // Opened here, before any child process, which then starts with it.
        let library = try HDF5Library.shared().mapError { ModelFileError(file: name, reason: $0.reason) }.get()
        if HDF5Reading.isCheckedInChildProcess { try readInChildProcess(library, bytes, name: name, body) }
        return try readInProcess(library, bytes, name: name, body)
    }

    /// `read` in this process: libhdf5 opens `bytes` in place and `body` runs on the open file.
    private static func readInProcess<T>(_ library: HDF5Library, _ bytes: ArraySlice<UInt8>, name: String,
                                         _ body: (HDF5File) throws(ModelFileError) -> T) throws(ModelFileError) -> T {
        lock.lock()
        defer { lock.unlock() }
        let h5 = library.api
        _ = h5.H5Eset_auto2(hid_t(H5E_DEFAULT), nil, nil)
        let result: Result<T, ModelFileError> = bytes.withUnsafeBytes { buffer in
            // Read-only and DONT_COPY: libhdf5 reads the buffer in place and never writes to it.
            let flags = UInt32(H5LT_FILE_IMAGE_DONT_COPY | H5LT_FILE_IMAGE_DONT_RELEASE)
            let id = h5.H5LTopen_file_image(UnsafeMutableRawPointer(mutating: buffer.baseAddress), buffer.count, flags)
            guard id >= 0 else { return .failure(ModelFileError(file: name, reason: "is not a readable HDF5 file (truncated or corrupted?)")) }
            let file = HDF5File(library: library, id: id, name: name, byteCount: buffer.count)
            defer { file.close() }
            return Result { () throws(ModelFileError) -> T in try body(file) }
        }
        return try result.get()
    }

    /// Runs the same read in a forked child process first, which only exits, so that a file that
    /// crashes libhdf5 (1.10 can, on corrupted heaps) or never finishes becomes an error here.
    private static func readInChildProcess<T>(_ library: HDF5Library, _ bytes: ArraySlice<UInt8>, name: String,
                                              _ body: (HDF5File) throws(ModelFileError) -> T) throws(ModelFileError) {
        HDF5Reading.waitBeforeForking()
        let child = fork()
        guard child >= 0 else { return }  // No process to spare: read in this one, as a library user would.
        if child == 0 {
            // The child says nothing: a crash report on the terminal is not the user's message.
            let null = open("/dev/null", O_WRONLY)
            if null >= 0 { dup2(null, 1); dup2(null, 2) }
            // Ctrl-C ends the child too (nnviz's own thread that takes these signals is not in it).
            var interrupting = TemporaryFiles.handledSignalSet
            pthread_sigmask(SIG_UNBLOCK, &interrupting, nil)
            _ = try? readInProcess(library, bytes, name: name, body)
            _exit(0)
        }
        var status: Int32 = 0
        let start = DispatchTime.now().uptimeNanoseconds
        while waitpid(child, &status, WNOHANG) == 0 {
            if DispatchTime.now().uptimeNanoseconds - start > HDF5Reading.timeLimitSeconds * 1_000_000_000 {
                kill(child, SIGKILL)
                waitpid(child, &status, 0)
                throw ModelFileError(file: name, reason: "reading it through libhdf5 did not finish within \(HDF5Reading.timeLimitSeconds) s (a corrupted HDF5 file?)")
            }
            usleep(1000)
        }
        let signal = status & 0x7F
        if signal != 0 && signal != 0x7F {
            throw ModelFileError(file: name, reason: "is a corrupted HDF5 file: libhdf5 crashed reading it (signal \(signal))")
        }
    }

    /// Whether an object (group or dataset) exists at `path`, checking each step from the root.
    func exists(_ path: String) -> Bool {
        var prefix = ""
        for component in path.split(separator: "/") {
            prefix += "/" + component
            guard h5.H5Lexists(id, prefix, defaultProperties) > 0 else { return false }
        }
        return true
    }

    /// Whether `path` is a group.
    func isGroup(_ path: String) -> Bool {
        guard path == "/" || exists(path) else { return false }
        let group = h5.H5Gopen2(id, path, defaultProperties)
        guard group >= 0 else { return false }
        _ = h5.H5Gclose(group)
        return true
    }

    /// The names of the members of the group at `path`, in name order.
    func children(of path: String) -> [String] {
        guard isGroup(path) else { return [] }
        var info = H5G_info_t()
        guard h5.H5Gget_info_by_name(id, path, &info, defaultProperties) >= 0 else { return [] }
        var names: [String] = []
        for index in 0..<info.nlinks {
            let length = h5.H5Lget_name_by_idx(id, path, H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, defaultProperties)
            guard length >= 0 else { continue }
            var buffer = [CChar](repeating: 0, count: Int(length) + 1)
            _ = h5.H5Lget_name_by_idx(id, path, H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count, defaultProperties)
            names.append(String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return names
    }

    /// A string attribute of the object at `path` (one string, fixed or variable length).
    func stringAttribute(_ attribute: String, of path: String = "/") -> String? {
        guard let strings = stringsAttribute(attribute, of: path), strings.count == 1 else { return nil }
        return strings[0]
    }

    /// An attribute holding a list of strings (fixed or variable length); an empty numeric list, as
    /// Keras writes for a layer without weights, reads as no strings.
    func stringsAttribute(_ attribute: String, of path: String = "/") -> [String]? {
        guard path == "/" || exists(path), h5.H5Aexists_by_name(id, path, attribute, defaultProperties) > 0 else { return nil }
        let attr = h5.H5Aopen_by_name(id, path, attribute, defaultProperties, defaultProperties)
        guard attr >= 0 else { return nil }
        defer { _ = h5.H5Aclose(attr) }
        let type = h5.H5Aget_type(attr)
        guard type >= 0 else { return nil }
        defer { _ = h5.H5Tclose(type) }
        let space = h5.H5Aget_space(attr)
        guard space >= 0 else { return nil }
        defer { _ = h5.H5Sclose(space) }
        let count = Int(h5.H5Sget_simple_extent_npoints(space))
        guard count >= 0, count <= byteCount else { return nil }
        let typeClass = h5.H5Tget_class(type)
        if typeClass != H5T_STRING { return count == 0 ? [] : nil }
        if count == 0 { return [] }
        if h5.H5Tis_variable_str(type) > 0 {
            let memoryType = h5.H5Tcopy(library.cString)
            defer { _ = h5.H5Tclose(memoryType) }
            _ = h5.H5Tset_size(memoryType, Int(bitPattern: UInt(bitPattern: -1)))  // H5T_VARIABLE
            _ = h5.H5Tset_cset(memoryType, h5.H5Tget_cset(type))
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
            guard h5.H5Aread(attr, memoryType, &pointers) >= 0 else { return nil }
            defer { for pointer in pointers { _ = h5.H5free_memory(pointer) } }
            return pointers.map { $0.map { String(cString: $0) } ?? "" }
        }
        let size = h5.H5Tget_size(type)
        guard size > 0, size.multipliedReportingOverflow(by: count).partialValue <= byteCount else { return nil }
        var buffer = [UInt8](repeating: 0, count: size * count)
        guard h5.H5Aread(attr, type, &buffer) >= 0 else { return nil }
        return (0..<count).map { index in
            let slice = buffer[index * size..<(index + 1) * size]
            return String(decoding: slice.prefix { $0 != 0 }, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        }
    }

    /// The numeric dataset at `path`, converted to Float by libhdf5 (bfloat16, which Keras marks with
    /// a `dtype` attribute, widened here). What the dataset's header claims is checked against the
    /// storage it has before anything is allocated.
    func dataset(_ path: String) throws(ModelFileError) -> NamedTensor {
        func fail(_ reason: String) -> ModelFileError { ModelFileError(file: name, place: path, reason: reason) }
        guard exists(path) else { throw fail("no such dataset") }
        let dataset = h5.H5Dopen2(id, path, defaultProperties)
        guard dataset >= 0 else { throw fail("is not a dataset") }
        defer { _ = h5.H5Dclose(dataset) }
        let space = h5.H5Dget_space(dataset)
        guard space >= 0 else { throw fail("has no readable shape") }
        defer { _ = h5.H5Sclose(space) }
        let rank = Int(h5.H5Sget_simple_extent_ndims(space))
        guard (0...8).contains(rank) else { throw fail("has \(rank) dimensions") }
        var dims = [hsize_t](repeating: 0, count: rank)
        _ = h5.H5Sget_simple_extent_dims(space, &dims, nil)
        var count = 1
        for dim in dims {
            let (product, overflow) = count.multipliedReportingOverflow(by: Int(clamping: dim))
            guard !overflow, dim <= UInt64(Int.max) else { throw fail("claims more elements than any file holds") }
            count = product
        }
        let type = h5.H5Dget_type(dataset)
        guard type >= 0 else { throw fail("has no readable type") }
        defer { _ = h5.H5Tclose(type) }
        let typeClass = h5.H5Tget_class(type)
        guard typeClass == H5T_FLOAT || typeClass == H5T_INTEGER else { throw fail("does not hold numbers") }
        let elementSize = h5.H5Tget_size(type)
        let shape = dims.map { Int($0) }
        let (needed, overflow) = count.multipliedReportingOverflow(by: elementSize)
        let stored = Int(clamping: h5.H5Dget_storage_size(dataset))
        // Compressed chunks may hold up to about 1000 times their size (deflate's limit); plain
        // storage must hold every byte, and no storage may be larger than the file.
        let compressed = datasetIsFiltered(dataset)
        guard !overflow, stored <= byteCount, needed <= (compressed ? stored.saturatingMultiplied(by: 1100) : stored) else {
            throw fail("claims \(shape) = \(count) numbers but the file holds \(stored) bytes for it (truncated or corrupted?)")
        }
        let isBFloat16 = elementSize == 2 && typeClass == H5T_INTEGER && stringAttribute("dtype", of: path) == "bfloat16"
        var values = [Float](repeating: 0, count: count)
        if isBFloat16 {
            var raw = [UInt16](repeating: 0, count: count)
            guard h5.H5Dread(dataset, library.nativeUShort, allOfIt, allOfIt, defaultProperties, &raw) >= 0 else {
                throw fail("cannot be read (truncated or corrupted?)")
            }
            values = raw.map { Float(bitPattern: UInt32($0) << 16) }
        } else if count > 0 {
            guard h5.H5Dread(dataset, library.nativeFloat, allOfIt, allOfIt, defaultProperties, &values) >= 0 else {
                throw fail("cannot be read (truncated or corrupted?)")
            }
        }
        return NamedTensor(name: path, shape: shape, values: values)
    }

    private func datasetIsFiltered(_ dataset: hid_t) -> Bool {
        let properties = h5.H5Dget_create_plist(dataset)
        guard properties >= 0 else { return false }
        defer { _ = h5.H5Pclose(properties) }
        return h5.H5Pget_nfilters(properties) > 0
    }
}

extension Int {
    fileprivate func saturatingMultiplied(by other: Int) -> Int {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? .max : product
    }
}

private let defaultProperties = hid_t(H5P_DEFAULT)
private let allOfIt = hid_t(H5S_ALL)

/// How nnviz reads HDF5 files. libhdf5 1.10 trusts what a file says about its heaps, so a corrupted
/// file can crash it; a program that must answer every file with a message turns the check on.
public enum HDF5Reading {
    private static let checked = LockedFlag()

    /// The longest a read may take in the child process before the file is called corrupted.
    static let timeLimitSeconds: UInt64 = 20

    /// Reads every HDF5 file first in a forked child process, so that a file that crashes libhdf5 or
    /// never finishes is reported as corrupted instead of ending this process. For single-threaded
    /// programs (the nnviz command calls it at start-up); a forked child of a multi-threaded process
    /// may wait forever on a lock that another thread held.
    public static func checkInChildProcess() { checked.set() }

    static var isCheckedInChildProcess: Bool { checked.isSet }

    /// Registers `wait`, which returns once a thread this process started (that may hold a lock) has
    /// ended; every registered wait runs before a child process is forked.
    public static func beforeForking(_ wait: @escaping @Sendable () -> Void) {
        waits.withLock { $0.append(wait) }
    }

    /// Runs the registered waits.
    static func waitBeforeForking() {
        for wait in waits.withLock({ $0 }) { wait() }
    }

    private static let waits = Mutex<[@Sendable () -> Void]>([])
}

/// A flag set once, read from any thread.
private final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
