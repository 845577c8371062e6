import ArgumentParser
import Foundation
import NNCore
import NNRender

/// What a chart command writes: a picture, or (`nnviz activations` only) the numbers as CSV or JSON.
enum OutputFormat: String, CaseIterable, ExpressibleByArgument {
    case png, svg, pdf, csv, json

    /// The numbers formats, told by `--format` or else by the extension of `path`.
    static func numbers(_ format: OutputFormat?, path: String?) -> OutputFormat? {
        if let format { return format == .csv || format == .json ? format : nil }
        guard let path else { return nil }
        let lowered = path.lowercased()
        return lowered.hasSuffix(".csv") ? .csv : lowered.hasSuffix(".json") ? .json : nil
    }
}
extension LossChart.Metric: ExpressibleByArgument {}

/// The options every chart shares: size, resolution, theme and font size, title and format.
struct ChartOptions: ParsableArguments {
    @Option(help: "The chart's width in CSS pixels (1/96 inch); PNG pixels are this × dpi/96.")
    var width: Double?

    @Option(help: "The chart's height in CSS pixels (1/96 inch).")
    var height: Double?

    @Option(help: "The resolution of PNG output: 96 gives one pixel per CSS pixel, 192 twice as many.")
    var dpi: Double = 96

    @OptionGroup var look: ThemeOptions

    @Option(help: "A title to use instead of the chart's own.")
    var title: String?

    @Option(help: "The file format: png, svg or pdf (default: from the output file's extension); nnviz activations also writes its numbers as csv or json.")
    var format: OutputFormat?

    func validate() throws {
        if let width, !(width >= 100 && width <= 10_000) { throw ValidationError("--width must be between 100 and 10000 (got \(width)).") }
        if let height, !(height >= 100 && height <= 10_000) { throw ValidationError("--height must be between 100 and 10000 (got \(height)).") }
        guard dpi >= 24, dpi <= 1200 else { throw ValidationError("--dpi must be between 24 and 1200 (got \(dpi)).") }
    }

    /// The format for `path`: --format, or the extension.
    func format(for path: String) throws -> ChartFormat {
        if let format {
            guard let chart = ChartFormat(rawValue: format.rawValue) else {
                throw ChartError("--format \(format.rawValue) writes numbers, which only nnviz activations does; a chart is png, svg or pdf")
            }
            return chart
        }
        guard let format = ChartFormat(path: path) else {
            throw CommandError.unknownExtension(file: path, message: "cannot tell the format of '\(path)' from its extension: use .png, .svg or .pdf, or --format")
        }
        return format
    }

    /// The size, theme and title the user chose.
    var choices: ChartChoices {
        ChartChoices(width: width, height: height, theme: look.resolved, title: title, dpi: dpi)
    }

    /// The measurer for laying out text in the theme's font.
    func measurer() throws -> CairoTextMeasurer {
        try CairoTextMeasurer(fontFamily: look.resolved.fontFamily)
    }

    /// Renders `drawing` and writes it to `path` atomically.
    func write(_ drawing: ChartDrawing, to path: String) throws {
        try ChartRenderer.write(drawing, to: path, format: format(for: path), dpi: dpi, fontFamily: look.resolved.fontFamily)
    }
}

/// The indices of the layers `spec` names in `model`: a layer name, a position counting from 0 (as in
/// Keras's `model.layers[i]`), or `all`; the first layer when `spec` is nil.
func chartLayers(_ spec: String?, in model: Model) throws -> [Int] {
    guard let spec else { return [0] }
    if spec == "all" { return Array(model.layers.indices) }
    if let index = model.layers.firstIndex(where: { $0.name == spec }) { return [index] }
    if let index = Int(spec), model.layers.indices.contains(index) { return [index] }
    throw ModelError.noSuchLayer(name: spec, layers: model.layers.map(\.name))
}

/// Tells the user, once the chart is written, that an untrained model was drawn with initial weights.
func noteIfUntrained(_ model: Model, path: String, seed: UInt64) {
    guard !model.isTrained else { return }
    note("note: \(path) has no trained weights; the chart shows Glorot-uniform initial weights from --seed \(seed)")
}
