import Foundation

/// A CSV file with a header row, read strictly: every row must have the header's number of fields.
/// A first row that is all numbers is data, not a header: the columns are then named column1,
/// column2, … and `headerIsGenerated` says so.
public struct CSVTable: Sendable {
    public var file: String
    public var header: [String]
    public var rows: [[String]]
    /// The line in the file where each row starts (1-based).
    public var lines: [Int]
    /// Whether the file had no header row, so that `header` was made up.
    public var headerIsGenerated = false

    /// Reads `path`; `file` is the name used in messages.
    public static func read(path: String) throws(DataError) -> CSVTable {
        let bytes: [UInt8]
        do {
            bytes = try TextFile.readBytes(path)
        } catch {
            throw DataError.unreadable(file: path, reason: error.reason)
        }
        return try parse(bytes: bytes, file: path)
    }

    /// Parses CSV text (RFC 4180 quoting; blank lines ignored).
    public static func parse(_ text: String, file: String) throws(DataError) -> CSVTable {
        try parse(bytes: Array(text.utf8), file: file)
    }

    /// Parses CSV bytes in one pass: each field is decoded once from its bytes, so the time is linear
    /// in the file's size whatever the length of its lines and fields.
    public static func parse(bytes: [UInt8], file: String) throws(DataError) -> CSVTable {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var fieldWasQuoted = false
        var line = 1
        var recordLine = 1
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].allSatisfy({ $0 == " " || $0 == "\t" }) && !fieldWasQuoted) {
                records.append((recordLine, fields))
            }
            fields = []
            fieldWasQuoted = false
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0 {
                throw DataError(file: file, line: line, reason: "contains a NUL byte (a binary file, or text in UTF-16?)")
            }
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
            } else {
                switch byte {
                case UInt8(ascii: "\""):
                    inQuotes = true
                    fieldWasQuoted = true
                case UInt8(ascii: ","):
                    endField()
                case UInt8(ascii: "\r"):
                    break
                case UInt8(ascii: "\n"):
                    endRecord()
                    line += 1
                    recordLine = line
                default:
                    field.append(byte)
                }
            }
            index += 1
        }
        if inQuotes { throw DataError(file: file, line: recordLine, reason: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        guard let headerRecord = records.first else { throw DataError(file: file, reason: "is empty (expected a header row and data rows)") }
        var header = headerRecord.fields.map(\.trimmingBlanks)
        if header.count == 1, let separator = [";", "\t"].first(where: { header[0].contains($0) }) {
            let name = separator == ";" ? "semicolons" : "tabs"
            throw DataError(file: file, line: headerRecord.line,
                            reason: "the header is separated by \(name), but nnviz reads comma-separated values; save the file with commas between the fields")
        }
        var body = records.dropFirst()
        var generated = false
        if header.allSatisfy({ Float($0)?.isFinite == true }) {
            header = (1...header.count).map { "column\($0)" }
            body = records[...]
            generated = true
        }
        for (index, name) in header.enumerated() where name.isEmpty {
            throw DataError(file: file, line: headerRecord.line, reason: "header column \(index + 1) has no name")
        }
        if let duplicate = firstDuplicate(header) {
            throw DataError(file: file, line: headerRecord.line, reason: "the header names column '\(Sanitized.quoted(duplicate))' twice")
        }
        guard !body.isEmpty else { throw DataError(file: file, reason: "has a header but no data rows") }
        for record in body where record.fields.count != header.count {
            throw DataError(file: file, line: record.line,
                            reason: "has \(record.fields.count) fields but the \(generated ? "first row" : "header") has \(header.count)")
        }
        return CSVTable(file: file, header: header, rows: body.map(\.fields), lines: body.map(\.line), headerIsGenerated: generated)
    }

    private static func firstDuplicate(_ names: [String]) -> String? {
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted { return name }
        return nil
    }

    /// The index of the column `name`, or an error listing the columns there are.
    public func column(named name: String) throws(DataError) -> Int {
        guard let index = header.firstIndex(of: name) else {
            throw DataError(file: file, reason: "no column named '\(Sanitized.quoted(name))' (columns: \(Sanitized.list(header)))")
        }
        return index
    }

    /// The finite number in row `row`, column `column`, or an error naming the line and column.
    public func number(row: Int, column: Int) throws(DataError) -> Float {
        let text = rows[row][column].trimmingBlanks
        guard !text.isEmpty else { throw DataError(file: file, line: lines[row], column: header[column], reason: "missing value") }
        guard let value = Float(text) else {
            throw DataError(file: file, line: lines[row], column: header[column], reason: "'\(Sanitized.quoted(text))' is not a number")
        }
        guard value.isFinite else {
            throw DataError(file: file, line: lines[row], column: header[column], reason: "'\(Sanitized.quoted(text))' is not a finite number")
        }
        return value
    }
}

/// Rows of numeric features with, optionally, a label per row.
public struct Dataset: Sendable {
    public var file: String
    public var featureNames: [String]
    /// Row-major, `featureNames.count` values per row.
    public var features: [Float]
    public var targetName: String?
    /// The target column's text, one per row.
    public var labels: [String]
    public var lines: [Int]

    public var rowCount: Int { lines.count }
    public var width: Int { featureNames.count }

    public init(file: String, featureNames: [String], features: [Float], targetName: String?, labels: [String], lines: [Int]) {
        self.file = file
        self.featureNames = featureNames
        self.features = features
        self.targetName = targetName
        self.labels = labels
        self.lines = lines
    }

    /// A labelled data set: the target is `target` (default: the last column), the features are
    /// `features` (default: every other column).
    public static func labelled(_ table: CSVTable, target: String?, features: [String]?) throws(DataError) -> Dataset {
        guard table.header.count >= 2 else {
            throw DataError(file: table.file, reason: "needs at least one feature column and a target column")
        }
        let targetIndex = try target.map { name throws(DataError) in try table.column(named: name) } ?? table.header.count - 1
        var featureIndices: [Int] = []
        if let features {
            for name in features {
                let index = try table.column(named: name)
                if index == targetIndex {
                    throw DataError(file: table.file, reason: "column '\(Sanitized.quoted(name))' is the target and cannot also be a feature")
                }
                featureIndices.append(index)
            }
        } else {
            featureIndices = table.header.indices.filter { $0 != targetIndex }
        }
        var values: [Float] = []
        values.reserveCapacity(table.rows.count * featureIndices.count)
        var labels: [String] = []
        for row in table.rows.indices {
            for column in featureIndices { values.append(try table.number(row: row, column: column)) }
            let label = table.rows[row][targetIndex].trimmingBlanks
            guard !label.isEmpty else {
                throw DataError(file: table.file, line: table.lines[row], column: table.header[targetIndex], reason: "missing value")
            }
            labels.append(label)
        }
        return Dataset(file: table.file, featureNames: featureIndices.map { table.header[$0] }, features: values,
                       targetName: table.header[targetIndex], labels: labels, lines: table.lines)
    }

    /// Inputs for a model with `width` features: the columns named like the model's features where the
    /// file has them all, otherwise every column (which must then be `width` numbers).
    public static func inputs(_ table: CSVTable, featureNames: [String]?, width: Int) throws(DataError) -> Dataset {
        var indices: [Int]
        if let featureNames, featureNames.count == width, featureNames.allSatisfy(table.header.contains) {
            indices = featureNames.map { table.header.firstIndex(of: $0)! }
        } else if table.header.count == width {
            indices = Array(table.header.indices)
        } else {
            let expected = featureNames.map { " (\(Sanitized.list($0)))" } ?? ""
            throw DataError(file: table.file, line: 1,
                            reason: "has \(table.header.count) columns but the model expects \(width) features\(expected)")
        }
        var values: [Float] = []
        for row in table.rows.indices {
            for column in indices { values.append(try table.number(row: row, column: column)) }
        }
        return Dataset(file: table.file, featureNames: indices.map { table.header[$0] }, features: values,
                       targetName: nil, labels: [], lines: table.lines)
    }

    /// One input typed on the command line as comma-separated numbers, e.g. "5.1,3.5,1.4,0.2".
    public static func inline(_ text: String, width: Int, featureNames: [String]) throws(DataError) -> Dataset {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == width else {
            throw DataError(file: "--input", reason: "has \(parts.count) values but the model expects \(width)")
        }
        var values: [Float] = []
        for (index, part) in parts.enumerated() {
            guard let value = Float(part), value.isFinite else {
                throw DataError(file: "--input", reason: "value \(index + 1) ('\(Sanitized.quoted(part))') is not a finite number")
            }
            values.append(value)
        }
        return Dataset(file: "--input", featureNames: featureNames, features: values, targetName: nil, labels: [], lines: [1])
    }

    /// The features of row `row`.
    public func row(_ row: Int) -> [Float] {
        Array(features[row * width..<(row + 1) * width])
    }

    /// The rows at `indices`, in that order.
    public func subset(_ indices: [Int]) -> Dataset {
        var values: [Float] = []
        values.reserveCapacity(indices.count * width)
        for index in indices { values.append(contentsOf: features[index * width..<(index + 1) * width]) }
        return Dataset(file: file, featureNames: featureNames, features: values, targetName: targetName,
                       labels: labels.isEmpty ? [] : indices.map { labels[$0] }, lines: indices.map { lines[$0] })
    }
}

/// `text` as one CSV field: quoted (RFC 4180) when it holds a comma, a quote or a line break.
public func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

extension String {
    /// The text without the spaces and tabs around it; a field with none is returned as it is, without
    /// the cost of Foundation's general trimming (which dominated reading a million-row file).
    var trimmingBlanks: String {
        let bytes = utf8
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        guard let first = bytes.first, let last = bytes.last, isBlank(first) || isBlank(last) else { return self }
        guard let start = bytes.firstIndex(where: { !isBlank($0) }), let end = bytes.lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(self[start...end])
    }
}
