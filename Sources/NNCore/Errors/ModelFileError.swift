/// A model file nnviz cannot use: which file, where in it, and what is wrong.
///
/// The message is `file: place: reason`, e.g. `model.json: layers[2].units: expected a positive whole number`.
public enum ModelFileError: Swift.Error, CustomStringConvertible, Equatable, Sendable {
    /// The file could not be read as text: it is missing, a folder, unreadable or not UTF-8.
    case unreadable(file: String, reason: String)
    /// The text is not JSON; `line` and `column` (from 1) locate the first fault.
    case syntax(file: String, line: Int, column: Int, reason: String)
    /// The JSON is not a model nnviz knows; `place` is where in it (`layers[2].units`), when known.
    case invalid(file: String, place: String?, reason: String)
    /// The model could not be written to `file`.
    case unwritable(file: String, reason: String)

    /// A model file whose contents are wrong at `place`: the `invalid` case.
    public init(file: String, place: String? = nil, reason: String) {
        self = .invalid(file: file, place: place, reason: reason)
    }

    public var file: String {
        switch self {
        case let .unreadable(file, _), let .syntax(file, _, _, _), let .invalid(file, _, _), let .unwritable(file, _): file
        }
    }

    /// Where in the file: a key path, or the line and column of a syntax error.
    public var place: String? {
        switch self {
        case let .syntax(_, line, column, _): "line \(line), column \(column)"
        case let .invalid(_, place, _): place
        case .unreadable, .unwritable: nil
        }
    }

    public var reason: String {
        switch self {
        case let .unreadable(_, reason), let .syntax(_, _, _, reason), let .invalid(_, _, reason), let .unwritable(_, reason): reason
        }
    }

    public var description: String {
        [Sanitized.quoted(file, limit: 200), place.map { Sanitized.quoted($0, limit: 120) }, reason].compactMap { $0 }.joined(separator: ": ")
    }
}
