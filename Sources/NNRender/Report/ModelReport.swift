import Foundation
import NNCore

/// The input a report shows and explains.
public struct ReportInput: Sendable {
    /// The values as the user gave them, before the model's normalisation.
    public var raw: [Float]
    /// Where they came from, for people: "row 3 of train.csv".
    public var description: String
    /// The options that give the same input to other nnviz commands (`--input train.csv --row 3`),
    /// for the commands shown under the pictures.
    public var options: String
    /// The expected output, which adds the loss and backpropagation to the explanation.
    public var expected: String?
    /// How the pictures name a row of a file, as `nnviz diagram` and `nnviz activations` do
    /// ("row 3 of train.csv"); nil for numbers given as they are.
    public var fileRow: String?

    public init(raw: [Float], description: String, options: String, expected: String?, fileRow: String? = nil) {
        self.raw = raw
        self.description = description
        self.options = options
        self.expected = expected
        self.fileRow = fileRow
    }
}

/// How the model did on a labelled file.
public struct ReportEvaluation: Sendable {
    public var file: String
    public var rows: Int
    public var loss: Loss
    public var value: Float
    public var accuracy: Float?

    public init(file: String, rows: Int, loss: Loss, value: Float, accuracy: Float?) {
        self.file = file
        self.rows = rows
        self.loss = loss
        self.value = value
        self.accuracy = accuracy
    }
}

/// Everything `nnviz report` documents about a model; `write(to:)` draws the pictures and writes
/// the folder.
public struct ModelReport {
    public var model: Model
    /// The model file as the user named it, for the facts and the commands shown.
    public var modelPath: String
    /// The page's title (default: "Model" and the model's name).
    public var title: String?
    /// The network that runs the model; nil for a model nnviz cannot run, which gets its summary and
    /// layer diagram only.
    public var network: Network?
    /// The seed the weights were drawn from, when the model has none trained.
    public var seed: UInt64
    /// The neuron diagram shows at least this many neurons of each layer (and never fewer than 10).
    public var maxNeurons: Int
    public var evaluation: ReportEvaluation?
    public var input: ReportInput?
    public var explanation: Explanation?
    /// The decision boundary over the model's two inputs, for a model with two inputs and labelled data.
    public var boundary: BoundarySetup?
    /// The boundary at each kept epoch, when the model's training kept snapshots, and the snapshot file.
    public var evolution: (evolution: Evolution, file: String)?
    /// The colours and text size of every picture; the page's colours follow the theme (`ReportPage.Colors`).
    public var theme: Theme

    public init(model: Model, modelPath: String, title: String? = nil, network: Network? = nil, seed: UInt64 = 0, maxNeurons: Int = 4,
                theme: Theme = .light) {
        self.model = model
        self.modelPath = modelPath
        self.title = title
        self.network = network
        self.seed = seed
        self.maxNeurons = maxNeurons
        self.theme = theme
    }

    /// Writes index.html, README.md and the pictures into the folder `destination`, all or nothing;
    /// `inputs` are the files the report was made from, which must not be inside it.
    public func write(to destination: String, inputs: [String]) throws {
        let folder = try ReportFolder(destination: destination, inputs: inputs)
        do {
            let remark = network == nil
                ? "nnviz runs stacks of Dense layers only, so this model's activations and maths are not shown; its summary and layer diagram are above."
                : nil
            // "blog_model.trained.json" is the blog_model: the page is titled by the model, not its file.
            var name = model.name ?? URL(fileURLWithPath: modelPath).deletingPathExtension().lastPathComponent
            if model.name == nil, name.hasSuffix(".trained") { name.removeLast(".trained".count) }
            let page = ReportPage(title: title ?? "Model \(name)", summary: ModelSummary(model), facts: facts,
                                  figures: try drawFigures(in: folder), explanation: explanation, remark: remark,
                                  colors: .of(theme.name))
            try folder.write(page.html(), to: "index.html")
            try folder.write(page.markdown(), to: "README.md")
            try folder.commit()
        } catch {
            folder.discard()
            throw error
        }
    }

    /// The facts listed at the top: the model, its training, the evaluation and the input.
    var facts: [(name: String, value: String)] {
        var facts = [("Model", "\(modelPath): \(model.layers.count) layers, \(ModelSummary.grouped(model.parameterCount)) parameters")]
        if let training = model.training {
            facts.append(("Trained", "\(training.epochs) epochs of \(training.optimizer), learning rate \(training.learningRate), batch size \(training.batchSize), seed \(training.seed)"))
        } else if !model.isTrained {
            facts.append(("Weights", "untrained: Glorot-uniform initial weights from seed \(seed)"))
        }
        if let evaluation {
            var value = "\(evaluation.rows) rows, loss (\(evaluation.loss.rawValue)) \(ReportPage.number(evaluation.value))"
            if let accuracy = evaluation.accuracy { value += ", accuracy \(ReportPage.number(accuracy))" }
            // nnviz cannot tell whether these are the rows the model learned from: it says what that would mean.
            if model.training != nil { value += " (if the model was trained on these rows, this is its training score, not how it does on new data)" }
            facts.append(("Evaluated on \(evaluation.file)", value))
        }
        if let history = model.training?.history, let loss = history.validationLoss?.last {
            var value = "val_loss \(ReportPage.number(loss))"
            if let accuracy = history.validationAccuracy?.last { value += ", val_accuracy \(ReportPage.number(accuracy))" }
            facts.append(("Held-out validation rows, last epoch of training", value))
        }
        if network != nil, let input {
            facts.append(("Input", "\(input.description): " + input.raw.map(ReportPage.number).joined(separator: ", ")))
            if let expected = input.expected { facts.append(("Expected output", expected)) }
        }
        return facts
    }

    /// The options that give another nnviz command this report's theme and text size, each with its
    /// leading space (" --theme print --font-size 14"); empty for the defaults.
    var lookOptions: String {
        var options = theme.name == .light ? "" : " --theme \(theme.name.rawValue)"
        if theme.fontSize != Theme.defaultFontSize {
            let size = theme.fontSize
            options += " --font-size " + (size == size.rounded() ? String(Int(size)) : "\(size)")
        }
        return options
    }

    /// The options that give another nnviz command the initial weights this report drew, for a model
    /// without trained weights (" --seed 7"); empty when trained or at the commands' default seed.
    var seedOptions: String {
        model.isTrained || seed == 0 ? "" : " --seed \(seed)"
    }

    /// The report's layer diagram runs left to right when, drawn so, it is at most `width` CSS pixels
    /// that fit the column at `ReportPage.minimumScale` or more.
    static func layersRunAcross(width: Int) -> Bool {
        Double(width) * ReportPage.minimumScale <= Double(ReportPage.columnWidth)
    }

    /// A figure for the picture `file` already written in `folder`, with the size its SVG declares.
    func figure(_ file: String, in folder: ReportFolder, title: String, alt: String, command: String) -> ReportFigure {
        // Only read back to size the picture: a picture nnviz cannot read back is shown at the column width.
        let text = (try? String(contentsOfFile: folder.path(file), encoding: .utf8)) ?? ""
        let size = ReportFigure.naturalSize(ofSVG: text)
        return ReportFigure(file: file, title: title, alt: alt, command: command, width: size?.width, height: size?.height)
    }

    /// Draws every picture of the report into the folder, with what each shows in words.
    func drawFigures(in folder: ReportFolder) throws -> [ReportFigure] {
        let modelPath = shellQuoted(self.modelPath)
        let look = lookOptions
        var figures: [ReportFigure] = []
        func layerDiagram(_ direction: RankDirection) throws -> String {
            let description: DiagramDescription
            do {
                description = try ModelDiagram.describe(model, options: DiagramOptions(style: .layers, rankDirection: direction, theme: theme))
            } catch {
                throw ModelError.inFile(self.modelPath, error)
            }
            return String(decoding: try GraphvizRenderer.render(try GraphvizRenderer.dot(for: description), format: .svg), as: UTF8.self)
        }
        // Left to right when that fits the page's column at a readable scale (a short stack fills the
        // width instead of a narrow strip); top to bottom otherwise.
        let across = try layerDiagram(.leftToRight)
        let runsAcross = Self.layersRunAcross(width: ReportFigure.naturalSize(ofSVG: across)?.width ?? .max)
        try folder.write(runsAcross ? across : try layerDiagram(.topToBottom), to: "layers.svg")
        figures.append(figure("layers.svg", in: folder, title: "Layers", alt: AltText.layerDiagram(model),
                              command: "nnviz diagram \(modelPath)\(runsAcross ? " --rankdir LR" : "")\(look) -o layers.svg"))
        guard let network, let input, !input.raw.isEmpty else { return figures }

        let trace = network.trace(model.normalized(input.raw))
        do {
            try network.checkFinite(trace, source: "the input")
        } catch {
            throw ModelError.inFile(self.modelPath, error)
        }
        // The input named as the commands under the pictures name it, so that they remake the same pictures.
        let activations = NeuronActivations(rawInput: input.raw, trace: trace, source: input.fileRow ?? input.description,
                                            fromInitialWeights: !model.isTrained)
        let neuronLimit = max(maxNeurons, NeuronDiagram.defaultLimit(for: model))
        let limitOptions = neuronLimit == NeuronDiagram.defaultLimit(for: model) ? "" : " --max-neurons \(neuronLimit)"
        let neuronOptions = DiagramOptions(style: .neurons, theme: theme, maxNeurons: neuronLimit)
        let neurons = DOTWriter.write(try ModelDiagram.describe(model, options: neuronOptions, activations: activations))
        try GraphvizRenderer.render(neurons, format: .svg, to: folder.path("neurons.svg"))
        figures.append(figure("neurons.svg", in: folder, title: "Neurons and weights",
                                    alt: AltText.neuronDiagram(model, network: model.isTrained ? network : nil, trace: trace, theme: theme),
                                    command: "nnviz diagram \(modelPath) --style neurons \(input.options)\(limitOptions)\(seedOptions)\(look) -o neurons.svg"))

        let measurer = try CairoTextMeasurer(fontFamily: theme.fontFamily)
        let subtitle = ActivationChart.subtitle(input: input.raw, source: input.fileRow, untrainedSeed: model.isTrained ? nil : seed)
        let drawing = ActivationChart.drawing(network, trace: trace, layers: Array(network.layers.indices), preActivation: false,
                                              subtitle: subtitle, choices: ChartChoices(theme: theme), measurer: measurer)
        try ChartRenderer.write(drawing, to: folder.path("activations.svg"), format: .svg, fontFamily: theme.fontFamily)
        let described = network.layers.indices.map { index in
            AltText.activations(layer: network.layers[index].name, activation: network.layers[index].activationName, values: trace.layers[index].a)
        }
        figures.append(figure("activations.svg", in: folder, title: "Activations", alt: described.joined(separator: " "),
                                    command: "nnviz activations \(modelPath) \(input.options) --layer all\(seedOptions)\(look) -o activations.svg"))

        if let boundary {
            let data = shellQuoted(boundary.data.file)
            let drawing = BoundaryChart.layout(boundary, style: ChartStyle(width: 600, height: 600, theme: theme), measurer: measurer)
            try ChartRenderer.write(drawing, to: folder.path("boundary.svg"), format: .svg, fontFamily: theme.fontFamily)
            let summary = drawing.texts.first { $0.string.contains(" on ") && $0.string.contains("rows") }?.string ?? ""
            figures.append(figure("boundary.svg", in: folder, title: "Decision boundary",
                                        alt: "The plane of \(boundary.data.featureNames[boundary.xFeature]) and \(boundary.data.featureNames[boundary.yFeature]) coloured by the class the model predicts, with the data on top: \(summary).",
                                        command: "nnviz boundary \(modelPath) --data \(data)\(seedOptions)\(look) -o boundary.svg"))
            if let (evolution, file) = self.evolution {
                let sheet = EvolutionChart.sheet(evolution, theme: theme, measurer: measurer)
                try ChartRenderer.write(sheet, to: folder.path("evolution.svg"), format: .svg, fontFamily: theme.fontFamily)
                figures.append(figure("evolution.svg", in: folder, title: "How it learned",
                                            alt: "The decision boundary at epochs \(evolution.epochs.map(String.init).joined(separator: ", ")) of training, and the loss curve.",
                                            command: "nnviz evolution \(shellQuoted(file)) --data \(data)\(look) -o evolution.svg"))
            }
        }

        if let history = model.training?.history {
            let chart = try LossChart.drawing(history, file: self.modelPath, metric: .all, smooth: 1, logarithmic: false,
                                              choices: ChartChoices(theme: theme), measurer: measurer)
            try ChartRenderer.write(chart, to: folder.path("loss.svg"), format: .svg, fontFamily: theme.fontFamily)
            figures.append(figure("loss.svg", in: folder, title: "Training", alt: AltText.lossCurve(history),
                                        command: "nnviz train … --history history.csv, then nnviz loss history.csv --metric all\(look) -o loss.svg"))
        }
        return figures
    }
}
