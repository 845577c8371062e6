import Foundation

extension History {
    /// Reads the history `nnviz train --history` wrote: CSV (`epoch,loss,accuracy,val_loss,val_accuracy`,
    /// or Keras's CSVLogger columns in any order) or JSON (an object of per-epoch lists).
    public static func load(path: String) throws -> History {
        let text: String
        do {
            text = try TextFile.read(path)
        } catch {
            throw DataError(file: path, reason: error.reason)
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw DataError(file: path, reason: "is empty (expected a training history, CSV or JSON)") }
        if trimmed.hasPrefix("{") || path.lowercased().hasSuffix(".json") {
            let json: JSONValue
            do {
                json = try JSONParser.parse(text)
            } catch {
                throw ModelFileError(file: path, place: "line \(error.line), column \(error.column)", reason: error.reason)
            }
            return try History(json: json, file: path)
        }
        return try History(csv: text, file: path)
    }

    /// Parses a history in CSV form: a header row naming the columns, then one row per epoch. An
    /// `epoch` column is optional and not used; unknown columns are ignored.
    public init(csv text: String, file: String) throws(DataError) {
        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }.map { String($0) }
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        guard let headerLine = lines.first else { throw DataError(file: file, reason: "is empty (expected a header row such as epoch,loss,val_loss)") }
        let header = headerLine.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard header.contains("loss") else {
            throw DataError(file: file, line: 1, reason: "the header has no 'loss' column (found: \(header.joined(separator: ", ")))")
        }
        guard lines.count > 1 else { throw DataError(file: file, reason: "has a header but no epochs") }
        var columns: [String: [Float]] = [:]
        for name in header where name != "epoch" { columns[name] = [] }
        for (index, line) in lines.enumerated().dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == header.count else {
                throw DataError(file: file, line: index + 1, reason: "has \(fields.count) values but the header has \(header.count) columns")
            }
            for (name, field) in zip(header, fields) where name != "epoch" {
                guard let value = Float(field) else {
                    throw DataError(file: file, line: index + 1, column: name, reason: "'\(field)' is not a number")
                }
                guard value.isFinite else {
                    throw DataError(file: file, line: index + 1, column: name, reason: "'\(field)' is not a finite number")
                }
                columns[name, default: []].append(value)
            }
        }
        do {
            try self.init(columns: columns, file: file)
        } catch {
            throw DataError(file: file, reason: error.reason)
        }
    }
}
