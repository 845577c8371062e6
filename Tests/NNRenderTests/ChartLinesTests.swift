import Foundation
import NNCore
import Testing
@testable import NNRender

@Suite struct ChartLinesTests {
    /// Centred: epoch i is the mean of i − 2 … i + 2 for a window of 5; near the ends the window
    /// shrinks evenly (epoch 2 of 1, 2, 3; the first and last epochs alone).
    @Test func movingAverageIsCentred() {
        let expected: [Double] = [1, 7.0 / 3, 31.0 / 5, 62.0 / 5, 124.0 / 5, 112.0 / 3, 64]
        #expect(LineChart.smoothed([1, 2, 4, 8, 16, 32, 64], window: 5) == expected)
        #expect(LineChart.smoothed([4, 2], window: 1) == [4, 2])
        #expect(LineChart.smoothed([3, 6, 9], window: 5) == [3, 6, 9])
        // An even window has one more epoch before than after: 2 before, 1 after for 4.
        #expect(LineChart.smoothed([1, 2, 3, 4, 5, 6], window: 4) == [1, 2, 2.5, 3.5, 4.5, 6])
        // A straight line stays where it is: no lag.
        let line = (0..<50).map { 1 - 0.01 * Double($0) }
        #expect(zip(LineChart.smoothed(line, window: 7), line).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    /// A huge first loss does not swamp the later windows, and a NaN leaves a gap only where it falls.
    @Test func movingAverageKeepsLaterWindowsExact() {
        let values = [1e30, 0.5, 0.25, 0.125, 0.0625, 0.03125] + [Double.nan, 0.5, 0.5, 0.5]
        let smoothed = LineChart.smoothed(values, window: 3)
        #expect(smoothed[3] == (0.25 + 0.125 + 0.0625) / 3)
        #expect(smoothed[4] == (0.125 + 0.0625 + 0.03125) / 3)
        #expect(smoothed[5].isNaN && smoothed[6].isNaN && smoothed[7].isNaN)
        #expect(smoothed[8] == 0.5 && smoothed[9] == 0.5)
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

    /// Every raw curve first (thin, 40 % towards the background), the smoothed ones drawn over them.
    @Test func smoothedCurvesAreDrawnOverVisibleRawCurves() throws {
        let history = History(loss: [4, 2, 0.5, 0.25], validationLoss: [5, 3, 1, 1])
        let panels = try LossChart.panels(history, metric: .loss, smooth: 2, logarithmic: false, theme: .light, file: "h.csv")
        let series = panels[0].series
        #expect(series.map(\.inLegend) == [false, false, true, true])
        #expect(series[0].values == [4, 2, 0.5, 0.25] && series[1].values == [5, 3, 1, 1])
        // A window of 2 is this epoch and the one before it.
        #expect(series[2].values == [4, 3, 1.25, 0.375] && series[3].values == [5, 4, 2, 1])
        #expect(series[0].color == Theme.light.positive.mixed(with: Theme.light.background, 0.4) && series[0].width == 1.3)
        #expect(series[2].color == Theme.light.positive && series[2].width == 2.2)
    }

    @Test func theSubtitleSaysOnceHowTheCurvesAreDrawn() {
        let history = History(loss: [0.5, 0.4, 0.3])
        #expect(LossChart.subtitle(history, smooth: 1, logarithmic: false) == "3 epochs")
        #expect(LossChart.subtitle(history, smooth: 5, logarithmic: true)
            == "3 epochs · thick: centred moving average over 5 epochs, thin: each epoch · loss on a log scale")
    }

    /// Loss and accuracy: the subtitle goes under the figure's title, once, and both panels get the
    /// same height (720 − header 14 + 21.75 + 17.25 − 7 = 674 split in two: 337 each).
    @Test func lossAndAccuracyPanelsHaveOneHeight() throws {
        let history = History(loss: [0.7, 0.5, 0.4], accuracy: [0.5, 0.7, 0.8], validationLoss: [0.8, 0.6, 0.5],
                              validationAccuracy: [0.4, 0.6, 0.7])
        let drawing = try LossChart.drawing(history, file: "h.csv", metric: .all, smooth: 3, logarithmic: false, choices: ChartChoices(),
                                            measurer: FixedMeasurer())
        let subtitles = drawing.texts.filter { $0.string.hasPrefix("3 epochs") }
        #expect(subtitles.count == 1)
        // Each panel's x-axis line runs along the bottom of its plot: both plots are equally tall.
        let placer = TextPlacer(measurer: FixedMeasurer(), theme: .light)
        let panels = try LossChart.panels(history, metric: .all, smooth: 3, logarithmic: false, theme: .light, file: "h.csv")
        let frames = PanelFrame.grid(2, in: ChartRect(x: 0, y: 0, width: 720, height: 720), headerHeight: 46, columns: 1)
        #expect(frames.map(\.height) == [337, 337])
        let plots = zip(panels, frames).map { LineChart.layoutPanel($0, in: $1, titleSize: 13, placer: placer).plot }
        #expect(close(plots[0].height, plots[1].height))
        let axisLines = drawing.marks.compactMap { mark -> Double? in
            if case let .line(points, stroke, 1, []) = mark, points.count == 2, stroke == Theme.light.muted, points[0].y == points[1].y,
               points[1].x - points[0].x > 500 { return points[0].y } else { return nil }
        }
        #expect(axisLines.count == 2 && close(axisLines[1] - axisLines[0], 337))
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

    /// --font-size sets every text: tick labels are that size, titles keep their proportion, and the
    /// margins that hold text grow with it. Worked with FixedMeasurer (0.6 × size a character).
    @Test(arguments: [8.0, 18.0])
    func fontSizeSetsTheTextAndTheMarginsThatHoldIt(size: Double) throws {
        let history = History(loss: [0.7, 0.5, 0.3, 0.25, 0.2], validationLoss: [0.72, 0.55, 0.4, 0.42, 0.45])
        let theme = Theme.named(.light, fontSize: size)
        let panels = try LossChart.panels(history, metric: .loss, smooth: 1, logarithmic: false, theme: theme, file: "h.csv")
        let placer = TextPlacer(measurer: FixedMeasurer(), theme: theme)
        let frame = LineChart.layoutPanel(panels[0], in: ChartRect(x: 0, y: 0, width: 720, height: 440),
                                          titleSize: placer.metrics.titleSize, placer: placer)
        let texts = frame.marks.compactMap { if case let .text(text) = $0 { return text } else { return nil } }
        let ticks = frame.yScale.ticks.map(\.label)
        #expect(ticks == ["0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8"])
        #expect(texts.filter { ticks.contains($0.string) }.allSatisfy { $0.size == size })
        #expect(close(texts.first { $0.string == "Training loss" }?.size ?? 0, 15 * size / 11))
        #expect(close(texts.first { $0.string == "epoch" }?.size ?? 0, 12 * size / 11))
        // Left: padding 14, the axis title (12 × 1.3 × size / 11), 4, the widest tick label "0.1"
        // (3 × 0.6 × size) and the tick gap 6. Top: padding 14, the title (15 × 1.45), the legend rows (11.5 × 1.6 each: at 18 the marker's entry, 354 wide, and
        // the curves', 271, no longer fit the plot's 624 together), 6, and half a tick label.
        let scale = size / 11
        let legendRows = size == 18 ? 2.0 : 1.0
        #expect(close(frame.plot.x, 14 + 12 * 1.3 * scale + 4 + 3 * 0.6 * size + 6))
        #expect(close(frame.plot.y, 14 + 15 * 1.45 * scale + legendRows * 11.5 * 1.6 * scale + 6 + size / 2))
        #expect(size == 8 ? close(frame.plot.x, 49.74545454545454) : close(frame.plot.x, 81.92727272727274))
        #expect(overlappingTexts(texts).isEmpty, "\(overlappingTexts(texts))")
    }

    /// Tick labels closer than 1.2 × their height are thinned to every second, third, … tick.
    @Test func yTickLabelsAreThinnedWhenTheyWouldTouch() {
        #expect(PanelFrame.labelledTickStep([100, 80, 60, 40], labelHeight: 11) == 1)
        #expect(PanelFrame.labelledTickStep([100, 80, 60, 40], labelHeight: 18) == 2)
        #expect(PanelFrame.labelledTickStep([30, 20, 10], labelHeight: 32) == 3)
        #expect(PanelFrame.labelledTickStep([50], labelHeight: 32) == 1)
        #expect(PanelFrame.labelledTickStep([50, 50, 50], labelHeight: 11) == 3)
        // A 32-unit bar chart 320 units tall (a plot of about 120, five ticks 25 apart): every second
        // label, no two overlapping, and 0 keeps its label.
        let theme = Theme.named(.light, fontSize: 32)
        let panel = BarPanel(title: "t", categoryTitle: "neuron", valueTitle: "a", categories: ["1", "2", "3"],
                             series: [BarSeries(name: "a", values: [4, -3, 1], positive: theme.positive, negative: theme.negative)])
        let drawing = BarChart.layout([panel], title: nil, style: ChartStyle(width: 500, height: 320, theme: theme), measurer: FixedMeasurer())
        let yLabels = drawing.texts.filter { $0.size == 32 && Double($0.string.replacingOccurrences(of: "\u{2212}", with: "-")) != nil }
        #expect(overlappingTexts(yLabels).isEmpty, "\(overlappingTexts(yLabels))")
        #expect(yLabels.contains { $0.string == "0" })
        let gridLines = drawing.marks.filter { if case let .line(_, stroke, _, _) = $0 { return stroke == theme.grid } else { return false } }
        // The numeric texts are the three neuron numbers and the kept y labels: fewer than the ticks, at least two.
        #expect(yLabels.count - 3 < gridLines.count && yLabels.count - 3 >= 2, "\(yLabels.map(\.string)), \(gridLines.count) ticks")
    }

    /// A legend that does not fit beside the marker's goes on rows of its own.
    @Test func legendsWrapWhenTheTextIsLarge() {
        let placer = TextPlacer(measurer: FixedMeasurer(), theme: Theme.named(.light, fontSize: 18))
        let train = LegendEntry(label: "train", color: RGB(0, 0, 1), swatch: .line)
        let validation = LegendEntry(label: "validation", color: RGB(1, 0.5, 0), swatch: .line)
        let best = LegendEntry(label: "best val_loss 0.127 at epoch 23", color: RGB(1, 0.5, 0), swatch: .ring)
        // At 18 (18.8 for legends) "train" takes 23 × 18/11 + 5 × 0.6 × 18.82 = 94.1 and
        // "validation" 37.6 + 112.9 = 150.5, with 26.2 between: 270.8 together.
        #expect(close(PanelFrame.legendWidth([train, validation], placer: placer), 270.81818181818176, tolerance: 1e-9))
        let one = PanelFrame.legendRows(leading: [best], trailing: [train, validation], width: 720, placer: placer)
        #expect(one.count == 1)
        let three = PanelFrame.legendRows(leading: [best], trailing: [train, validation], width: 260, placer: placer)
        #expect(three.map { $0.leading.map(\.label) } == [["best val_loss 0.127 at epoch 23"], [], []])
        #expect(three.map { $0.trailing.map(\.label) } == [[], ["train"], ["validation"]])
    }

    @Test func constantCurvesAreNotDrawnAlongTheAxis() {
        let placer = TextPlacer(measurer: FixedMeasurer(), theme: .light)
        let series = [LineSeries(name: "train", values: [2, 2, 2], color: RGB(0, 0, 1))]
        let log = LineChart.layoutPanel(LinePanel(title: "t", valueTitle: "loss", series: series, logarithmic: true),
                                        in: ChartRect(x: 0, y: 0, width: 400, height: 300), titleSize: 15, placer: placer)
        #expect(log.yScale.ticks.map(\.label) == ["1", "2"])
        #expect(log.yScale.lower == 1 && log.yScale.upper == 3)
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
        // 0.008…2 (see NiceScale.logarithmic): three decades labelled, 0.1 at log(0.1/0.008)/log(2/0.008) of the height.
        #expect(frame.yScale.ticks.map(\.label) == ["0.01", "0.1", "1"])
        #expect(close(frame.yScale.lower, 0.008) && close(frame.yScale.upper, 2))
        #expect(close(frame.y(0.1), frame.plot.maxY - log10(12.5) / log10(250) * frame.plot.height, tolerance: 1e-9))
        // Minor ticks are short marks on a y-axis line, one per 2…9 × 10^k.
        let marks = frame.marks.filter { if case let .line(points, _, _, _) = $0 { return points.count == 2 && points[1].x - points[0].x == 3 } else { return false } }
        #expect(marks.count == frame.yScale.minorTicks.count && marks.count == 19)
    }
}
