import ArgumentParser
import Foundation
import NNCore
import NNRender

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model on a CSV file and write the trained model.",
        discussion: """
            The trained model is written beside MODEL as MODEL.trained.json unless -o says \
            otherwise; MODEL itself is never overwritten unless -o names it. Example:
              nnviz train Fixtures/iris_model.json --data Fixtures/iris.csv \\
                  --epochs 200 --normalize standard --history history.csv \\
                  -o iris_model.trained.json
            """
    )

    @OptionGroup var model: ModelArgument

    @Option(help: "The training data: a CSV file with a header row.")
    var data: String

    @Option(help: "The target column (default: the last column).")
    var target: String?

    @Option(help: "The feature columns, comma-separated (default: every column but the target).")
    var features: String?

    @Option(help: "The number of passes over the training data.")
    var epochs: Int = 100

    @Option(help: "The number of rows in each gradient step.")
    var batchSize: Int = 32

    @Option(help: "The optimizer: sgd, momentum (SGD with momentum 0.9) or adam.")
    var optimizer: OptimizerKind = .adam

    @Option(help: "The learning rate (default: 0.01 for sgd and momentum, 0.001 for adam).")
    var learningRate: Float?

    @Option(help: "The loss: mse, binary_crossentropy or categorical_crossentropy (default: the model's, or the one its output layer suggests).")
    var loss: Loss?

    @Option(help: "The fraction of rows, taken from the end of the file, held out for validation.")
    var validationSplit: Double?

    @Option(help: "A separate CSV file of validation rows.")
    var validation: String?

    @Option(help: "How to rescale inputs, fitted on the training rows and stored in the model: standard, minmax or none (default: the model's, else none).")
    var normalize: Normalization.Method?

    @Option(help: "The seed for the initial weights and the shuffling; the same seed gives the same model.")
    var seed: UInt64 = 0

    @Option(name: .shortAndLong, help: "Where to write the trained model (default: MODEL with .trained.json).")
    var output: String?

    @Option(help: "Also write the per-epoch history as .csv or .json.")
    var history: String?

    @Option(help: "Also draw the loss curves (train and validation) to this .png, .svg or .pdf file.")
    var lossPlot: String?

    @Option(help: "Keep the model at these epochs, comma-separated (0 is before training), e.g. 0,1,2,5,10,20,50,100, in one snapshot file for nnviz evolution.")
    var snapshots: String?

    @Option(help: "Keep the model every N epochs (and before training and at the end) in the snapshot file.")
    var snapshotEvery: Int?

    @Option(help: "Where to write the snapshots (default: the trained model's path with .snapshots.json).")
    var snapshotFile: String?

    @Flag(help: "Print only the final result.")
    var quiet = false

    func validate() throws {
        guard epochs > 0 else { throw ValidationError("--epochs must be at least 1 (got \(epochs)).") }
        guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1 (got \(batchSize)).") }
        if let learningRate, !(learningRate > 0 && learningRate.isFinite) {
            throw ValidationError("--learning-rate must be a positive number (got \(learningRate)).")
        }
        if let validationSplit, !(validationSplit > 0 && validationSplit < 1) {
            throw ValidationError("--validation-split must be between 0 and 1 (got \(validationSplit)).")
        }
        if validationSplit != nil, validation != nil {
            throw ValidationError("Give --validation-split or --validation, not both.")
        }
        if let history, !(history.hasSuffix(".csv") || history.hasSuffix(".json")) {
            throw ValidationError("--history must end in .csv or .json (got \(history)).")
        }
        if let lossPlot, ChartFormat(path: lossPlot) == nil {
            throw ValidationError("--loss-plot must end in .png, .svg or .pdf (got \(lossPlot)).")
        }
    }

    var outputPath: String {
        if let output { return output }
        let path = model.model
        if path.hasSuffix(".json") { return String(path.dropLast(5)) + ".trained.json" }
        return path + ".trained.json"
    }

    /// The snapshot file, when snapshots are asked for.
    var snapshotPath: String? {
        guard snapshots != nil || snapshotEvery != nil else { return nil }
        if let snapshotFile { return snapshotFile }
        let path = outputPath
        return (path.hasSuffix(".json") ? String(path.dropLast(5)) : path) + ".snapshots.json"
    }

    func run() throws {
        let keptEpochs = snapshotPath == nil ? [] : try Snapshots.epochs(list: snapshots, every: snapshotEvery, of: epochs)
        var model = try self.model.load()
        // Every output is checked before training, so that a long run never ends in a write error.
        try checkOutputs([outputPath, history, lossPlot, snapshotPath], inputs: [self.model.path, data, validation])
        let lossFunction = loss ?? model.effectiveLoss
        model.loss = lossFunction
        try naming(self.model.model) { () throws(ModelError) in try model.checkTrainable(loss: lossFunction) }
        let prepared = try TrainingData(readTable(data), validation: validation.map(readTable), for: &model, options: dataOptions)
        var network = try naming(self.model.model) { () throws(ModelError) in try model.network(seed: seed) }
        let options = TrainingOptions(epochs: epochs, batchSize: batchSize, optimizer: optimizer, learningRate: learningRate, seed: seed)
        let progress = Progress(quiet: quiet)
        let kept = SnapshotCollector(epochs: keptEpochs)
        kept.keep(epoch: 0, network)
        let result = try Trainer.train(&network, on: prepared.training, validation: prepared.validation, loss: lossFunction, task: model.task,
                                       options: options, onBatch: { progress.batch(epoch: $0, batch: $1, batches: $2, epochs: epochs) },
                                       onEpoch: progress.epoch, onSnapshot: kept.keep)
        var trained = model.updating(from: network)
        trained.training = TrainingRecord(optimizer: optimizer.rawValue, learningRate: options.learningRate, epochs: epochs,
                                          batchSize: batchSize, seed: seed, history: result)
        try writeHistory(result)
        try ModelFile.save(trained, to: outputPath)
        if let snapshotPath {
            try Snapshots(model: trained, epochs: kept.epochs, networks: kept.networks).save(to: snapshotPath)
            print("wrote \(snapshotPath): the model at epochs \(kept.epochs.map(String.init).joined(separator: ", "))")
        }
        print("wrote \(outputPath): " + lastEpoch(result))
    }

    /// Writes the per-epoch history and its loss chart, where --history and --loss-plot ask for them.
    func writeHistory(_ result: History) throws {
        if let history {
            try writeOutput(history.hasSuffix(".json") ? JSONWriter.write(result.json) : result.csv, to: history)
        }
        if let lossPlot {
            try writeLossChart(result, file: data, metric: .loss, smooth: 1, logarithmic: false, chart: ChartOptions.parse([]), to: lossPlot)
        }
    }

    /// How the data file is read: columns, validation rows and normalisation.
    var dataOptions: DataOptions {
        DataOptions(target: target, features: features?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) },
                    validationSplit: validationSplit, normalize: normalize)
    }
}

/// The figures of the last epoch: `loss 0.0512, accuracy 0.9833, val_loss …`.
func lastEpoch(_ history: History) -> String {
    var line = "loss \(formatted(history.loss.last ?? 0))"
    if let accuracy = history.accuracy?.last { line += ", accuracy \(formatted(accuracy))" }
    if let validationLoss = history.validationLoss?.last { line += ", val_loss \(formatted(validationLoss))" }
    if let validationAccuracy = history.validationAccuracy?.last { line += ", val_accuracy \(formatted(validationAccuracy))" }
    return line
}

/// Training progress: one bar for the whole run, redrawn in place on a terminal with the last
/// epoch's figures; one line per epoch otherwise.
final class Progress {
    let quiet: Bool
    let terminal = isatty(STDERR_FILENO) == 1
    private var lastDrawn = Date.distantPast
    private var lastFigures = ""

    init(quiet: Bool) {
        self.quiet = quiet
    }

    func batch(epoch: Int, batch: Int, batches: Int, epochs: Int) {
        guard !quiet, terminal, Date().timeIntervalSince(lastDrawn) > 0.1 else { return }
        draw(done: Double((epoch - 1) * batches + batch) / Double(epochs * batches), label: "epoch \(epoch)/\(epochs)")
    }

    func epoch(_ report: EpochReport) {
        guard !quiet else { return }
        var figures = "loss: \(formatted(report.loss))"
        if let accuracy = report.accuracy { figures += " - accuracy: \(formatted(accuracy))" }
        if let loss = report.validationLoss { figures += " - val_loss: \(formatted(loss))" }
        if let accuracy = report.validationAccuracy { figures += " - val_accuracy: \(formatted(accuracy))" }
        lastFigures = figures
        if terminal {
            if report.epoch == report.epochs || Date().timeIntervalSince(lastDrawn) > 0.1 {
                draw(done: Double(report.epoch) / Double(report.epochs), label: "epoch \(report.epoch)/\(report.epochs)")
            }
            if report.epoch == report.epochs { FileHandle.standardError.write(Data("\n".utf8)) }
        } else {
            print("epoch \(report.epoch)/\(report.epochs) - \(figures)")
        }
    }

    private func draw(done: Double, label: String) {
        lastDrawn = Date()
        let width = 30
        let filled = min(width, Int(done * Double(width)))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let figures = lastFigures.isEmpty ? "" : " - " + lastFigures
        FileHandle.standardError.write(Data("\r\u{1B}[K\(label) \(bar)\(figures)".utf8))
    }
}

/// The networks kept at the epochs asked for, as training passes them.
final class SnapshotCollector {
    let wanted: Set<Int>
    private(set) var epochs: [Int] = []
    private(set) var networks: [Network] = []

    init(epochs: [Int]) {
        wanted = Set(epochs)
    }

    func keep(epoch: Int, _ network: Network) {
        guard wanted.contains(epoch) else { return }
        epochs.append(epoch)
        networks.append(network)
    }
}
