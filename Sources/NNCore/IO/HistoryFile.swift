import Foundation

extension History {
    /// Reads the history `nnviz train --history` wrote: CSV (`epoch,loss,accuracy,val_loss,val_accuracy`,
    /// or Keras's CSVLogger columns in any order) or JSON (an object of per-epoch lists).
    public static func load(path: String) throws(DataError) -> History {
        let text: String
        do {
            text = try TextFile.read(path)
        } catch {
            throw DataError.unreadable(file: path, reason: error.reason)
        }
        // The first byte that is not white space tells JSON from CSV, without copying the text.
        guard let first = text.utf8.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else {
            throw DataError(file: path, reason: "is empty (expected a training history, CSV or JSON)")
        }
        guard first == UInt8(ascii: "{") || path.lowercased().hasSuffix(".json") else {
            return try History(csv: text, file: path)
        }
        let json: JSONValue
        do {
            json = try JSONParser.parse(text)
        } catch {
            throw DataError.syntax(file: path, line: error.line, column: error.column, reason: error.reason)
        }
        do {
            return try History(json: json, file: path)
        } catch {
            throw DataError.invalidEntry(file: path, place: error.place ?? "history", reason: error.reason)
        }
    }

    /// Parses a history in CSV form (RFC 4180, as `CSVTable` reads it): a header row naming the
    /// columns, then one row per epoch. An `epoch` column is optional and not used; unknown columns
    /// are ignored.
    public init(csv text: String, file: String) throws(DataError) {
        guard !text.allSatisfy(\.isWhitespace) else {
            throw DataError(file: file, reason: "is empty (expected a header row such as epoch,loss,val_loss)")
        }
        let table = try CSVTable.parse(text, file: file)
        guard table.header.contains("loss") else {
            throw DataError(file: file, line: 1, reason: "the header has no 'loss' column (found: \(Sanitized.list(table.header)))")
        }
        var columns: [String: [Float]] = [:]
        for (index, name) in table.header.enumerated() where name != "epoch" {
            var values: [Float] = []
            for row in table.rows.indices { values.append(try table.number(row: row, column: index)) }
            columns[name] = values
        }
        do {
            try self.init(columns: columns, file: file)
        } catch {
            throw DataError(file: file, reason: error.reason)
        }
    }
}
