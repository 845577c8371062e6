import ArgumentParser
import Foundation
import NNCore
import NNRender

/// Which data and which two features a plane picture shows; shared by `boundary`, `evolution` and `report`.
struct PlaneOptions: ParsableArguments {
    @Option(help: "The labelled data to draw on the plane: a CSV file with a header row.")
    var data: String

    @Option(help: "The target column (default: the last column).")
    var target: String?

    @Option(help: "The two features spanning the plane, comma-separated, for a model with more than two inputs; the others are held at their mean.")
    var features: String?

    @Option(help: "The number of grid cells across the plot, 2 to 2000 (default: one per pixel of the picture; one per 2 × 2 pixels in an animation).")
    var resolution: Int?

    /// The checks that must fail with one line and exit 1, before any work.
    func check() throws {
        if let resolution, !(2...BoundaryChart.maximumResolution).contains(resolution) {
            throw ChartError("--resolution must be between 2 and \(BoundaryChart.maximumResolution) (got \(resolution))")
        }
    }

    /// The positions of the two plane features among the model's inputs.
    func featurePair(for model: Model, file: String) throws -> (Int, Int) {
        guard let width = model.inputSize else {
            throw ModelError("\(file): this model has no single flat input, so it has no input plane to draw")
        }
        let names = model.inputNames
        guard let features else {
            guard width == 2 else {
                throw ModelError("\(file) has \(width) inputs (\(names.joined(separator: ", "))); pick the two to draw with --features, e.g. --features \(names.prefix(2).joined(separator: ","))")
            }
            return (0, 1)
        }
        let picked = features.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard picked.count == 2, picked[0] != picked[1] else {
            throw ModelError("--features must name two different inputs, comma-separated (got '\(features)')")
        }
        let indices = try picked.map { name throws -> Int in
            if let index = names.firstIndex(of: name) { return index }
            throw ModelError("--features: the model has no input '\(name)' (its inputs are \(names.joined(separator: ", ")))")
        }
        return (indices[0], indices[1])
    }

    /// The data in the model's feature order, with its encoded targets; `model` learns its class names
    /// from the data if it has none.
    func load(for model: inout Model) throws -> (data: Dataset, targets: [Float]) {
        let table = try CSVTable.read(path: data)
        let width = model.inputSize ?? 0
        let names = model.featureNames.flatMap { names in names.allSatisfy(table.header.contains) ? names : nil }
        let set = try Dataset.labelled(table, target: target, features: names)
        guard set.width == width else {
            throw DataError(file: data, reason: "has \(set.width) feature columns (\(set.featureNames.joined(separator: ", "))) but the model expects \(width)")
        }
        do {
            return (set, try model.encodeTargets(set))
        } catch {
            guard case let .invalid(file, line, column, reason) = error else { throw error }
            throw DataError(file: file, line: line, column: column, reason: "\(reason), but the model is \(describe(model.task))")
        }
    }

    /// The picture's setup for `model` run as `network`.
    func setup(model: Model, network: Network, file: String, dpi: Double, title: String?,
               describing: String = "Decision boundary of", note: String?) throws -> BoundarySetup {
        try check()
        var model = model
        let (set, targets) = try load(for: &model)
        if model.featureNames == nil { model.featureNames = set.featureNames }
        let (x, y) = try featurePair(for: model, file: file)
        let name = model.name ?? URL(fileURLWithPath: file).lastPathComponent
        return BoundarySetup(model: model, network: network, data: set, targets: targets, xFeature: x, yFeature: y,
                             resolution: resolution, dpi: dpi, title: title ?? "\(describing) \(name)", note: note)
    }
}

/// What a model's output is, for messages.
func describe(_ task: ModelTask) -> String {
    switch task {
    case .binary: return "a two-class classifier (one sigmoid output)"
    case let .categorical(classes): return "a \(classes)-class classifier (softmax)"
    case .regression: return "a regression model (it predicts numbers)"
    }
}

struct Boundary: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "boundary",
        abstract: "Draw a model's decision boundary: the input plane coloured by its prediction, with the data on top.",
        discussion: """
            For a model with two inputs (or two picked with --features, the others held at \
            their mean): each point of the plane is coloured by the predicted class, paler \
            where the network is less sure (by the output value for regression), with a line \
            where the decision changes. The data is drawn on top in its true class; points \
            the network gets wrong have a dark ring. Axes are in the data's own units. \
            --neurons draws every neuron over the same plane instead. Examples:
              nnviz boundary spiral.trained.json --data spiral.csv -o boundary.png
              nnviz boundary iris.trained.json --data iris.csv \\
                  --features petal_length,petal_width -o iris.svg
            """
    )

    @OptionGroup var model: ModelArgument
    @OptionGroup var plane: PlaneOptions

    @Flag(help: "Draw every neuron's activation over the plane, one column per layer, the output largest.")
    var neurons = false

    @Option(help: "With --neurons, layers wider than this show their first neurons and their last one.")
    var maxNeurons: Int = 8

    @Option(help: "The seed for the initial weights of a model that has no trained weights.")
    var seed: UInt64 = 0

    @Option(name: .shortAndLong, help: "The chart file: .png, .svg or .pdf.")
    var output: String = "boundary.png"

    @OptionGroup var chart: ChartOptions

    func validate() throws {
        _ = try chart.format(for: output)
        guard maxNeurons >= 2 else { throw ValidationError("--max-neurons must be at least 2 (got \(maxNeurons)).") }
        if neurons, chart.width != nil || chart.height != nil {
            throw ValidationError("--width and --height do not apply to --neurons: its size follows the network.")
        }
    }

    func run() throws {
        try plane.check()
        try checkOutputs([output], inputs: [model.path, model.weights, plane.data])
        let model = try self.model.load()
        let network = try naming(self.model.model) { () throws(ModelError) in try model.network(seed: seed) }
        let note = model.isTrained ? nil : "untrained: Glorot-uniform initial weights from seed \(seed)"
        let setup = try plane.setup(model: model, network: network, file: self.model.model, dpi: chart.dpi,
                                    title: chart.title, describing: neurons ? "Every neuron of" : "Decision boundary of", note: note)
        let drawing: ChartDrawing
        if neurons {
            drawing = NeuronPlanes.layout(setup, maxNeurons: maxNeurons, theme: chart.look.resolved, measurer: try chart.measurer())
        } else {
            drawing = BoundaryChart.layout(setup, style: chart.choices.style(width: 600, height: 600), measurer: try chart.measurer())
        }
        try chart.write(drawing, to: output)
        noteIfUntrained(model, path: self.model.model, seed: seed)
    }
}
