import NNCore
import Testing
@testable import NNRender

@Suite struct ChartHeatmapTests {
    let data = HeatmapData(title: "w", rowTitle: "neuron", columnTitle: "input", rowLabels: ["0", "1"], columnLabels: ["a", "b", "c"],
                           values: [2, -1, 0, 0.5, -2, 1], extraColumn: (label: "bias", values: [0.25, -0.25]))

    @Test func cellsAndBiasColumnAreLaidOut() throws {
        let (drawing, frames) = Heatmap.layoutWithFrames(data, title: nil, style: ChartStyle(width: 600, height: 400), measurer: FixedMeasurer())
        let cells = drawing.rectangles
        #expect(cells.count == 8)
        let width = frames.cells.width / 3
        #expect(close(cells[1].0.x, frames.cells.x + width))
        #expect(close(cells[3].0.y, frames.cells.y + frames.cells.height / 2))
        // The bias column sits apart, one gap to the right, with the same cell width.
        let extra = try #require(frames.extra)
        #expect(close(extra.x, frames.cells.maxX + 8) && close(extra.width, width))
        #expect(close(cells[6].0.x, extra.x))
        #expect(frames.colorBar.x > extra.maxX)
    }

    @Test func coloursDivergeFromZero() {
        let drawing = Heatmap.layout(data, style: ChartStyle(width: 600, height: 400), measurer: FixedMeasurer())
        let fills = drawing.rectangles.map(\.1)
        #expect(ChartRendererTests.near(fills[0], Theme.light.positive))
        #expect(ChartRendererTests.near(fills[4], Theme.light.negative))
        #expect(fills[2] == Theme.light.background)
        #expect(fills[6] == Theme.light.diverging(0.25, limit: 2))
        let labels = drawing.texts.map(\.string)
        // The largest |value| is 2, so every cell has two decimals.
        #expect(labels.contains("−1.00") && labels.contains("0.50") && labels.contains("bias"))
    }

    @Test func biasColumnStaysVisibleBesideManyInputs() throws {
        let wide = HeatmapData(title: "w", rowTitle: "neuron", columnTitle: "input", rowLabels: ["0", "1"],
                               columnLabels: (0..<300).map(String.init), values: (0..<600).map { Double($0 % 3) - 1 },
                               extraColumn: (label: "bias", values: [0, 1]))
        let (drawing, frames) = Heatmap.layoutWithFrames(wide, title: nil, style: ChartStyle(width: 600, height: 400), measurer: FixedMeasurer())
        let extra = try #require(frames.extra)
        #expect(extra.width == 14)
        #expect(close(extra.x, frames.cells.maxX + 8) && close(extra.maxX, frames.colorBar.x - 24))
        let bias = try #require(drawing.texts.first { $0.string == "bias" })
        let below = drawing.texts.filter { $0.origin.y == bias.origin.y && $0.string != "bias" }
        #expect(!below.isEmpty)
        #expect(below.allSatisfy { $0.origin.x + 0.6 * 11 * Double($0.string.count) + 4 <= bias.origin.x })
    }

    @Test func largeMatricesBecomeOneRaster() {
        let rows = 200
        let columns = 100
        let big = HeatmapData(title: "w", rowTitle: "neuron", columnTitle: "input", rowLabels: (0..<rows).map(String.init),
                              columnLabels: (0..<columns).map(String.init), values: (0..<rows * columns).map { Double($0 % 5) - 2 })
        let drawing = Heatmap.layout(big, style: ChartStyle(width: 600, height: 400), measurer: FixedMeasurer())
        let rasters = drawing.marks.filter { if case let .raster(_, c, r, _) = $0 { return c == columns && r == rows } else { return false } }
        #expect(rasters.count == 1)
        #expect(drawing.rectangles.isEmpty)
    }
}

@Suite struct ChartHeatmapValueTests {
    @Test(arguments: [(1.7, 2), (0.5, 3), (0.05, 3), (25.0, 1), (250.0, 0), (0.0, 2)])
    func oneNumberOfDecimalsFromTheLargestValue(largest: Double, decimals: Int) {
        #expect(Heatmap.valueDecimals(largest) == decimals)
    }

    @Test func cellsAreWrittenAlikeWithATrueMinus() {
        #expect([1.7, -0.016, -1, -0.001].map { Heatmap.cellText($0, decimals: 2) } == ["1.70", "\u{2212}0.02", "\u{2212}1.00", "0.00"])
    }
}
