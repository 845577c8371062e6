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

            Example:
              nnviz report Fixtures/iris_model.trained.json \\
                  --data Fixtures/iris.csv --row 3 -o report
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

    @Option(name: .shortAndLong, help: "The folder to write.")
    var output: String = "report"

    func validate() throws {
        guard data != nil || input.input != nil else {
            throw ValidationError("Give --data (a labelled CSV file) or --input (the input to explain), or both.")
        }
    }

    func run() throws {
        let model = try self.model.load()
        let modelPath = self.model.model
        var facts: [(name: String, value: String)] = [("Model", "\(modelPath): \(model.layers.count) layers, \(ModelSummary.grouped(model.parameterCount)) parameters")]
        if let training = model.training {
            facts.append(("Trained", "\(training.epochs) epochs of \(training.optimizer), learning rate \(training.learningRate), batch size \(training.batchSize), seed \(training.seed)"))
        } else if !model.isTrained {
            facts.append(("Weights", "untrained: Glorot-uniform initial weights from seed \(explanation.seed)"))
        }
        let network = try? model.network(seed: explanation.seed)

        // The input: --input, or row --row of --data with its label; none for a model nnviz cannot run.
        var raw: [Float] = []
        var inputDescription = ""
        var expected = label
        var command = "--input \(shellQuoted(input.input ?? ""))"
        if network != nil, let given = input.input {
            let resolved = try input.resolve(for: model, file: self.model.model)
            raw = resolved.raw
            let fromFile = resolved.fromFile
            inputDescription = fromFile ? "row \(input.row) of \(given)" : "the input \(given)"
            if fromFile { command += " --row \(input.row)" }
        }
        if network != nil, let data {
            let table = try readTable(data)
            let features = model.featureNames.flatMap { names in names.allSatisfy(table.header.contains) ? names : nil }
            let set = try Dataset.labelled(table, target: target, features: features)
            if let width = model.inputSize, set.width != width {
                throw DataError(file: data, reason: "has \(set.width) feature columns but the model expects \(width)")
            }
            if let network, model.isTrained {
                var encoded = model
                let targets = try encoded.encodeTargets(set)
                let examples = Examples(inputs: model.normalization?.applied(to: set.features) ?? set.features, targets: targets)
                let result = Trainer.evaluate(network, on: examples, loss: model.effectiveLoss, task: model.task)
                var value = "\(set.rowCount) rows, loss (\(model.effectiveLoss.rawValue)) \(formatted(result.loss))"
                if let accuracy = result.accuracy { value += ", accuracy \(formatted(accuracy))" }
                facts.append(("Evaluated on \(data)", value))
            }
            if input.input == nil {
                guard input.row <= set.rowCount else {
                    throw DataError(file: data, reason: "--row \(input.row) is past the end: the file has \(set.rowCount) data rows")
                }
                raw = set.row(input.row - 1)
                inputDescription = "row \(input.row) of \(data)"
                expected = expected ?? set.labels[input.row - 1]
                command = "--input \(shellQuoted(data)) --row \(input.row)"
            }
        }
        if network != nil {
            facts.append(("Input", "\(inputDescription): " + raw.map { "\($0)" }.joined(separator: ", ")))
            if let expected { facts.append(("Expected output", expected)) }
        }

        let folder = try ReportFolder(destination: output, inputs: [modelPath, data, input.input].compactMap { $0 })
        do {
            let figures = try drawFigures(model: model, network: network, raw: raw, inputCommand: command, in: folder)
            var explained: Explanation?
            var remark: String?
            if let network {
                explained = try explanation.explain(model, file: self.model.path, network: network, rawInput: raw, described: inputDescription, target: expected)
            } else {
                remark = "nnviz runs stacks of Dense layers only, so this model's activations and maths are not shown; its summary and layer diagram are above."
            }
            let page = ReportPage(title: title ?? "Model \(model.name ?? URL(fileURLWithPath: modelPath).deletingPathExtension().lastPathComponent)",
                                  summary: ModelSummary(model), facts: facts, figures: figures, explanation: explained, remark: remark)
            try folder.write(page.html(), to: "index.html")
            try folder.write(page.markdown(), to: "README.md")
            try folder.commit()
        } catch {
            folder.discard()
            throw error
        }
        print("wrote \(output)/index.html, \(output)/README.md and the pictures beside them")
    }

    /// Draws every picture of the report into the folder, with what each shows in words.
    func drawFigures(model: Model, network: Network?, raw: [Float], inputCommand: String, in folder: ReportFolder) throws -> [ReportFigure] {
        let modelPath = shellQuoted(self.model.model)
        var figures: [ReportFigure] = []
        let layers = DOTWriter.write(try naming(self.model.path) { () throws(ModelError) in
            try ModelDiagram.describe(model, options: DiagramOptions(style: .layers))
        })
        try GraphvizRenderer.render(layers, format: .svg, to: folder.path("layers.svg"))
        figures.append(ReportFigure(file: "layers.svg", title: "Layers", alt: AltText.layerDiagram(model),
                                    command: "nnviz diagram \(modelPath) -o layers.svg"))
        guard let network, !raw.isEmpty else { return figures }

        let normalized = model.normalization?.applied(to: raw) ?? raw
        let trace = network.trace(normalized)
        try checkFinite(trace, network: network, file: self.model.path, source: "the input")
        let activations = NeuronActivations(rawInput: raw, trace: trace, source: "the input shown", fromInitialWeights: !model.isTrained)
        let neurons = DOTWriter.write(try ModelDiagram.describe(model, options: DiagramOptions(style: .neurons, maxNeurons: max(explanation.maxNeurons, 10)),
                                                                 activations: activations))
        try GraphvizRenderer.render(neurons, format: .svg, to: folder.path("neurons.svg"))
        figures.append(ReportFigure(file: "neurons.svg", title: "Neurons and weights",
                                    alt: AltText.neuronDiagram(model, network: model.isTrained ? network : nil, trace: trace),
                                    command: "nnviz diagram \(modelPath) --style neurons \(inputCommand) -o neurons.svg"))

        let chart = try ChartOptions.parse([])
        let drawing = try activationDrawing(network: network, trace: trace, layers: Array(network.layers.indices), preActivation: false,
                                            subtitle: "input " + raw.prefix(12).map { chartNumber(Double($0)) }.joined(separator: ", "),
                                            chart: chart)
        try ChartRenderer.write(drawing, to: folder.path("activations.svg"), format: .svg, fontFamily: Theme.light.fontFamily)
        let described = network.layers.indices.map { index in
            AltText.activations(layer: network.layers[index].name, activation: network.layers[index].activation, values: trace.layers[index].a)
        }
        figures.append(ReportFigure(file: "activations.svg", title: "Activations", alt: described.joined(separator: " "),
                                    command: "nnviz activations \(modelPath) \(inputCommand) --layer all -o activations.svg"))

        if let history = model.training?.history {
            try writeLossChart(history, file: self.model.model, metric: .all, smooth: 1, logarithmic: false, chart: chart,
                               to: folder.path("loss.svg"))
            figures.append(ReportFigure(file: "loss.svg", title: "Training", alt: AltText.lossCurve(history),
                                        command: "nnviz train … --history history.csv, then nnviz loss history.csv --metric all -o loss.svg"))
        }
        return figures
    }
}

/// A report folder written in full under a temporary name beside its destination, then moved into
/// place; an existing folder is replaced only when an earlier `nnviz report` wrote it.
final class ReportFolder {
    static let marker = ".nnviz-report"
    let destination: String
    let temporary: String
    private var committed = false

    init(destination: String, inputs: [String]) throws {
        let url = URL(fileURLWithPath: destination).standardizedFileURL
        let inside = url.resolvingSymlinksInPath().path + "/"
        for input in inputs where FileManager.default.fileExists(atPath: input) {
            let resolved = URL(fileURLWithPath: input).standardizedFileURL.resolvingSymlinksInPath().path
            if resolved.hasPrefix(inside) || resolved + "/" == inside {
                throw RenderError.unwritable(file: destination, reason: "cannot write: the input '\(input)' is in this folder, which a report replaces; choose another folder")
            }
        }
        let parent = url.deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isFolder), isFolder.boolValue else {
            throw RenderError.unwritable(file: destination, reason: "cannot write: folder '\(parent)' does not exist")
        }
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) {
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            guard isFolder.boolValue, contents.isEmpty || contents.contains(Self.marker) else {
                throw RenderError.unwritable(file: destination, reason: "already exists and was not written by nnviz report; choose another folder or remove it")
            }
        }
        self.destination = url.path
        do {
            temporary = try TemporaryFiles.createFolder(beside: url.path)
        } catch {
            throw RenderError.unwritable(file: destination, reason: error.reason)
        }
        do {
            try Data().write(to: URL(fileURLWithPath: path(Self.marker)))
        } catch {
            TemporaryFiles.remove(temporary)
            throw RenderError.unwritable(file: destination, reason: "cannot write: permission denied in '\(parent)'")
        }
    }

    /// The path of `name` in the folder being written, registered for removal if nnviz is interrupted.
    func path(_ name: String) -> String {
        let path = temporary + "/" + name
        TemporaryFiles.register(path)
        return path
    }

    func write(_ text: String, to name: String) throws {
        try AtomicFile.write(Data(text.utf8), to: path(name))
    }

    /// Moves the finished folder into place, replacing an earlier report.
    func commit() throws {
        let old = temporary + ".old"
        let hadOld = FileManager.default.fileExists(atPath: destination)
        if hadOld, rename(destination, old) != 0 {
            throw RenderError.unwritable(file: destination, reason: "cannot replace: \(String(cString: strerror(errno)))")
        }
        if rename(temporary, destination) != 0 {
            let reason = String(cString: strerror(errno))
            if hadOld { rename(old, destination) }
            throw RenderError.unwritable(file: destination, reason: "cannot write: \(reason)")
        }
        committed = true
        TemporaryFiles.forget(temporary)
        if hadOld { try? FileManager.default.removeItem(atPath: old) }
    }

    func discard() {
        if !committed { TemporaryFiles.remove(temporary) }
    }
}

/// `text` quoted for a POSIX shell when it needs quoting, so commands shown can be pasted.
func shellQuoted(_ text: String) -> String {
    let safe = text.allSatisfy { $0.isLetter || $0.isNumber || "-_./,=:+".contains($0) }
    return safe && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
