/// A problem with a model file: which file, where in it, and what is wrong.
public struct ModelFileError: Swift.Error, CustomStringConvertible, Equatable, Sendable {
    public var file: String
    public var place: String?
    public var reason: String

    public init(file: String, place: String? = nil, reason: String) {
        self.file = file
        self.place = place
        self.reason = reason
    }

    public var description: String {
        [Sanitized.quoted(file, limit: 200), place.map { Sanitized.quoted($0, limit: 120) }, reason].compactMap { $0 }.joined(separator: ": ")
    }
}

/// A problem with a data file or an inline input: which file, which line and column, what is wrong.
public struct DataError: Swift.Error, CustomStringConvertible, Equatable, Sendable {
    public var file: String
    public var line: Int?
    public var column: String?
    public var reason: String

    public init(file: String, line: Int? = nil, column: String? = nil, reason: String) {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
    }

    public var description: String {
        var place = Sanitized.quoted(file, limit: 200)
        if let line { place += ":\(line)" }
        if let column { place += " (column '\(Sanitized.quoted(column, limit: 40))')" }
        return place + ": " + reason
    }
}

/// A model that cannot be run or trained as asked.
public struct ModelError: Swift.Error, CustomStringConvertible, Equatable, Sendable {
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}

/// Training that had to stop.
public struct TrainingError: Swift.Error, CustomStringConvertible, Equatable, Sendable {
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
