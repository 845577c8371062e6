import ArgumentParser
import Foundation
import NNCore
import NNRender

/// The values of an option whose type is a `String` enum, for help and completion: its raw values,
/// read directly. swift-argument-parser's general version instantiates a generic key path
/// (`\.rawValue.defaultValueDescription`) on every call, about 0.1 M instructions each, and every
/// command asks for the values of each of its enum options several times at start-up.
extension ExpressibleByArgument where Self: CaseIterable & RawRepresentable, RawValue == String {
    public static var allValueStrings: [String] { allCases.map { $0.rawValue } }
}

extension Activation: ExpressibleByArgument {}
extension Loss: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
}
extension OptimizerKind: ExpressibleByArgument {}
extension Normalization.Method: ExpressibleByArgument {}

/// A model path argument that defaults to model.json in the current folder.
struct ModelArgument: ParsableArguments {
    @Argument(help: "The model file: nnviz JSON, Keras JSON (model.to_json()), a Keras .keras or .h5, or an ONNX model.")
    var model: String = "model.json"

    @Option(help: "A file of trained weights for the model's layers: a Keras .weights.h5 or .h5, or a safetensors file (e.g. a PyTorch state_dict).")
    var weights: String?

    func load() throws -> Model {
        if model == "model.json", !FileManager.default.fileExists(atPath: model) {
            throw ModelFileError.unreadable(file: model, reason: "no such file (with no MODEL given, nnviz reads model.json in the current folder)")
        }
        return try ModelFile.load(path: model, weights: weights)
    }

    /// The model file, to keep outputs off it.
    var path: String { model }
}

/// Runs `body`, naming `file` in any ModelError it throws, so that the user sees which model is meant.
func naming<T>(_ file: String, _ body: () throws(ModelError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        throw ModelError.inFile(file, error)
    }
}

/// The input to show: a CSV file or comma-separated numbers, and which row of the file.
struct InputOptions: ParsableArguments {
    @Option(name: .long, parsing: .unconditional,
            help: "A CSV file with a header row, or one input as comma-separated numbers, e.g. \"5.1,3.5,1.4,0.2\" or -0.5,0.1,2,0.")
    var input: String?

    @Option(name: .long, help: "The row of the input file to use, counting data rows from 1.")
    var row: Int = 1

    func validate() throws {
        guard row >= 1 else { throw ValidationError("--row counts from 1, so it must be at least 1 (got \(row)).") }
    }

    /// The chosen input as the user wrote it and as the network sees it (normalised); `file` is the
    /// model's file, named when the model cannot take an input.
    func resolve(for model: Model, file: String) throws -> ResolvedInput {
        guard let width = model.inputSize else { throw notFlat(model, file: file) }
        guard let input else { throw ValidationError("--input is required: a CSV file or comma-separated numbers.") }
        let data = try loadInputs(input, width: width, model: model)
        guard row <= data.rowCount else {
            throw DataError(file: input, reason: "--row \(row) is past the end: the file has \(data.rowCount) data rows")
        }
        let raw = data.row(row - 1)
        let normalized = model.normalized(raw)
        return ResolvedInput(raw: raw, normalized: normalized, source: input, row: row, fromFile: isInputFile(input))
    }
}

/// Why `model` (read from `file`) cannot be given an input: its inputs and the first layer nnviz cannot run.
func notFlat(_ model: Model, file: String) -> ModelError {
    let inputs = model.inputs.map { "'\($0.name)' has shape \($0.shape.kerasDescription)" }.joined(separator: " and ")
    let layer = model.layers.first { !$0.isDense }.map { ", and layer '\($0.name)' is a \($0.className)" } ?? ""
    return .inFile(file, ModelError("nnviz runs Dense layers on one flat input, and this model's input \(inputs)\(layer); "
        + "draw it with nnviz diagram \(file)"))
}

/// Whether `--input` names a CSV file (one that exists, or any name ending in .csv) rather than
/// giving comma-separated numbers.
func isInputFile(_ input: String) -> Bool {
    FileManager.default.fileExists(atPath: input) || input.hasSuffix(".csv")
}

/// The rows of `input`: a CSV file, or one row of comma-separated numbers.
func loadInputs(_ input: String, width: Int, model: Model) throws -> Dataset {
    if isInputFile(input) {
        return try Dataset.inputs(readTable(input), featureNames: model.featureNames, width: width)
    }
    return try Dataset.inline(input, width: width, featureNames: model.inputNames)
}

/// How an explanation is written: the step shown, the rounding, how many neurons in full, and the
/// seed of an untrained model's weights. Shared by `nnviz explain` and `nnviz report`.
struct ExplanationOptions: ParsableArguments {
    @Option(help: "The learning rate η of the gradient-descent step that is shown.")
    var learningRate: Float = 0.01

    @Option(help: "The number of significant digits every number is rounded to (default: 4; in a report 3, the digits of the whole page).")
    var precision: Int?

    @Option(help: "Layers wider than this are written out for their first N neurons and summarised after that.")
    var maxNeurons: Int = 4

    @Option(help: "The seed for the weights of a model that has not been trained.")
    var seed: UInt64 = 0

    func validate() throws {
        if let precision, !(1...9).contains(precision) { throw ValidationError("--precision must be between 1 and 9 (got \(precision)).") }
        guard (1...Self.maximumNeurons).contains(maxNeurons) else {
            throw ValidationError("--max-neurons must be between 1 and \(Self.maximumNeurons) (got \(maxNeurons)).")
        }
        guard learningRate > 0, learningRate.isFinite else {
            throw ValidationError("--learning-rate must be a positive number (got \(learningRate)).")
        }
    }

    /// The most neurons written out per layer, and the most layers explained: the explanation's
    /// length grows with layers × neurons × their inputs, and past these it cannot be read.
    static let maximumNeurons = 64
    static let maximumLayers = 100

    /// The step-by-step explanation of `rawInput` (as the user gave it) through `network`.
    func explain(_ model: Model, file: String, network: Network, rawInput: [Float], described: String, target: String?,
                 allUpdates: Bool = false, defaultPrecision: Int = 4) throws -> Explanation {
        guard network.layers.count <= Self.maximumLayers else {
            throw ModelError.inFile(file, ModelError("the model has \(network.layers.count) layers; nnviz explains at most \(Self.maximumLayers) step by step (nnviz summary lists them all)"))
        }
        return try Explanation(ExplanationRequest(model: model, network: network, rawInput: rawInput, inputDescription: described,
                                           target: target, learningRate: learningRate, maxNeurons: maxNeurons,
                                           precision: precision ?? defaultPrecision, seed: model.isTrained ? nil : seed, allUpdates: allUpdates))
    }
}

/// One input row, before and after the model's normalisation.
struct ResolvedInput {
    var raw: [Float]
    var normalized: [Float]
    var source: String
    var row: Int
    /// Whether `source` is a CSV file (then `row` is the row used) or the numbers themselves.
    var fromFile: Bool
}

/// Writes `text` to `path` atomically, or to standard output when `path` is "-".
func writeOutput(_ text: String, to path: String) throws {
    try AtomicFile.write(Data(text.utf8), to: path)
}

/// Checks, before any work, that every output can be written and that none is an input of the
/// command (compared by device and inode, so another name for the same file is caught too) or
/// another of its outputs.
func checkOutputs(_ outputs: [String?], inputs: [String?]) throws {
    let inputFiles = inputs.compactMap { $0 }.filter { FileManager.default.fileExists(atPath: $0) }
    var seen: [String: String] = [:]
    for output in outputs.compactMap({ $0 }) where output != "-" {
        try AtomicFile.checkWritable(output, inputs: inputFiles)
        let key = URL(fileURLWithPath: output).standardizedFileURL.path
        if let earlier = seen[key] {
            throw AtomicFile.WriteError(path: output, reason: "cannot write: '\(earlier)' is written by the same command; give each output its own file")
        }
        seen[key] = output
    }
}

/// The CSV file at `path`; a file without a header row is read as data, and the user is told once.
func readTable(_ path: String) throws -> CSVTable {
    let table = try CSVTable.read(path: path)
    if table.headerIsGenerated {
        note("note: \(Sanitized.text(path)) has no header row (its first row is numbers), so all its rows are data and its columns are named column1 to column\(table.header.count)")
    }
    return table
}

/// Fails, naming the first layer whose output is not a finite number, when `trace` overflowed
/// (weights near Float's largest value make inf and NaN that must not be printed as results).
func checkFinite(_ trace: ForwardTrace, network: Network, file: String, source: String) throws {
    try naming(file) { () throws(ModelError) in try network.checkFinite(trace, source: source) }
}

/// A note for the user on standard error.
func note(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
