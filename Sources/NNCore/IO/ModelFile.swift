import Foundation

/// Reads and writes model files: nnviz's own JSON, and Keras's `model.to_json()` (read only).
public enum ModelFile {
    /// Loads the model at `path`: a trained-model file of another framework, recognised by its content
    /// (see `TrainedModelFile`), or JSON — Keras's format detected by its `class_name` key.
    public static func load(path: String) throws(ModelFileError) -> Model {
        if let imported = try TrainedModelFile.load(path: path) { return imported }
        let text: String
        do {
            text = try TextFile.read(path)
        } catch {
            throw ModelFileError.unreadable(file: path, reason: error.reason)
        }
        return try parse(text, file: path)
    }

    /// Parses model JSON text; `file` names it in messages.
    public static func parse(_ text: String, file: String) throws(ModelFileError) -> Model {
        if text.allSatisfy(\.isWhitespace) { throw ModelFileError(file: file, reason: "is empty (expected a JSON model)") }
        let json: JSONValue
        do {
            json = try JSONParser.parse(text)
        } catch {
            if error.line == 1, error.column == 1, let first = text.split(whereSeparator: \.isNewline).first, first.contains(",") || first.contains(";") {
                throw ModelFileError(file: file, reason: "looks like CSV data, not a model; give the model file (nnviz JSON or Keras model.to_json()) as MODEL and the data with --data or --input")
            }
            throw ModelFileError.syntax(file: file, line: error.line, column: error.column, reason: error.reason)
        }
        guard json.object != nil else { throw ModelFileError(file: file, reason: "expected a JSON object at the top level") }
        if json["class_name"] != nil {
            return try KerasImport.model(from: json, file: file)
        }
        return try NativeModelFormat.model(from: json, file: file)
    }

    /// The model in nnviz's JSON format.
    public static func encode(_ model: Model) throws(ModelFileError) -> String {
        JSONWriter.write(try NativeModelFormat.json(for: model))
    }

    /// Writes `model` to `path` through a temporary file in the same folder, so that a failed write
    /// leaves nothing behind and never half-replaces an existing file.
    public static func save(_ model: Model, to path: String) throws(ModelFileError) {
        let text = try encode(model)
        do {
            try AtomicFile.write(Data(text.utf8), to: path)
        } catch {
            throw ModelFileError.unwritable(file: path, reason: error.reason)
        }
    }
}
