import Foundation
import NNCore
import Testing
@testable import NNRender

/// Whole layouts against golden text files under Fixtures/charts/golden. To re-record after a
/// deliberate change, run with NNVIZ_RECORD=1: the recording run fails on purpose, so it can
/// never pass by accident; run again without the variable to check.
@Suite struct ChartGoldenTests {
    @Test func blogActivationBars() throws {
        let values = [0, 0, 0, 0.298, 0, 0.748, 0.0534, 0.601]
        let panel = BarPanel(title: "Activations of layer dense (relu)", subtitle: "input 0.5, 0.1, 0.9, 0.3", categoryTitle: "neuron",
                             valueTitle: "activation a = relu(z)", categories: values.indices.map(String.init),
                             series: [BarSeries(name: "a", values: values, positive: Theme.light.positive, negative: Theme.light.negative)])
        try expectGolden(BarChart.layout([panel], title: nil, style: ChartStyle(), measurer: FixedMeasurer()), "activations.txt")
    }

    /// Every layer of a 2-3-4-2-1 model with z beside a: panels as wide as their neurons ask, one y
    /// scale, one legend under the subtitle.
    @Test func everyLayerOnOneScale() throws {
        let network = try ActivationChartTests.network()
        let drawing = ActivationChart.drawing(network, trace: network.trace([0.5, -1]), layers: [0, 1, 2, 3], preActivation: true,
                                              subtitle: "input 0.5, −1", choices: ChartChoices(), measurer: FixedMeasurer())
        try expectGolden(drawing, "activations-all.txt")
    }

    @Test func lossCurves() throws {
        let history = History(loss: [0.7, 0.5, 0.3, 0.25, 0.2], validationLoss: [0.72, 0.55, 0.4, 0.42, 0.45])
        let panels = try LossChart.panels(history, metric: .loss, smooth: 1, logarithmic: false, theme: .light, file: "h.csv")
        let subtitle = LossChart.subtitle(history, smooth: 1, logarithmic: false)
        try expectGolden(LineChart.layout(panels, title: nil, subtitle: subtitle, style: ChartStyle(), measurer: FixedMeasurer()), "loss.txt")
    }

    /// Loss (on a log axis) and accuracy, smoothed over 3 epochs: one subtitle under the title, raw
    /// curves first, minor ticks on the log axis.
    @Test func smoothedHistoryOnALogScale() throws {
        let history = History(loss: [0.9, 0.5, 0.3, 0.2, 0.15, 0.12, 0.11], accuracy: [0.5, 0.6, 0.7, 0.8, 0.85, 0.87, 0.88],
                              validationLoss: [0.95, 0.6, 0.4, 0.3, 0.28, 0.29, 0.31],
                              validationAccuracy: [0.45, 0.55, 0.65, 0.75, 0.8, 0.79, 0.78])
        let drawing = try LossChart.drawing(history, file: "h.csv", metric: .all, smooth: 3, logarithmic: true, choices: ChartChoices(),
                                            measurer: FixedMeasurer())
        try expectGolden(drawing, "history-smoothed-log.txt")
    }

    @Test func weightHeatmap() throws {
        let data = HeatmapData(title: "Weights of layer dense (3 × 2 + bias)", rowTitle: "neuron of dense", columnTitle: "input feature",
                               rowLabels: ["0", "1", "2"], columnLabels: ["x1", "x2"], values: [0.5, -1, 0.25, 0, -0.75, 1],
                               extraColumn: (label: "bias", values: [0.1, 0, -0.1]))
        try expectGolden(Heatmap.layout(data, style: ChartStyle(width: 480, height: 320), measurer: FixedMeasurer()), "weights.txt")
    }

    /// The trained blog model's weights, activations and a loss history in the two added themes,
    /// print at a larger font size.
    @Test(arguments: [(Theme.Name.colorblind, 11.0), (.print, 14)])
    func themedCharts(name: Theme.Name, fontSize: Double) throws {
        let theme = Theme.named(name, fontSize: fontSize)
        let data = HeatmapData(title: "Weights of layer dense (3 × 2 + bias)", rowTitle: "neuron of dense", columnTitle: "input feature",
                               rowLabels: ["1", "2", "3"], columnLabels: ["x1", "x2"], values: [0.5, -1, 0.25, 0, -0.75, 1],
                               extraColumn: (label: "bias", values: [0.1, 0, -0.1]))
        let weights = Heatmap.layout(data, style: ChartStyle(width: 480, height: 320, theme: theme), measurer: FixedMeasurer())
        let history = History(loss: [0.7, 0.5, 0.3, 0.25, 0.2], validationLoss: [0.72, 0.55, 0.4, 0.42, 0.45])
        let panels = try LossChart.panels(history, metric: .loss, smooth: 1, logarithmic: false, theme: theme, file: "h.csv")
        let loss = LineChart.layout(panels, title: nil, style: ChartStyle(theme: theme), measurer: FixedMeasurer())
        let values = [0.3, -0.8, 0, 1.2]
        let bars = BarChart.layout([BarPanel(title: "Activations of layer dense (tanh)", categoryTitle: "neuron", valueTitle: "a",
                                             categories: ["1", "2", "3", "4"],
                                             series: [BarSeries(name: "a", values: values, positive: theme.positive, negative: theme.negative)])],
                                   title: nil, style: ChartStyle(theme: theme), measurer: FixedMeasurer())
        let text = [weights, loss, bars].map(Self.describe).joined(separator: "\n")
        try NNRenderTests.expectGolden(text, "charts/golden/themed-\(theme.name.rawValue).txt")
    }

    func expectGolden(_ drawing: ChartDrawing, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try NNRenderTests.expectGolden(Self.describe(drawing), "charts/golden/" + name, sourceLocation: sourceLocation)
    }

    /// One line per mark, numbers to 3 decimals.
    static func describe(_ drawing: ChartDrawing) -> String {
        func n(_ v: Double) -> String { String(format: "%.3f", v) }
        func p(_ point: ChartPoint) -> String { n(point.x) + "," + n(point.y) }
        func r(_ rect: ChartRect) -> String { [rect.x, rect.y, rect.width, rect.height].map(n).joined(separator: " ") }
        var lines = ["chart \(n(drawing.width)) \(n(drawing.height)) \(drawing.background.hexString) \"\(drawing.title)\""]
        for mark in drawing.marks {
            switch mark {
            case let .rectangle(rect, fill):
                lines.append("rect \(r(rect)) \(fill.hexString)")
            case let .line(points, stroke, width, dash):
                lines.append("line \(points.map(p).joined(separator: " ")) \(stroke.hexString) \(n(width))"
                    + (dash.isEmpty ? "" : " dash " + dash.map(n).joined(separator: ",")))
            case let .polygon(points, fill):
                lines.append("polygon \(points.map(p).joined(separator: " ")) \(fill.hexString)")
            case let .circle(center, radius, fill, stroke):
                lines.append("circle \(p(center)) \(n(radius)) \(fill.hexString) \(stroke.hexString)")
            case let .text(text):
                lines.append("text \"\(text.string)\" \(p(text.origin)) \(n(text.size))\(text.bold ? " bold" : "")"
                    + "\(text.vertical ? " vertical" : "") \(text.color.hexString)")
            case let .raster(rect, columns, rows, cells):
                lines.append("raster \(r(rect)) \(columns)x\(rows) " + cells.map(\.hexString).joined(separator: " "))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
