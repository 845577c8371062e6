import ArgumentParser
import Foundation
import NNCore
import NNRender

extension DiagramOptions.Style: ExpressibleByArgument {}
extension ValueScale: ExpressibleByArgument {}
extension DiagramFormat: ExpressibleByArgument {}
extension RankDirection: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.uppercased()) }
}

struct Diagram: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagram",
        abstract: "Draw the model: one box per layer (like Keras's plot_model), or every neuron and weight.",
        discussion: """
            The format follows the output's extension (.png, .svg, .pdf, .dot); -o - writes SVG, or DOT with --format dot, to standard output. The neuron view colours each weight by its sign and draws it as wide as its size; with --input it fills each neuron with its activation.

            Examples:
              nnviz diagram Fixtures/blog_model.json -o model.png
              nnviz diagram Fixtures/blog_model.trained.json --style neurons \\
                  --input "0.5,0.2,0.9,0.1"
              nnviz diagram Fixtures/keras/two_inputs_keras3.json --show-math -o model.svg
            """
    )

    @OptionGroup var model: ModelArgument

    @Option(name: .shortAndLong, help: "The file to write, or - for standard output (default: MODEL's name with .png, in the current folder).")
    var output: String?

    @Option(help: "The format: png, svg, pdf or dot (default: from the output's extension).")
    var format: DiagramFormat?

    @Option(help: "layers: one box per layer; neurons: one node per neuron and one edge per weight.")
    var style: DiagramOptions.Style = .layers

    @Option(help: "The direction of the flow: TB, LR, BT or RL (default: TB for layers, LR for neurons).")
    var rankdir: RankDirection?

    @Option(help: "Pixels per inch of a PNG (default: 144).")
    var dpi: Int?

    @OptionGroup var look: ThemeOptions

    @Option(help: "A title drawn above the diagram.")
    var title: String?

    @Flag(inversion: .prefixedNo, help: "Show each layer's name in its box.")
    var names = true

    @Flag(inversion: .prefixedNo, help: "Show each layer's type in its box.")
    var types = true

    @Flag(inversion: .prefixedNo, help: "Show each layer's input and output shapes, as (None, 8).")
    var shapes = true

    @Flag(inversion: .prefixedNo, help: "Show each layer's activation.")
    var activations = true

    @Flag(inversion: .prefixedNo, help: "Show each layer's parameter count and the total.")
    var params = true

    @Flag(help: "Show what each layer computes, e.g. a = relu(W·x + b), with W's shape.")
    var showMath = false

    @Option(help: "The most neurons drawn per layer in the neuron view (default: 10); wider layers show their first and last neurons around a \"+N more\" node.")
    var maxNeurons: Int?

    @Flag(help: "Draw each layer's bias as a +1 unit feeding it, in the neuron view.")
    var showBias = false

    @Option(help: "The neuron view's scale for fills and edge widths: layer (each layer's largest value) or network (one scale for every layer).")
    var scale: DiagramOptions.Scale = .layer

    @OptionGroup var input: InputOptions

    @Option(help: "The seed of the random initial weights used for --input when the model has no trained weights.")
    var seed: UInt64 = 0

    func validate() throws {
        if let maxNeurons, maxNeurons < 2 {
            throw ValidationError("--max-neurons must be at least 2, to show a first and a last neuron (got \(maxNeurons)).")
        }
        if let dpi, !(10...1200).contains(dpi) { throw ValidationError("--dpi must be between 10 and 1200 (got \(dpi)).") }
        switch style {
        case .layers:
            if input.input != nil || maxNeurons != nil || showBias || scale != .layer {
                throw ValidationError("--input, --max-neurons, --show-bias and --scale belong to the neuron view: add --style neurons.")
            }
        case .neurons:
            if showMath || !(names && types && shapes && activations && params) {
                throw ValidationError("--show-math and the --no-… options shape the layer boxes of --style layers, not the neuron view.")
            }
        }
    }

    /// The output path and its format; "-" is standard output.
    func destination() throws -> (path: String, format: DiagramFormat) {
        if output == "-" {
            let chosen = format ?? .svg
            guard chosen.isText else {
                throw CommandError.binaryToStandardOutput(format: chosen.rawValue.uppercased())
            }
            return ("-", chosen)
        }
        if let output {
            if let format { return (output, format) }
            guard let format = DiagramFormat(path: output) else {
                throw CommandError.unknownExtension(file: output, message: "\(output): cannot tell the format from the file name (expected .png, .svg, .pdf or .dot, or give --format)")
            }
            return (output, format)
        }
        let chosen = format ?? .png
        let stem = URL(fileURLWithPath: model.model).deletingPathExtension().lastPathComponent
        return (stem + "." + chosen.rawValue, chosen)
    }

    /// The diagram's options as the flags set them, for `model` written as `format`.
    func options(for model: Model, format: DiagramFormat) -> DiagramOptions {
        DiagramOptions(style: style, rankDirection: rankdir, theme: look.resolved, title: title,
                       showNames: names, showTypes: types, showShapes: shapes, showActivations: activations,
                       showParameters: params, showMath: showMath, maxNeurons: maxNeurons ?? NeuronDiagram.defaultLimit(for: model),
                       showBias: showBias, scale: scale,
                       dpi: format == .png ? (dpi ?? 144) : nil)
    }

    func run() throws {
        let (path, format) = try destination()
        try checkOutputs([path], inputs: [self.model.path, input.input])
        let model = try self.model.load()
        var notes: [String] = []
        var values: NeuronActivations?
        if let given = input.input {
            let resolved = try input.resolve(for: model, file: self.model.model)
            let network = try naming(self.model.path) { () throws(ModelError) in try model.network(seed: seed) }
            let source = resolved.fromFile ? "row \(resolved.row) of \(URL(fileURLWithPath: given).lastPathComponent)" : "the input \(given)"
            let trace = network.trace(resolved.normalized)
            try checkFinite(trace, network: network, file: self.model.path, source: given)
            values = NeuronActivations(rawInput: resolved.raw, trace: trace, source: source,
                                       fromInitialWeights: !model.isTrained)
            if !model.isTrained {
                notes.append("note: \(self.model.model) has no trained weights; the activations come from random initial weights (--seed \(seed)).")
            }
        } else if style == .neurons, !model.isTrained {
            notes.append("note: \(self.model.model) has no trained weights; the edges show connections only.")
        }
        let options = options(for: model, format: format)
        let description = try naming(self.model.path) { () throws(ModelError) in
            try ModelDiagram.describe(model, options: options, activations: values)
        }
        let dot: String
        do {
            dot = try GraphvizRenderer.dot(for: description)
        } catch {
            // Measuring the boxes is the first Graphviz call: its failure names the picture too.
            throw RenderError.graphviz(file: path == "-" ? nil : path, reason: error.reason)
        }
        if path == "-" {
            FileHandle.standardOutput.write(try GraphvizRenderer.render(dot, format: format))
        } else {
            try GraphvizRenderer.render(dot, format: format, to: path)
        }
        notes.forEach(note)
    }
}
