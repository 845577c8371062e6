import Foundation

/// A C library opened with `dlopen` on first use instead of linked, its functions looked up by name
/// into a C table `API` typed from the library's own headers (the shim's X-macro list): the libraries
/// a linked one brings would otherwise be loaded and bound by every nnviz process, even one that does
/// not draw (docs/performance.md).
struct LazyLibrary<API>: @unchecked Sendable {  // Immutable: C function pointers.
    let api: API

    /// Opens the first of `candidates` that has every function `bind` looks up, or says why none
    /// does, in one line: "`need`, which could not be opened (each candidate's reason; on Debian it
    /// is in `package`)". `bind` returns the name of the first function missing, or nil.
    static func open(_ candidates: [String], need: String, package: String,
                     bind: (UnsafeMutableRawPointer, UnsafeMutablePointer<API>) -> UnsafePointer<CChar>?) -> Result<LazyLibrary, LibraryMissing> {
        var reasons: [String] = []
        let table = UnsafeMutablePointer<API>.allocate(capacity: 1)
        defer { table.deallocate() }
        for file in candidates {
            guard let handle = dlopen(file, RTLD_NOW | RTLD_LOCAL) else {
                let reason = dlerror().map { String(cString: $0) } ?? "\(file): not found"
                reasons.append(reason.replacingOccurrences(of: "\n", with: " "))
                continue
            }
            if let missing = bind(handle, table) {
                dlclose(handle)
                reasons.append("\(file) has no \(String(cString: missing))")
                continue
            }
            return .success(LazyLibrary(api: table.pointee))
        }
        return .failure(LibraryMissing(reason: "\(need), which could not be opened (" + reasons.joined(separator: "; ")
            + "; on Debian it is in \(package))"))
    }

    /// The files to try: `$variable` alone if set, else `names`.
    static func candidates(_ names: [String], unless variable: String,
                           environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        if let chosen = environment[variable], !chosen.isEmpty { return [chosen] }
        return names
    }
}

/// Why a C library could not be opened, one line.
struct LibraryMissing: Swift.Error, Sendable {
    let reason: String
}
