import NNCore
import Testing
@testable import NNRender

@Suite struct ChartLinesTests {
    @Test func movingAverageIsTrailing() {
        #expect(LineChart.smoothed([1, 2, 3, 4], window: 2) == [1, 1.5, 2.5, 3.5])
        #expect(LineChart.smoothed([4, 2], window: 1) == [4, 2])
        #expect(LineChart.smoothed([3, 6, 9], window: 5) == [3, 4.5, 6])
    }

    @Test func bestValidationEpochIsMarked() throws {
        let history = History(loss: [0.9, 0.5, 0.4], validationLoss: [0.8, 0.3, 0.35])
        let panels = try LossChart.panels(history, metric: .loss, smooth: 1, logarithmic: false, theme: .light, file: "h.csv")
        #expect(panels.count == 1)
        #expect(panels[0].marker?.epoch == 2)
        #expect(panels[0].marker?.label == "best val_loss 0.3 at epoch 2")
        #expect(panels[0].series.map(\.name) == ["train", "validation"])
        #expect(panels[0].title == "Training loss")
    }

    @Test func bestAccuracyIsTheHighest() throws {
        let history = History(loss: [1, 1, 1], accuracy: [0.5, 0.6, 0.7], validationLoss: [1, 1, 1], validationAccuracy: [0.5, 0.9, 0.8])
        let panels = try LossChart.panels(history, metric: .all, smooth: 1, logarithmic: false, theme: .light, file: "h.csv")
        #expect(panels.map(\.title) == ["Loss", "Accuracy"])
        #expect(panels[1].marker?.epoch == 2)
    }

    @Test func smoothingKeepsTheRawCurveFaint() throws {
        let history = History(loss: [4, 2, 0.5, 0.25])
        let panels = try LossChart.panels(history, metric: .loss, smooth: 2, logarithmic: false, theme: .light, file: "h.csv")
        #expect(panels[0].series.count == 2)
        #expect(panels[0].series[0].inLegend == false && panels[0].series[0].values == [4, 2, 0.5, 0.25])
        #expect(panels[0].series[1].values == [4, 3, 1.25, 0.375])
        #expect(panels[0].marker == nil)
    }

    @Test func logScaleRefusesZero() {
        let history = History(loss: [0.5, 0])
        #expect(throws: ChartError.notPositive(file: "h.csv", series: "loss", value: 0, epoch: 2)) {
            try LossChart.panels(history, metric: .loss, smooth: 1, logarithmic: true, theme: .light, file: "h.csv")
        }
    }

    @Test func accuracyMustBeThere() {
        let history = History(loss: [0.5, 0.4], validationLoss: [0.6, 0.5])
        #expect(throws: ChartError.noAccuracy(file: "h.csv", columns: ["loss", "val_loss"])) {
            try LossChart.panels(history, metric: .accuracy, smooth: 1, logarithmic: false, theme: .light, file: "h.csv")
        }
    }

    @Test func curvePointsFollowTheScales() throws {
        let panel = LinePanel(title: "t", valueTitle: "loss", series: [LineSeries(name: "train", values: [1, 0.5, 0], color: RGB(0, 0, 1))])
        let placer = TextPlacer(measurer: FixedMeasurer(), theme: .light)
        let frame = LineChart.layoutPanel(panel, in: ChartRect(x: 0, y: 0, width: 400, height: 300), titleSize: 15, placer: placer)
        let curve = frame.marks.compactMap { mark -> [ChartPoint]? in
            if case let .line(points, stroke, _, _) = mark, stroke == RGB(0, 0, 1), points.count == 3 { return points } else { return nil }
        }
        #expect(curve.count == 1)
        let points = try #require(curve.first)
        // Epoch 1 at the plot's left, epoch 3 at its right; 1 at the top tick and 0 at the bottom.
        #expect(close(points[0].x, frame.plot.x) && close(points[2].x, frame.plot.maxX))
        #expect(close(points[1].x, frame.plot.x + frame.plot.width / 2))
        #expect(close(points[0].y, frame.plot.y) && close(points[2].y, frame.plot.maxY))
        #expect(close(points[1].y, frame.plot.y + frame.plot.height / 2))
    }

    @Test func constantCurvesAreNotDrawnAlongTheAxis() {
        let placer = TextPlacer(measurer: FixedMeasurer(), theme: .light)
        let series = [LineSeries(name: "train", values: [2, 2, 2], color: RGB(0, 0, 1))]
        let log = LineChart.layoutPanel(LinePanel(title: "t", valueTitle: "loss", series: series, logarithmic: true),
                                        in: ChartRect(x: 0, y: 0, width: 400, height: 300), titleSize: 15, placer: placer)
        #expect(log.yScale.ticks.map(\.label) == ["1", "2", "5"])
        let linear = LineChart.layoutPanel(LinePanel(title: "t", valueTitle: "loss", series: series),
                                           in: ChartRect(x: 0, y: 0, width: 400, height: 300), titleSize: 15, placer: placer)
        #expect(linear.yScale.lower < 2 && linear.yScale.upper > 2)
        #expect(close(linear.y(2), linear.plot.y + linear.plot.height / 2))
    }

    @Test func logarithmicPositionsAreByDecade() {
        let panel = LinePanel(title: "t", valueTitle: "loss", series: [LineSeries(name: "train", values: [1, 0.1, 0.01], color: RGB(0, 0, 1))],
                              logarithmic: true)
        let placer = TextPlacer(measurer: FixedMeasurer(), theme: .light)
        let frame = LineChart.layoutPanel(panel, in: ChartRect(x: 0, y: 0, width: 400, height: 300), titleSize: 15, placer: placer)
        #expect(frame.yScale.ticks.map(\.label) == ["0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1"])
        #expect(close(frame.y(0.1), frame.plot.y + frame.plot.height / 2))
    }
}
