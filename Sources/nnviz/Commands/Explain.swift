import ArgumentParser
import Foundation
import NNCore
import NNRender

extension ExplanationFormat: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show the mathematics of one input's forward pass, loss, backpropagation and weight update, with the real numbers.",
        discussion: """
            Each step is written as its formula and then with the model's numbers filled in: the input \
            layer, every layer's weighted sums and activations, the output, and with --target the loss, \
            the gradients of every layer and one step of gradient descent. The format follows the \
            extension of -o (.txt, .md, .html, .tex) unless --format says otherwise.

            Examples:
              nnviz explain Fixtures/blog_model.trained.json \\
                  --input "0.6,0.3,0.1,0.2" --target 1
              nnviz explain Fixtures/blog_model.trained.json \\
                  --input Fixtures/tiny_binary.csv --row 3 -o maths.html
            """
    )

    @OptionGroup var model: ModelArgument

    @OptionGroup var input: InputOptions

    @Option(parsing: .unconditional,
            help: "The expected output: a class name or index for a classifier, a number for regression. Adds the loss, backpropagation and one gradient-descent step (default: the row's label, when --input is a CSV file with a label column).")
    var target: String?

    @Option(help: "The output format: text, markdown, html or latex (default: from the extension of -o, else text).")
    var format: ExplanationFormat?

    @OptionGroup var explanation: ExplanationOptions

    @Flag(help: "List every weight and bias in the update step, not only a few of each layer.")
    var allUpdates = false

    @Flag(help: "Write a part to embed in another page or document: the HTML section without the page, the LaTeX body without the preamble, or Markdown with its headings one level down.")
    var fragment = false

    @Option(name: .shortAndLong, help: "Write the explanation to this file instead of standard output.")
    var output: String?

    /// The format asked for with --format, or told by the extension of -o.
    func resolvedFormat() throws -> ExplanationFormat {
        if let format { return format }
        guard let output, output != "-" else { return .text }
        let pathExtension = URL(fileURLWithPath: output).pathExtension
        guard let value = ExplanationFormat(pathExtension: pathExtension) else {
            let names = ExplanationFormat.allCases.map(\.rawValue).joined(separator: "|")
            throw CommandError.unknownExtension(file: output, message: "\(output): cannot tell the format from the extension '\(pathExtension)'; use .txt, .md, .html or .tex, or --format \(names)")
        }
        return value
    }

    func run() throws {
        let format = try resolvedFormat()
        try checkOutputs([output], inputs: [model.path, input.input])
        let loaded = try model.load()
        let resolved = try input.resolve(for: loaded, file: model.model)
        let network = try naming(model.path) { () throws(ModelError) in try loaded.network(seed: explanation.seed) }
        try checkFinite(network.trace(resolved.normalized), network: network, file: model.path, source: resolved.source)
        let source = resolved.source
        let fromFile = resolved.fromFile
        let description = fromFile ? "row \(resolved.row) of \(source)"
            : source.count <= 60 ? "the input \(source)" : "the \(resolved.raw.count) values given with --input"
        let expected = target ?? (fromFile ? rowLabel(of: source, row: resolved.row, model: loaded) : nil)
        let explained = try self.explanation.explain(loaded, file: model.path, network: network, rawInput: resolved.raw, described: description,
                                                     target: expected, allUpdates: allUpdates)
        // The note comes only with an explanation: before it on a terminal, after the file is written.
        let seeded = "note: \(model.model) has no trained weights; explaining it with Glorot-uniform weights from --seed \(explanation.seed)"
        let destination = output ?? "-"
        if !loaded.isTrained, destination == "-" { note(seeded) }
        try writeOutput(explained.rendered(as: format, fragment: fragment), to: destination)
        if !loaded.isTrained, destination != "-" { note(seeded) }
    }
}

/// The label of data row `row` of the CSV file `path` (its last column, or the column that is not
/// one of the model's features), or nil when the file holds the features alone.
func rowLabel(of path: String, row: Int, model: Model) -> String? {
    guard let table = try? CSVTable.read(path: path), let width = model.inputSize, table.header.count > width else { return nil }
    let features = model.featureNames.flatMap { names in names.allSatisfy(table.header.contains) ? names : nil }
    guard let set = try? Dataset.labelled(table, target: nil, features: features), set.width == width, row <= set.rowCount else {
        return nil
    }
    return set.labels[row - 1]
}
