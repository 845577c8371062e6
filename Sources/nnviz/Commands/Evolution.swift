import ArgumentParser
import Foundation
import NNCore
import NNRender

struct EvolutionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evolution",
        abstract: "Draw how a model learned: its decision boundary, weights and loss at each epoch kept by train --snapshots.",
        discussion: """
            A .gif is an animation, one frame per kept epoch: the boundary, every layer's \
            weights (on one scale for the whole run) and the loss curve with that epoch \
            marked. A .png, .svg or .pdf is one sheet of the boundaries side by side (up to \
            12 epochs, evenly spaced) with the loss curve underneath. Example:
              nnviz train spiral.json --data spiral.csv --epochs 100 \\
                  --snapshots 0,1,2,5,10,20,50,100 -o spiral.trained.json
              nnviz evolution spiral.trained.snapshots.json --data spiral.csv \\
                  -o evolution.gif
            """
    )

    @Argument(help: "The snapshot file written by nnviz train --snapshots or --snapshot-every.")
    var snapshots: String

    @OptionGroup var plane: PlaneOptions

    @Option(help: "How long each frame of a GIF shows, in seconds (the last one shows three times as long).")
    var delay: Double = 0.3

    @Option(name: .shortAndLong, help: "The output: .gif (an animation), or .png, .svg or .pdf (one sheet).")
    var output: String = "evolution.gif"

    @Option(help: "The resolution of the pictures: 96 gives one pixel per CSS pixel.")
    var dpi: Double = 96

    @OptionGroup var look: ThemeOptions

    @Option(help: "A title to use instead of the model's name.")
    var title: String?

    func validate() throws {
        guard delay > 0, delay <= 60 else { throw ValidationError("--delay must be between 0 and 60 seconds (got \(delay)).") }
        guard dpi >= 24, dpi <= 600 else { throw ValidationError("--dpi must be between 24 and 600 (got \(dpi)).") }
        let ext = URL(fileURLWithPath: output).pathExtension.lowercased()
        guard ext == "gif" || ChartFormat(path: output) != nil else {
            throw ValidationError("cannot tell the format of '\(output)' from its extension: use .gif, .png, .svg or .pdf.")
        }
    }

    func run() throws {
        try plane.check()
        try checkOutputs([output], inputs: [snapshots, plane.data])
        let kept = try Snapshots.load(path: snapshots)
        var evolution = try plane.evolution(kept, file: snapshots, dpi: dpi, title: title)
        if ChartFormat(path: output) == nil { evolution.setup.pixelsPerCell = 2 }
        let theme = look.resolved
        let measurer = try CairoTextMeasurer(fontFamily: theme.fontFamily)
        if let format = ChartFormat(path: output) {
            let drawing = EvolutionChart.sheet(evolution, theme: theme, measurer: measurer)
            try ChartRenderer.write(drawing, to: output, format: format, dpi: dpi, fontFamily: theme.fontFamily)
            return
        }
        let hundredths = max(1, Int((delay * 100).rounded()))
        let colors = BoundaryChart.classColors(evolution.setup.classNames.count, theme: theme)
            + [theme.positive, theme.negative, theme.accent, theme.scalePositive, theme.scaleNegative]
        let count = kept.epochs.count
        let gif = try ChartRenderer.gif(count: count, dpi: dpi, theme: theme, colors: colors,
                                        delay: { $0 == count - 1 ? 3 * hundredths : hundredths },
                                        frame: { EvolutionChart.frame(evolution, index: $0, theme: theme, measurer: measurer) })
        do {
            try AtomicFile.write(gif, to: output)
        } catch {
            throw ChartError(error.description)
        }
    }
}

extension PlaneOptions {
    /// The boundary's evolution over the snapshots `kept` (read from `file`), titled "How NAME learned"
    /// unless `title` says otherwise, as nnviz evolution and nnviz report draw it.
    func evolution(_ kept: Snapshots, file: String, dpi: Double, title: String?) throws -> Evolution {
        let model = kept.model
        let network = try naming(file) { () throws(ModelError) in try model.network() }
        let name = model.name ?? URL(fileURLWithPath: file).lastPathComponent
        let setup = try setup(model: model, network: network, file: file, dpi: dpi, title: title ?? "How \(name) learned", note: nil)
        return Evolution(setup: setup, epochs: kept.epochs, networks: kept.networks, history: model.training?.history)
    }
}
