import Foundation
internal import CGraphviz

/// libgvc (with libcgraph), opened the first time nnviz lays out a diagram rather than linked: the
/// libraries Graphviz brings would otherwise be loaded and bound by every nnviz process, even one that
/// never draws (docs/performance.md). For `diagram`, `GraphvizWarmUp` opens it beside the parsing of
/// the command line.
///
/// Its functions are looked up by name into a table typed from Graphviz's own headers;
/// `NNVIZ_LIBGVC` names another file to open instead of `libgvc.so.6`.
final class GraphvizLibrary: @unchecked Sendable {  // Immutable: C function pointers.
    /// Graphviz's functions, called as `graphviz.agclose(graph)`.
    let functions: nnviz_graphviz_api

    private init(functions: nnviz_graphviz_api) {
        self.functions = functions
    }

    /// Opens the process's libgvc if it is not yet, or throws why it cannot be, naming `file` (the
    /// picture being drawn, if any).
    static func load(reportingAs file: String? = nil) throws(RenderError) {
        if case .failure(let missing) = opened { throw RenderError.graphviz(file: file, reason: missing.reason) }
    }

    /// The functions of the library `load()` opened; only after it succeeded.
    static var api: nnviz_graphviz_api {
        guard case .success(let library) = opened else { preconditionFailure("Graphviz used before GraphvizLibrary.load() succeeded") }
        return library.functions
    }

    private static let opened: Result<GraphvizLibrary, LibraryMissing> = {
        var reasons: [String] = []
        for candidate in candidates() {
            switch open(candidate) {
            case .success(let library): return .success(library)
            case .failure(let missing): reasons.append(missing.reason)
            }
        }
        return .failure(LibraryMissing(reason: "drawing diagrams needs libgvc.so.6, which could not be opened ("
            + reasons.joined(separator: "; ") + "; on Debian it is in libgvc6)"))
    }()

    /// The files to try, best first: `$NNVIZ_LIBGVC` alone if set; else the library's own name, then
    /// the development package's link to it.
    static func candidates(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        if let chosen = environment["NNVIZ_LIBGVC"], !chosen.isEmpty { return [chosen] }
        return ["libgvc.so.6", "libgvc.so"]
    }

    /// Opens `file` and looks up nnviz's functions in it, or says why not.
    static func open(_ file: String) -> Result<GraphvizLibrary, LibraryMissing> {
        let handle: UnsafeMutableRawPointer
        switch openLibrary(file) {
        case .success(let opened): handle = opened
        case .failure(let reason): return .failure(reason)
        }
        let table = UnsafeMutablePointer<nnviz_graphviz_api>.allocate(capacity: 1)
        defer { table.deallocate() }
        if let missing = nnviz_graphviz_bind(handle, table) {
            dlclose(handle)
            return .failure(LibraryMissing(reason: "\(file) has no \(String(cString: missing))"))
        }
        return .success(GraphvizLibrary(functions: table.pointee))
    }
}

/// The functions of the process's libgvc, for the files that call Graphviz; only after
/// `GraphvizLibrary.load()` succeeded.
var graphviz: nnviz_graphviz_api { GraphvizLibrary.api }

/// Why a C library could not be opened, one line.
struct LibraryMissing: Swift.Error, Sendable {
    let reason: String
}

/// `dlopen(file, RTLD_NOW | RTLD_LOCAL)`, or the dynamic linker's reason on one line.
func openLibrary(_ file: String) -> Result<UnsafeMutableRawPointer, LibraryMissing> {
    guard let handle = dlopen(file, RTLD_NOW | RTLD_LOCAL) else {
        let reason = dlerror().map { String(cString: $0) } ?? "not found"
        return .failure(LibraryMissing(reason: reason.replacingOccurrences(of: "\n", with: " ")))
    }
    return .success(handle)
}
