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
            A model without trained weights is initialised from --seed, as the blog's
            untrained example is. Examples:
              nnviz activations Fixtures/blog_model.json --input "0.5,0.1,0.9,0.3"
              nnviz activations Fixtures/blog_model.trained.json \\
                  --input Fixtures/tiny_binary.csv --row 3 \\
                  --layer all --pre-activation -o all.svg
            """
    )

    @OptionGroup var model: ModelArgument
    @OptionGroup var input: InputOptions

    @Option(help: "The layer to show: its name, its position counting from 0 (as in Keras's model.layers[i]), or all (default: the first layer).")
    var layer: String?

    @Flag(help: "Show the weighted sums z = W·x + b beside the activations a.")
    var preActivation = false

    @Option(help: "The seed for the initial weights of a model that has no trained weights.")
    var seed: UInt64 = 0

    @Option(name: .shortAndLong, help: "The chart file: .png, .svg or .pdf.")
    var output: String = "activations.png"

    @OptionGroup var chart: ChartOptions

    func validate() throws {
        guard input.input != nil else { throw ValidationError("--input is required: a CSV file or comma-separated numbers.") }
        _ = try chart.format(for: output)
    }

    func run() throws {
        try checkOutputs([output], inputs: [self.model.path, input.input])
        let model = try self.model.load()
        let resolved = try input.resolve(for: model, file: self.model.model)
        let indices = try chartLayers(layer, in: model)
        let network = try naming(self.model.path) { () throws(ModelError) in try model.network(seed: seed) }
        let trace = network.trace(resolved.normalized)
        try checkFinite(trace, network: network, file: self.model.path, source: input.input ?? "the input")
        // What was drawn first, then the input: a long input is what gets shortened with "…".
        let source = resolved.fromFile ? "row \(resolved.row) of \(URL(fileURLWithPath: resolved.source).lastPathComponent)" : nil
        let subtitle = ActivationChart.subtitle(input: resolved.raw, source: source, untrainedSeed: model.isTrained ? nil : seed)
        let drawing = ActivationChart.drawing(network, trace: trace, layers: indices, preActivation: preActivation,
                                              subtitle: subtitle, choices: chart.choices, measurer: try chart.measurer())
        try chart.write(drawing, to: output)
        noteIfUntrained(model, path: self.model.model, seed: seed)
    }
}
