import ArgumentParser
import NNCore
import NNRender

struct LossCurve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loss",
        abstract: "Draw the loss (and accuracy) curves of a training history.",
        discussion: """
            Reads the .csv or .json file that nnviz train --history writes: train and
            validation curves, the best validation epoch marked. Examples:
              nnviz train Fixtures/blog_model.json --data Fixtures/tiny_binary.csv \\
                  --epochs 60 --validation-split 0.2 --history history.csv \\
                  -o blog_model.trained.json
              nnviz loss history.csv -o loss.png
              nnviz loss history.csv --metric all --smooth 5 -o curves.svg
            """
    )

    @Argument(help: "The history file written by nnviz train --history (.csv or .json).")
    var history: String

    @Option(name: .shortAndLong, help: "The chart file: .png, .svg or .pdf.")
    var output: String = "loss.png"

    @Flag(help: "Draw the loss on a logarithmic axis fitted to the data, powers of ten labelled, minor ticks at 2…9 × 10^k.")
    var logScale = false

    @Option(help: "Smooth the curves with a centred moving average over this many epochs, drawn over the raw curves (1: no smoothing).")
    var smooth: Int = 1

    @Option(help: "What to draw: loss, accuracy, or all (one panel each).")
    var metric: LossChart.Metric = .loss

    @OptionGroup var chart: ChartOptions

    func validate() throws {
        guard smooth >= 1 else { throw ValidationError("--smooth must be at least 1 (got \(smooth)).") }
        _ = try chart.format(for: output)
    }

    func run() throws {
        try checkOutputs([output], inputs: [self.history])
        let history = try History.load(path: self.history)
        try writeLossChart(history, file: self.history, metric: metric, smooth: smooth, logarithmic: logScale, chart: chart, to: output)
    }
}

/// Lays out and writes the training curves of `history`; shared by `nnviz loss` and `nnviz train --loss-plot`.
func writeLossChart(_ history: History, file: String, metric: LossChart.Metric, smooth: Int, logarithmic: Bool,
                    chart: ChartOptions, to path: String) throws {
    let drawing = try LossChart.drawing(history, file: file, metric: metric, smooth: smooth, logarithmic: logarithmic,
                                        choices: chart.choices, measurer: try chart.measurer())
    try chart.write(drawing, to: path)
}
