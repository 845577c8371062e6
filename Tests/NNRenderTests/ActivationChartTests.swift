import Foundation
import NNCore
import Testing
@testable import NNRender

/// The activation chart's composition: one panel per layer in a grid of up to three columns, and a
/// subtitle that says which input is drawn.
@Suite struct ActivationChartTests {
    static func network() throws -> Network {
        try Model(inputSize: 2, layers: [(3, .relu), (4, .relu), (2, .relu), (1, .sigmoid)]).network(seed: 1)
    }

    @Test(arguments: [
        ([0], 720.0, 440.0, false),
        ([0, 1], 680.0, 400.0, true),
        ([0, 1, 2, 3], 1020.0, 730.0, true),
    ])
    func gridGrowsWithTheLayers(layers: [Int], width: Double, height: Double, titled: Bool) throws {
        let network = try Self.network()
        let drawing = ActivationChart.drawing(network, trace: network.trace([0.5, -1]), layers: layers, preActivation: false, subtitle: "input 0.5, -1",
                                              choices: ChartChoices(), measurer: FixedMeasurer())
        #expect((drawing.width, drawing.height) == (width, height))
        let texts = drawing.marks.compactMap { mark -> String? in
            if case let .text(text) = mark { return text.string }
            return nil
        }
        #expect(texts.contains("Activations of every layer") == titled)
    }

    @Test func chosenSizeAndTitleWin() throws {
        let network = try Self.network()
        let choices = ChartChoices(width: 500, height: 300, theme: .dark, title: "Mine")
        let drawing = ActivationChart.drawing(network, trace: network.trace([1, 1]), layers: [0, 1], preActivation: true,
                                              subtitle: "", choices: choices, measurer: FixedMeasurer())
        #expect((drawing.width, drawing.height) == (500, 300))
        #expect(drawing.background == Theme.dark.background)
        #expect(drawing.title == "Mine")
    }

    @Test func subtitleNamesTheInputAndShortensLongOnes() {
        #expect(ActivationChart.subtitle(input: [0.5, 1], source: nil, untrainedSeed: nil) == "input 0.5, 1")
        #expect(ActivationChart.subtitle(input: [2], source: "row 3 of iris.csv", untrainedSeed: 7) == "untrained, seed 7 · row 3 of iris.csv: 2")
        let long = ActivationChart.subtitle(input: (1...20).map(Float.init), source: nil, untrainedSeed: nil)
        // A long input says how many values and where from, not a row of numbers that reads as one.
        #expect(long == "input: 20 values")
        let fromFile = ActivationChart.subtitle(input: [Float](repeating: 0, count: 784), source: "row 3 of x.csv", untrainedSeed: nil)
        #expect(fromFile == "input: 784 values (row 3 of x.csv)")
    }
}

/// The figure of every layer: one legend, one y scale by default, and the note saying which.
@Suite struct ActivationFigureTests {
    func panel(_ values: [[Double]], names: [String] = ["z = W·x + b", "a = relu(z)"]) -> BarPanel {
        BarPanel(title: "t", categoryTitle: "neuron", valueTitle: "v", categories: values[0].indices.map { String($0 + 1) },
                 series: zip(names, values).map { BarSeries(name: $0, values: $1, positive: RGB(0, 0, 1), negative: RGB(1, 0, 0)) })
    }

    /// Each series in its colour, and below zero in the other colour where some value is negative;
    /// names that differ between panels become the general one.
    @Test func oneLegendExplainsTheNegativeBars() {
        let relu = panel([[1, -2], [1, 0]])
        let sigmoid = panel([[0.5, 1], [0.6, 0.7]], names: ["z = W·x + b", "a = sigmoid(z)"])
        #expect(ActivationChart.legend([relu, sigmoid]).map(\.label) == ["z = W·x + b", "z < 0", "a = f(z)"])
        #expect(ActivationChart.legend([relu]).map(\.label) == ["z = W·x + b", "z < 0", "a = relu(z)"])
        #expect(ActivationChart.legend([relu]).map(\.color) == [RGB(0, 0, 1), RGB(1, 0, 0), RGB(0, 0, 1)])
        let tanh = panel([[0.5, -0.5]], names: ["a = tanh(z)"])
        #expect(ActivationChart.legend([tanh]).map(\.label) == ["a = tanh(z)", "a < 0"])
        // One series with nothing below zero needs no legend.
        #expect(ActivationChart.legend([panel([[0.5, 0.5]], names: ["a = relu(z)"])]).isEmpty)
    }

    /// At very large text the figure's legend wraps onto centred rows inside the padding, as panel
    /// legends do, and the panels start below the last row. Worked with FixedMeasurer at 32 in a figure
    /// 700 wide: legend text 33.45 (11.5 × 32/11), 20.07 a character; swatch and gap 23 × 32/11 = 66.91;
    /// "z = W·x + b" 287.71, "z < 0" 167.27, "a = relu(z)" 287.71, 46.55 between entries: 835.78 in one
    /// row (which began at x = −67.89, off the figure) against 672 inside the padding.
    @Test func theFigureLegendWrapsAtLargeText() {
        let theme = Theme.named(.light, fontSize: 32)
        let relu = panel([[1, -2], [1, 0]])
        let legend = ActivationChart.legend([relu, relu])
        #expect(legend.map(\.label) == ["z = W·x + b", "z < 0", "a = relu(z)"])
        let placer = TextPlacer(measurer: FixedMeasurer(), theme: theme)
        let header = PanelFrame.figureHeader(title: nil, subtitle: nil, legend: legend, width: 700, placer: placer)
        let texts = header.marks.compactMap { if case let .text(text) = $0 { return text } else { return nil } }
        #expect(texts.map(\.string) == ["z = W·x + b", "z < 0", "a = relu(z)"])
        // Row 1 is 501.53 wide, centred at (700 − 501.53) / 2 = 99.24; row 2 at (700 − 287.71) / 2 = 206.15;
        // each label starts 66.91 after its row's left end. Rows are 1.6 × 33.45 apart, centred 0.4 × 33.45
        // below the top padding, and a label's baseline is half its cap height (0.35 × 33.45) below that.
        #expect(close(texts[0].origin.x, 166.14545454545456) && close(texts[2].origin.x, 273.05454545454546))
        #expect(close(texts[0].origin.y, 39.09090909090909) && close(texts[1].origin.y, 39.09090909090909))
        #expect(close(texts[2].origin.y, 92.61818181818181))
        // The band: padding 14, two rows of 53.53, less half the padding.
        #expect(close(header.height, 114.05454545454546))
        let swatches = header.marks.compactMap { if case let .rectangle(rect, _) = $0 { return rect } else { return nil } }
        #expect(swatches.allSatisfy { $0.x >= ChartMetrics.padding && $0.maxX <= 700 - ChartMetrics.padding })
        #expect(texts.allSatisfy { $0.origin.x + 0.6 * $0.size * Double($0.string.count) <= 700 - ChartMetrics.padding })

        // In the figure, the panels' titles come below the legend's second row.
        let drawing = BarChart.layout([relu, relu], title: nil, legend: legend, style: ChartStyle(width: 700, height: 900, theme: theme),
                                      measurer: FixedMeasurer())
        let titles = drawing.texts.filter { $0.string == "t" }
        #expect(titles.count == 2 && titles.allSatisfy { $0.origin.y - 0.7 * $0.size > 114.05454545454546 })
        #expect(overlappingTexts(drawing).isEmpty, "\(overlappingTexts(drawing))")
        // At the default size the legend keeps one row.
        let small = PanelFrame.figureHeader(title: nil, subtitle: nil, legend: legend, width: 700,
                                            placer: TextPlacer(measurer: FixedMeasurer(), theme: .light))
        #expect(close(small.height, 14 + 11.5 * 1.6 - 7))
    }

    /// At the largest text in the default width, every text stays inside the figure and clear of the
    /// others: the x-axis title of the narrow last panel, centred under its plot, is moved left where
    /// the y axis's room would push it off the right edge, and a value label wider than its bar stays
    /// inside its plot, clear of the tick labels beside it.
    @Test func theLargestTextStaysInsideTheFigure() throws {
        // The blog's 4-8-4-1 model: three panels in a row, the last one a single bar.
        let network = try Model(inputSize: 4, layers: [(8, .relu), (4, .relu), (1, .sigmoid)]).network(seed: 0)
        let choices = ChartChoices(theme: Theme.named(.light, fontSize: 32))
        let drawing = ActivationChart.drawing(network, trace: network.trace([0.5, 0.1, 0.9, 0.3]), layers: [0, 1, 2], preActivation: false,
                                              subtitle: "input 0.5, 0.1, 0.9, 0.3", scale: .network, choices: choices, measurer: FixedMeasurer())
        let outside = drawing.texts.filter {
            let box = textBox($0)
            return box.x < -1e-9 || box.maxX > drawing.width + 1e-9 || box.y < -1e-9 || box.maxY > drawing.height + 1e-9
        }
        #expect(outside.isEmpty, "\(outside.map(\.string))")
        #expect(drawing.texts.filter { $0.string == "neuron" }.count == 3)
        #expect(overlappingTexts(drawing).isEmpty, "\(overlappingTexts(drawing))")
    }

    @Test(arguments: [(ValueScale.network, "input 1, 2 · one y scale for every layer"), (.layer, "input 1, 2 · each layer on its own y scale")])
    func theSubtitleSaysWhichScale(scale: ValueScale, subtitle: String) throws {
        let network = try ActivationChartTests.network()
        let drawing = ActivationChart.drawing(network, trace: network.trace([1, 2]), layers: [0, 1, 2], preActivation: true, subtitle: "input 1, 2",
                                              scale: scale, choices: ChartChoices(), measurer: FixedMeasurer())
        #expect(drawing.texts.map(\.string).contains(subtitle))
        // The legend sits once under the subtitle, not in each panel.
        #expect(drawing.texts.filter { $0.string == "z = W·x + b" }.count == 1)
    }
}
