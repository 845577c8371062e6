import ArgumentParser
import Foundation
import NNCore

extension Activation: ExpressibleByArgument {}
extension Loss: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
}
extension OptimizerKind: ExpressibleByArgument {}
extension Normalization.Method: ExpressibleByArgument {}

/// A model path argument that defaults to model.json in the current folder.
struct ModelArgument: ParsableArguments {
    @Argument(help: "The model file: nnviz JSON or Keras model.to_json() output.")
    var model: String = "model.json"

    func load() throws -> Model {
        try ModelFile.load(path: model)
    }
}

/// Runs `body`, naming `file` in any ModelError it throws, so that the user sees which model is meant.
func naming<T>(_ file: String, _ body: () throws(ModelError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        throw ModelError("\(file): \(error.reason)")
    }
}

/// The input to show: a CSV file or comma-separated numbers, and which row of the file.
struct InputOptions: ParsableArguments {
    @Option(name: .long, help: "A CSV file with a header row, or one input as comma-separated numbers, e.g. \"5.1,3.5,1.4,0.2\".")
    var input: String?

    @Option(name: .long, help: "The row of the input file to use, counting data rows from 1.")
    var row: Int = 1

    func validate() throws {
        guard row >= 1 else { throw ValidationError("--row counts from 1, so it must be at least 1 (got \(row)).") }
    }

    /// The chosen input as the user wrote it and as the network sees it (normalised).
    func resolve(for model: Model) throws -> ResolvedInput {
        guard let width = model.inputSize else {
            throw ModelError("this model has no single flat input, so it cannot be given an input")
        }
        guard let input else { throw ValidationError("--input is required: a CSV file or comma-separated numbers.") }
        let data = try loadInputs(input, width: width, model: model)
        guard row <= data.rowCount else {
            throw DataError(file: input, reason: "--row \(row) is past the end: the file has \(data.rowCount) data rows")
        }
        let raw = data.row(row - 1)
        let normalized = model.normalization?.applied(to: raw) ?? raw
        return ResolvedInput(raw: raw, normalized: normalized, source: input, row: row)
    }
}

/// The rows of `input`: a CSV file when such a file exists or the name ends in .csv, otherwise one
/// row of comma-separated numbers.
func loadInputs(_ input: String, width: Int, model: Model) throws -> Dataset {
    if FileManager.default.fileExists(atPath: input) || input.hasSuffix(".csv") {
        return try Dataset.inputs(CSVTable.read(path: input), featureNames: model.featureNames, width: width)
    }
    return try Dataset.inline(input, width: width, featureNames: model.inputNames)
}

/// One input row, before and after the model's normalisation.
struct ResolvedInput {
    var raw: [Float]
    var normalized: [Float]
    var source: String
    var row: Int
}

/// Writes `text` to `path` atomically, or to standard output when `path` is "-".
func writeOutput(_ text: String, to path: String) throws {
    if path == "-" {
        FileHandle.standardOutput.write(Data(text.utf8))
        return
    }
    try AtomicFile.write(Data(text.utf8), to: path)
}

/// A note for the user on standard error.
func note(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Formats a number for people: up to `digits` significant digits, no float noise.
func formatted(_ value: Float, digits: Int = 4) -> String {
    String(format: "%.\(digits)f", value)
}
