import ArgumentParser
import Foundation
import NNCore
import NNRender

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained folder documenting a model: summary, diagrams, charts and the maths of one input.",
        discussion: """
            The folder holds index.html (one page, no script, works offline), README.md with \
            the same content, and the pictures as SVG beside them. The input is a row of --data \
            (its label is the target of the backpropagation step) unless --input gives another. \
            The folder is written in full beside its destination and then moved into place, so a \
            failed run changes nothing; an existing folder is replaced only if nnviz report made it.

            --theme and --font-size apply to every picture, and the commands shown under them \
            say so; the page itself follows the theme (a dark page for dark, greys only for print).

            Examples:
              nnviz report Fixtures/iris_model.trained.json \\
                  --data Fixtures/iris.csv --row 3 -o report
              nnviz report Fixtures/iris_model.trained.json \\
                  --data Fixtures/iris.csv --theme print --font-size 14 -o report-print
            """
    )

    @OptionGroup var model: ModelArgument

    @Option(help: "A labelled CSV file: the model is evaluated on it, and its row --row is the input shown.")
    var data: String?

    @Option(help: "The target column of --data (default: the last column).")
    var target: String?

    @OptionGroup var input: InputOptions

    @Option(parsing: .unconditional, help: "The expected output for --input, to show the loss and backpropagation (default: the row's label in --data).")
    var label: String?

    @OptionGroup var explanation: ExplanationOptions

    @Option(help: "The report's title (default: the model's name).")
    var title: String?

    @OptionGroup var look: ThemeOptions

    @Option(name: .shortAndLong, help: "The folder to write.")
    var output: String = "report"

    func validate() throws {
        guard data != nil || input.input != nil else {
            throw ValidationError("Give --data (a labelled CSV file) or --input (the input to explain), or both.")
        }
    }

    func run() throws {
        let model = try self.model.load()
        var report = ModelReport(model: model, modelPath: self.model.model, title: title, seed: explanation.seed,
                                 maxNeurons: explanation.maxNeurons, theme: look.resolved)
        // A model nnviz cannot run gets its summary and layer diagram, without an input it cannot take.
        if let network = try? model.network(seed: explanation.seed) {
            report.network = network
            let rows = try data.map { path in try Dataset.labelled(readTable(path), for: model, target: target) }
            if let data, let rows, model.isTrained {
                let measured = Trainer.evaluate(network, on: try model.examples(rows), loss: model.effectiveLoss, task: model.task)
                report.evaluation = ReportEvaluation(file: data, rows: rows.rowCount, loss: model.effectiveLoss,
                                                     value: measured.loss, accuracy: measured.accuracy)
            }
            try addBoundary(to: &report, network: network)
            let shown = try shownInput(for: model, rows: rows)
            report.input = shown
            report.explanation = try explanation.explain(model, file: self.model.path, network: network, rawInput: shown.raw, described: shown.description,
                                                         target: shown.expected, defaultPrecision: ReportPage.significantDigits)
        }
        try report.write(to: output, inputs: [self.model.path, data, input.input].compactMap { $0 })
        print("wrote \(output)/index.html, \(output)/README.md and the pictures beside them")
    }

    /// For a model with two inputs and labelled --data: the decision boundary, and its evolution when
    /// nnviz train --snapshots kept MODEL.snapshots.json beside the model.
    func addBoundary(to report: inout ModelReport, network: Network) throws {
        let model = report.model
        guard let data, model.inputSize == 2 else { return }
        var plane = try PlaneOptions.parse(["--data", data])
        plane.target = target
        report.boundary = try plane.setup(model: model, network: network, file: self.model.model, dpi: 96, title: nil,
                                          note: model.isTrained ? nil : "untrained: Glorot-uniform initial weights from seed \(explanation.seed)")
        // Snapshots kept by nnviz train --snapshots beside the model: MODEL.snapshots.json.
        let path = self.model.model
        let snapshots = (path.hasSuffix(".json") ? String(path.dropLast(5)) : path) + ".snapshots.json"
        if let boundary = report.boundary, FileManager.default.fileExists(atPath: snapshots) {
            let kept = try Snapshots.load(path: snapshots)
            report.evolution = (Evolution(setup: boundary, epochs: kept.epochs, networks: kept.networks,
                                          history: kept.model.training?.history), snapshots)
        }
    }

    /// The input shown: --input, or row --row of --data with its label as the expected output.
    func shownInput(for model: Model, rows: Dataset?) throws -> ReportInput {
        if let given = input.input {
            let resolved = try input.resolve(for: model, file: self.model.model)
            return ReportInput(raw: resolved.raw, description: resolved.fromFile ? "row \(input.row) of \(given)" : "the input \(given)",
                               options: "--input \(shellQuoted(given))" + (resolved.fromFile ? " --row \(input.row)" : ""), expected: label,
                               fileRow: resolved.fromFile ? pictureRow(given) : nil)
        }
        guard let rows, let data else { throw ValidationError("Give --data (a labelled CSV file) or --input (the input to explain), or both.") }
        guard input.row <= rows.rowCount else {
            throw DataError(file: data, reason: "--row \(input.row) is past the end: the file has \(rows.rowCount) data rows")
        }
        return ReportInput(raw: rows.row(input.row - 1), description: "row \(input.row) of \(data)",
                           options: "--input \(shellQuoted(data)) --row \(input.row)", expected: label ?? rows.labels[input.row - 1],
                           fileRow: pictureRow(data))
    }

    /// Row --row of `file` as the pictures of nnviz diagram and nnviz activations name it.
    func pictureRow(_ file: String) -> String {
        "row \(input.row) of \(URL(fileURLWithPath: file).lastPathComponent)"
    }
}
