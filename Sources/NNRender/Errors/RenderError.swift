/// A diagram or report that could not be laid out, rendered or written; Graphviz's own message when it has one.
public enum RenderError: Swift.Error, CustomStringConvertible, Equatable, Sendable {
    /// Graphviz could not read, lay out or render the diagram; `file` is the picture being written, if any.
    case graphviz(file: String?, reason: String)
    /// A picture or report folder could not be written at `file` (nil for a temporary file).
    case unwritable(file: String?, reason: String)

    /// A picture that could not be written: the `unwritable` case.
    public init(file: String? = nil, reason: String) {
        self = .unwritable(file: file, reason: reason)
    }

    /// The file being written, if any.
    public var file: String? {
        switch self {
        case let .graphviz(file, _), let .unwritable(file, _): file
        }
    }

    public var reason: String {
        switch self {
        case let .graphviz(_, reason), let .unwritable(_, reason): reason
        }
    }

    public var description: String { file.map { "\($0): \(reason)" } ?? reason }
}
