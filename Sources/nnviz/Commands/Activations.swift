import ArgumentParser
import Foundation
import NNCore
import NNRender

struct Activations: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activations",
        abstract: "Draw the activations of a layer (or of every layer) for one input as a bar chart.",
        discussion: """
            One bar per neuron; negative values go below the zero line in a second colour.
            With --layer all, one panel per layer, as wide as its neurons ask, all on one y
            scale (--scale layer gives each its own). A model without trained weights is initialised from --seed, as the blog's
            untrained example is. With --format csv or json (or -o x.csv, x.json) it writes
            the numbers instead: every layer's z and a (or --layer's) for each row of the
            input, with the layers' names, to standard output unless -o is given. Examples:
              nnviz activations Fixtures/blog_model.json --input "0.5,0.1,0.9,0.3"
              nnviz activations Fixtures/blog_model.trained.json \\
                  --input Fixtures/tiny_binary.csv --row 3 \\
                  --layer all --pre-activation -o all.svg
              nnviz activations Fixtures/iris_model.trained.json \\
                  --input Fixtures/iris.csv -o activations.csv
            """
    )

    @OptionGroup var model: ModelArgument
    @OptionGroup var input: InputOptions

    @Option(help: "The layer to show: its name, its position counting from 0 (as in Keras's model.layers[i]), or all (default: the first layer).")
    var layer: String?

    @Flag(help: "Show the weighted sums z = W·x + b beside the activations a.")
    var preActivation = false

    @Option(help: "The y scale of the panels of --layer all: network (one scale for every layer, the default) or layer (each layer its own), as diagram's --scale.")
    var scale: ValueScale = .network

    @Option(help: "The seed for the initial weights of a model that has no trained weights.")
    var seed: UInt64 = 0

    @Option(name: .shortAndLong, help: "The chart file (.png, .svg or .pdf), or the numbers (.csv or .json) (default: activations.png; the numbers go to standard output).")
    var output: String?

    /// CSV or JSON numbers rather than a chart.
    var numbers: OutputFormat? { OutputFormat.numbers(chart.format, path: output) }

    @OptionGroup var chart: ChartOptions

    func validate() throws {
        guard input.input != nil else { throw ValidationError("--input is required: a CSV file or comma-separated numbers.") }
        if numbers == nil { _ = try chart.format(for: output ?? "activations.png") }
    }

    func run() throws {
        try checkOutputs([output], inputs: [self.model.path, input.input])
        let model = try self.model.load()
        if let numbers { return try writeNumbers(model, as: numbers) }
        let output = self.output ?? "activations.png"
        let resolved = try input.resolve(for: model, file: self.model.model)
        let indices = try chartLayers(layer, in: model)
        let network = try naming(self.model.path) { () throws(ModelError) in try model.network(seed: seed) }
        let trace = network.trace(resolved.normalized)
        try checkFinite(trace, network: network, file: self.model.path, source: input.input ?? "the input")
        // What was drawn first, then the input: a long input is what gets shortened with "…".
        let source = resolved.fromFile ? "row \(resolved.row) of \(URL(fileURLWithPath: resolved.source).lastPathComponent)" : nil
        let subtitle = ActivationChart.subtitle(input: resolved.raw, source: source, untrainedSeed: model.isTrained ? nil : seed)
        let drawing = ActivationChart.drawing(network, trace: trace, layers: indices, preActivation: preActivation,
                                              subtitle: subtitle, scale: scale, choices: chart.choices, measurer: try chart.measurer())
        try chart.write(drawing, to: output)
        noteIfUntrained(model, path: self.model.model, seed: seed)
    }

    /// Writes z and a of the chosen layers (every layer unless --layer names one) for every row of
    /// the input file, or for the one input given as numbers.
    func writeNumbers(_ model: Model, as format: OutputFormat) throws {
        guard let width = model.inputSize else { throw notFlat(model, file: self.model.model) }
        let given = input.input ?? ""
        let data = try loadInputs(given, width: width, model: model)
        let network = try model.network(seed: seed)
        let rows = (0..<data.rowCount).map { r in
            let raw = data.row(r)
            return ActivationExport.Row(number: r + 1, input: raw, trace: network.trace(model.normalized(raw)))
        }
        let layers = layer == nil ? Array(network.layers.indices) : try chartLayers(layer, in: model)
        let export = ActivationExport(network: network, rows: rows, layers: layers)
        try writeOutput(format == .csv ? export.csv : JSONWriter.write(export.json), to: output ?? "-")
        noteIfUntrained(model, path: self.model.model, seed: seed)
    }
}
