internal import CCairo

/// libcairo, opened the first time nnviz draws a chart rather than linked (`LazyLibrary`).
/// `NNVIZ_LIBCAIRO` names another file to open instead of `libcairo.so.2`.
enum CairoLibrary {
    /// Opens the process's libcairo if it is not yet, or throws why it cannot be.
    static func load() throws(ChartError) {
        if case .failure(let missing) = opened { throw ChartError(missing.reason) }
    }

    private static let opened = LazyLibrary<nnviz_cairo_api>.open(
        LazyLibrary<nnviz_cairo_api>.candidates(["libcairo.so.2", "libcairo.so"], unless: "NNVIZ_LIBCAIRO"),
        need: "drawing needs libcairo.so.2", package: "libcairo2") { nnviz_cairo_bind($0, $1) }

    /// The functions of the library `load()` opened; only after it succeeded.
    static var api: nnviz_cairo_api {
        guard case .success(let library) = opened else { preconditionFailure("Cairo used before CairoLibrary.load() succeeded") }
        return library.api
    }
}

/// Cairo's functions without their `cairo_` prefix, called as `cairo.fill(context)`; only after
/// `CairoLibrary.load()` succeeded.
var cairo: nnviz_cairo_api { CairoLibrary.api }
