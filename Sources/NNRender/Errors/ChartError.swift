/// A chart that cannot be drawn from its data, or that Cairo could not draw or nnviz could not write.
public enum ChartError: Swift.Error, CustomStringConvertible, Equatable, Sendable {
    /// Cairo failed; the reason says while doing what, with Cairo's own status text.
    case cairo(String)
    /// A PNG of this many pixels, which Cairo cannot draw (1 to 32767 a side).
    case imageSize(width: Int, height: Int)
    /// The chart could not be written to `file`.
    case unwritable(file: String, reason: String)
    /// A log-scale chart of `series` in the history `file`, which is `value` (not positive) at `epoch`.
    case notPositive(file: String, series: String, value: Float, epoch: Int)
    /// An accuracy chart of the history `file`, which has only the columns `columns`.
    case noAccuracy(file: String, columns: [String])
    /// A weights chart of `layer`, a kind of layer that has no weights.
    case noWeights(layer: String, className: String)

    /// A Cairo failure described by `reason`: the `cairo` case.
    public init(_ reason: String) {
        self = .cairo(reason)
    }

    public var description: String {
        switch self {
        case let .cairo(reason): reason
        case let .imageSize(width, height):
            width > 0 && height > 0 && width <= 32_767 && height <= 32_767
                ? "a \(width)×\(height) pixel PNG is more than nnviz draws (\(ChartRenderer.maximumPixels / 1_000_000) megapixels); lower --dpi, --width or --height"
                : "a \(width)×\(height) pixel PNG is outside what Cairo can draw (1 to 32767 pixels a side); lower --dpi, --width or --height"
        case let .unwritable(file, reason): "\(file): \(reason)"
        case let .notPositive(file, series, value, epoch):
            "\(file): --log-scale needs positive values, but \(series) is \(chartNumber(Double(value))) at epoch \(epoch)"
        case let .noAccuracy(file, columns):
            "\(file): has no accuracy column (it has \(columns.joined(separator: ", "))); accuracy is recorded for classifiers"
        case let .noWeights(layer, className): "layer '\(layer)' is a \(className), which has no weights; the weights chart draws a Dense layer"
        }
    }
}
