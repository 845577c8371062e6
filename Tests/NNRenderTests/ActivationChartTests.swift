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
