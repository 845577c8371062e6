/// A data file nnviz cannot use (a CSV of examples, a training history) or an input given on the
/// command line: which file, which line and column, and what is wrong.
///
/// The message is `file:line (column 'name'): reason`, e.g. `iris.csv:7 (column 'petal_width'): 'x' is not a number`.
public enum DataError: Swift.Error, CustomStringConvertible, Equatable, Sendable {
    /// The file could not be read as text: it is missing, a folder, unreadable or not UTF-8.
    case unreadable(file: String, reason: String)
    /// A JSON file's text is not JSON; `line` and `column` (from 1) locate the first fault.
    case syntax(file: String, line: Int, column: Int, reason: String)
    /// A value or row that is wrong, at `line` (from 1) and in the column named `column`, when known.
    /// `file` is `--input` or `--target` for values given on the command line.
    case invalid(file: String, line: Int?, column: String?, reason: String)
    /// A value of a JSON file that is wrong at the key path `place` (`history.loss[3]`).
    case invalidEntry(file: String, place: String, reason: String)

    /// A value or row that is wrong: the `invalid` case.
    public init(file: String, line: Int? = nil, column: String? = nil, reason: String) {
        self = .invalid(file: file, line: line, column: column, reason: reason)
    }

    public var file: String {
        switch self {
        case let .unreadable(file, _), let .syntax(file, _, _, _), let .invalid(file, _, _, _), let .invalidEntry(file, _, _): file
        }
    }

    public var reason: String {
        switch self {
        case let .unreadable(_, reason), let .syntax(_, _, _, reason), let .invalid(_, _, _, reason), let .invalidEntry(_, _, reason): reason
        }
    }

    public var description: String {
        let file = Sanitized.quoted(self.file, limit: 200)
        switch self {
        case let .unreadable(_, reason):
            return file + ": " + reason
        case let .syntax(_, line, column, reason):
            return "\(file): line \(line), column \(column): \(reason)"
        case let .invalid(_, line, column, reason):
            var place = file
            if let line { place += ":\(line)" }
            if let column { place += " (column '\(Sanitized.quoted(column, limit: 40))')" }
            return place + ": " + reason
        case let .invalidEntry(_, place, reason):
            return "\(file): \(Sanitized.quoted(place, limit: 120)): \(reason)"
        }
    }
}
