import ArgumentParser
import NNCore
import NNRender

struct Weights: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "weights",
        abstract: "Draw a layer's weight matrix as a heatmap, with its bias as an extra column.",
        discussion: """
            One row per neuron, one column per input: blue for positive and red for
            negative weights (blue and orange with --theme colorblind, dark and light
            with --theme print), on a scale centred on zero, with a colour bar. Examples:
              nnviz weights Fixtures/blog_model.trained.json --layer dense -o weights.png
              nnviz weights Fixtures/blog_model.trained.json --theme colorblind \\
                  --font-size 14 -o weights.svg
            """
    )

    @OptionGroup var model: ModelArgument

    @Option(help: "The layer to show: its name or its position counting from 0 (default: the first layer).")
    var layer: String?

    @Option(help: "The seed for the initial weights of a model that has no trained weights.")
    var seed: UInt64 = 0

    @Option(name: .shortAndLong, help: "The chart file: .png, .svg or .pdf.")
    var output: String = "weights.png"

    @OptionGroup var chart: ChartOptions

    func validate() throws {
        if layer == "all" { throw ValidationError("--layer all is not available for weights: name one layer.") }
        _ = try chart.format(for: output)
    }

    func run() throws {
        try checkOutputs([output], inputs: [self.model.path])
        let model = try self.model.load()
        let index = try chartLayers(layer, in: model)[0]
        let network = try naming(self.model.path) { () throws(ModelError) in try model.network(seed: seed) }
        var data = try WeightsChart.data(network, layer: index, inputNames: model.inputNames,
                                     previousLayer: index == 0 ? "input" : model.layers[index - 1].name)
        if !model.isTrained { data.subtitle = "untrained: Glorot-uniform initial weights from seed \(seed)" }
        let drawing = Heatmap.layout(data, title: chart.title, style: chart.choices.style(width: 720, height: 480), measurer: try chart.measurer())
        try chart.write(drawing, to: output)
        noteIfUntrained(model, path: self.model.model, seed: seed)
    }
}
