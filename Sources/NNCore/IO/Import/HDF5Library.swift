import Foundation
internal import CHDF5

/// libhdf5, opened the first time nnviz reads an HDF5 file rather than linked: the library brings
/// some thirty more shared libraries (libcurl, GnuTLS, Kerberos, …) whose loading would otherwise
/// cost every nnviz process, whatever it does (docs/performance.md).
///
/// Its functions are looked up by name into a table typed from HDF5's own headers. The library is
/// the high-level one (`libhdf5_hl`, which needs libhdf5 itself), with the major and minor version
/// of the headers nnviz was built with; `NNVIZ_LIBHDF5` names another file to open instead.
final class HDF5Library: @unchecked Sendable {  // Immutable: C function pointers and type ids.
    /// libhdf5's functions, called as `library.api.H5Fclose(id)`.
    let api: nnviz_hdf5_api
    /// The type ids behind `H5T_NATIVE_FLOAT`, `H5T_NATIVE_USHORT` and `H5T_C_S1`.
    let nativeFloat: hid_t
    let nativeUShort: hid_t
    let cString: hid_t

    private init(api: nnviz_hdf5_api) {
        self.api = api
        _ = api.H5open()
        nativeFloat = api.H5T_NATIVE_FLOAT_g.pointee
        nativeUShort = api.H5T_NATIVE_USHORT_g.pointee
        cString = api.H5T_C_S1_g.pointee
    }

    /// The process's libhdf5, opened on first use, or why it cannot be: the reason is one line for
    /// a message after the file's name.
    static func shared() -> Result<HDF5Library, HDF5LibraryMissing> { opened }

    private static let opened: Result<HDF5Library, HDF5LibraryMissing> = {
        var reasons: [String] = []
        for candidate in candidates() {
            switch open(candidate) {
            case .success(let library): return .success(library)
            case .failure(let reason): reasons.append(reason.reason)
            }
        }
        return .failure(HDF5LibraryMissing(reason: "reading HDF5 files needs libhdf5, which could not be opened ("
            + reasons.joined(separator: "; ") + "; on Debian it is in libhdf5-dev)"))
    }()

    /// The files to try, best first: `$NNVIZ_LIBHDF5` alone if set; else the unversioned names the
    /// development package links to the headers' own library, then every `libhdf5_hl` found beside
    /// the C library, the highest version first.
    static func candidates(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        if let chosen = environment["NNVIZ_LIBHDF5"], !chosen.isEmpty { return [chosen] }
        var found: [(name: String, version: Int)] = []
        if let folder = folderOfLoadedLibrary(named: "libc.so"),
           let names = try? FileManager.default.contentsOfDirectory(atPath: folder) {
            for name in names {
                for prefix in ["libhdf5_serial_hl.so.", "libhdf5_hl.so."] where name.hasPrefix(prefix) {
                    if let version = Int(name.dropFirst(prefix.count)) { found.append((folder + "/" + name, version)) }
                }
            }
        }
        let versioned = found.sorted { ($0.version, $0.name) > ($1.version, $1.name) }.map(\.name)
        return ["libhdf5_serial_hl.so", "libhdf5_hl.so"] + versioned
    }

    /// Opens `file` and looks up nnviz's functions in it, or says why not.
    static func open(_ file: String) -> Result<HDF5Library, HDF5LibraryMissing> {
        guard let handle = dlopen(file, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "not found"
            return .failure(HDF5LibraryMissing(reason: reason.replacingOccurrences(of: "\n", with: " ")))
        }
        let table = UnsafeMutablePointer<nnviz_hdf5_api>.allocate(capacity: 1)
        defer { table.deallocate() }
        if let missing = nnviz_hdf5_bind(handle, table) {
            dlclose(handle)
            return .failure(HDF5LibraryMissing(reason: "\(file) has no \(String(cString: missing))"))
        }
        var major: UInt32 = 0, minor: UInt32 = 0, release: UInt32 = 0
        _ = table.pointee.H5get_libversion(&major, &minor, &release)
        guard major == H5_VERS_MAJOR, minor == H5_VERS_MINOR else {
            // Left open: libhdf5 has run (and registered its exit handler), so it must not be unloaded.
            return .failure(HDF5LibraryMissing(
                reason: "\(file) is libhdf5 \(major).\(minor), nnviz was built for \(H5_VERS_MAJOR).\(H5_VERS_MINOR)"))
        }
        return .success(HDF5Library(api: table.pointee))
    }
}

/// Why libhdf5 could not be opened, one line.
struct HDF5LibraryMissing: Swift.Error, Sendable {
    let reason: String
}
