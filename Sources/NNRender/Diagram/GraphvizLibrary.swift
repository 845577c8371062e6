internal import CGraphviz

/// libgvc (with libcgraph), opened the first time nnviz lays out a diagram rather than linked
/// (`LazyLibrary`); for `diagram`, `GraphvizWarmUp` opens it while the command line is parsed.
/// `NNVIZ_LIBGVC` names another file to open instead of `libgvc.so.6`.
enum GraphvizLibrary {
    /// Opens the process's libgvc if it is not yet, or throws why it cannot be, naming `file` (the
    /// picture being drawn, if any).
    static func load(reportingAs file: String? = nil) throws(RenderError) {
        if case .failure(let missing) = opened { throw RenderError.graphviz(file: file, reason: missing.reason) }
    }

    private static let opened = LazyLibrary<nnviz_graphviz_api>.open(
        LazyLibrary<nnviz_graphviz_api>.candidates(["libgvc.so.6", "libgvc.so"], unless: "NNVIZ_LIBGVC"),
        need: "drawing diagrams needs libgvc.so.6", package: "libgvc6") { nnviz_graphviz_bind($0, $1) }

    /// The functions of the library `load()` opened; only after it succeeded.
    static var api: nnviz_graphviz_api {
        guard case .success(let library) = opened else { preconditionFailure("Graphviz used before GraphvizLibrary.load() succeeded") }
        return library.api
    }
}

/// Graphviz's functions, called as `graphviz.agclose(graph)`; only after `GraphvizLibrary.load()`
/// succeeded.
var graphviz: nnviz_graphviz_api { GraphvizLibrary.api }
