import Foundation
import Testing
@testable import NNRender

@Suite struct ChartBarsTests {
    let placer = TextPlacer(measurer: FixedMeasurer(), theme: .light)

    func panel(_ values: [Double]) -> BarPanel {
        BarPanel(title: "t", categoryTitle: "neuron", valueTitle: "a", categories: values.indices.map { String($0 + 1) },
                 series: [BarSeries(name: "a", values: values, positive: Theme.light.positive, negative: Theme.light.negative)])
    }

    /// Worked by hand: padding 14, title 15 × 1.45, y labels "-1.0" 26.4 wide, ticks every 0.5 from −1 to 1.5.
    @Test func barsAndLabelsArePlacedExactly() {
        let frame = ChartRect(x: 0, y: 0, width: 400, height: 300)
        let (marks, bars) = BarChart.layoutPanel(panel([1, -0.5, 0.25]), in: frame, titleSize: 15, placer: placer)
        #expect(bars.count == 3)
        // Plot: x 66…386, y 47.25…249.4; zero at 249.4 − 0.4 × 202.15 = 168.54.
        #expect(close(bars[0].rect, ChartRect(x: 66 + 32.0 / 3, y: 87.68, width: 256.0 / 3, height: 80.86), tolerance: 1e-9))
        #expect(close(bars[1].rect, ChartRect(x: 66 + 320.0 / 3 + 32.0 / 3, y: 168.54, width: 256.0 / 3, height: 40.43), tolerance: 1e-9))
        #expect(bars[0].label?.string == "1")
        #expect(close(bars[0].label!.origin.x, 116 + 1.0 / 3) && close(bars[0].label!.origin.y, 83.68))
        #expect(bars[1].label?.string == "−0.5")
        #expect(close(bars[1].label!.origin.x, 214) && close(bars[1].label!.origin.y, 219.97))
        let fills = marks.compactMap { mark -> RGB? in if case let .rectangle(_, fill) = mark { return fill } else { return nil } }
        #expect(fills == [Theme.light.positive, Theme.light.negative, Theme.light.positive])
        let labels = marks.compactMap { mark -> String? in if case let .text(t) = mark { return t.string } else { return nil } }
        #expect(labels.starts(with: ["t", "−1.0", "−0.5", "0.0", "0.5", "1.0", "1.5"]))
        let category = marks.compactMap { mark -> ChartText? in if case let .text(t) = mark, t.string == "1", t.origin.y > 250 { return t } else { return nil } }
        #expect(category.count == 1)
        #expect(close(category[0].origin.x, 66 + 160.0 / 3 - 3.3) && close(category[0].origin.y, 264.75))
    }

    @Test func wideLayersThinOutLabelsAndNeverOverlap() {
        let values = (0..<300).map { Double($0 % 7) - 3 }
        let frame = ChartRect(x: 0, y: 0, width: 400, height: 300)
        let (marks, bars) = BarChart.layoutPanel(panel(values), in: frame, titleSize: 15, placer: placer)
        #expect(bars.count == 300)
        #expect(bars.allSatisfy { $0.label == nil })
        let plotBottom = bars.map(\.rect.maxY).max()!
        let categoryLabels = marks.compactMap { mark -> ChartText? in
            if case let .text(t) = mark, t.origin.y > plotBottom, t.string.allSatisfy(\.isNumber) { return t } else { return nil }
        }
        #expect(categoryLabels.map(\.string) == ["50", "100", "150", "200", "250", "300"])
        for (a, b) in zip(categoryLabels, categoryLabels.dropFirst()) {
            #expect(a.origin.x + 0.6 * 11 * Double(a.string.count) < b.origin.x)
        }
        for (a, b) in zip(bars, bars.dropFirst()) { #expect(a.rect.maxX <= b.rect.x + 1e-9) }
    }

    /// 1,000 neurons in a 412-unit plot: 412 one-pixel columns of 2 or 3 neurons each, drawn as one
    /// polygon a side reaching their highest and lowest values, and the axis title says so.
    @Test func thousandsOfNeuronsShareWholePixelColumnsThatHideNoExtreme() {
        let values = (0..<1000).map { sin(Double($0) * 0.37) * Double($0 % 11) }
        let (marks, bars) = BarChart.layoutPanel(panel(values), in: ChartRect(x: 0, y: 0, width: 500, height: 300), titleSize: 15,
                                                 placer: placer)
        #expect(bars.count == 1000)
        let title = marks.compactMap { mark -> String? in if case let .text(t) = mark, t.string.hasPrefix("neuron") { return t.string } else { return nil } }
        #expect(title == ["neuron (2–3 per pixel column, drawn to their extremes)"])
        #expect(marks.allSatisfy { if case .rectangle = $0 { return false } else { return true } })
        let polygons = marks.compactMap { mark -> ([ChartPoint], RGB)? in if case let .polygon(points, fill) = mark { return (points, fill) } else { return nil } }
        #expect(polygons.map(\.1) == [Theme.light.positive, Theme.light.negative])
        // Every corner on a whole unit (one pixel at 96 dpi).
        #expect(polygons.allSatisfy { $0.0.allSatisfy { $0.x == $0.x.rounded() && $0.y == $0.y.rounded() } })
        let left = bars[0].rect.x
        let right = bars[999].rect.maxX
        let columns = BarChart.columns(values, series: 0, of: 1, left: left, right: right, pixelsPerUnit: 1)
        #expect(columns.count == Int(right.rounded() - left.rounded()))
        #expect(Set(columns.map(\.neurons.count)) == [2, 3])
        #expect(columns.flatMap { Array($0.neurons) } == Array(0..<1000))
        for column in columns {
            let own = values[column.neurons]
            #expect(column.high == max(own.max()!, 0) && column.low == min(own.min()!, 0))
        }
    }

    /// Ten neurons over 10.2…14.1 units: at 1 pixel a unit, four columns [10, 11] … [13, 14] holding
    /// neurons ⌊c · 4 / 10⌋; at 2 pixels a unit, eight half-unit columns; two series take turns.
    @Test func columnsShareNeuronsOutOverWholePixels() {
        let values: [Double] = [1, -2, 3, 0, 5, -1, 2, 2, -4, 1]
        let one = BarChart.columns(values, series: 0, of: 1, left: 10.2, right: 14.1, pixelsPerUnit: 1)
        #expect(one == [BarColumn(left: 10, right: 11, neurons: 0..<3, high: 3, low: -2),
                        BarColumn(left: 11, right: 12, neurons: 3..<5, high: 5, low: 0),
                        BarColumn(left: 12, right: 13, neurons: 5..<8, high: 2, low: -1),
                        BarColumn(left: 13, right: 14, neurons: 8..<10, high: 1, low: -4)])
        let two = BarChart.columns(values, series: 0, of: 1, left: 10.2, right: 14.1, pixelsPerUnit: 2)
        #expect(two.map(\.neurons.count) == [2, 1, 1, 1, 2, 1, 1, 1])
        #expect(two.first?.left == 10 && two.first?.right == 10.5 && two.last?.right == 14)
        let second = BarChart.columns(values, series: 1, of: 2, left: 10.2, right: 14.1, pixelsPerUnit: 1)
        #expect(second == [BarColumn(left: 11, right: 12, neurons: 0..<5, high: 5, low: -2),
                           BarColumn(left: 13, right: 14, neurons: 5..<10, high: 2, low: -4)])
    }

    /// While a bar is at least a pixel wide each neuron keeps its own column, edges rounded to pixels.
    @Test func columnsOfOneNeuronHaveRoundedEdges() {
        let values: [Double] = [1, -1, 2]
        let first = BarChart.columns(values, series: 0, of: 1, left: 0.3, right: 10.2, pixelsPerUnit: 1)
        #expect(first.map(\.left) == [0, 3, 7] && first.map(\.right) == [3, 7, 10])
        let second = BarChart.columns(values, series: 1, of: 2, left: 0.3, right: 10.2, pixelsPerUnit: 1)
        #expect(second.map(\.left) == [2, 5, 8] && second.map(\.right) == [3, 7, 10])
        #expect(second.map(\.neurons) == [0..<1, 1..<2, 2..<3])
    }

    /// The outline goes up and along each column, down to zero at gaps and at columns with nothing on
    /// its side, and moves a corner along rather than repeat a height.
    @Test func profileOutlinesTheColumnsOnPixels() {
        let columns = [BarColumn(left: 0, right: 1, neurons: 0..<1, high: 2, low: 0), BarColumn(left: 1, right: 2, neurons: 1..<2, high: 2, low: -1),
                       BarColumn(left: 2, right: 3, neurons: 2..<3, high: 0, low: 0), BarColumn(left: 4, right: 5, neurons: 3..<4, high: 1.04, low: 0)]
        let y = { (value: Double) in 100 - 10 * value }
        let above = BarChart.profile(columns, positive: true, zero: 100.2, y: y, pixelsPerUnit: 1)
        #expect(above == [ChartPoint(0, 100), ChartPoint(0, 80), ChartPoint(2, 80), ChartPoint(2, 100),
                          ChartPoint(4, 100), ChartPoint(4, 90), ChartPoint(5, 90), ChartPoint(5, 100)])
        let below = BarChart.profile(columns, positive: false, zero: 100.2, y: y, pixelsPerUnit: 1)
        #expect(below == [ChartPoint(1, 100), ChartPoint(1, 110), ChartPoint(2, 110), ChartPoint(2, 100)])
        #expect(BarChart.profile(Array(columns.prefix(1)), positive: false, zero: 100, y: y, pixelsPerUnit: 1).isEmpty)
        // At 1.5 pixels a unit every height is on a pixel edge: y(1.04) = 89.6 units, 134.4 pixels, drawn at 134.
        let scaled = BarChart.profile(columns, positive: true, zero: 100.2, y: y, pixelsPerUnit: 1.5)
        #expect(scaled.allSatisfy { abs(($0.y * 1.5).rounded() - $0.y * 1.5) < 1e-9 })
        #expect(scaled.contains { abs($0.y - 134.0 / 1.5) < 1e-9 })
    }

    /// Room for turned value labels: with the data 0…4 in a 200-unit plot and labels 40 long, the
    /// headroom is 44 · 4 / (200 − 44) = 1.128, so the axis runs to 6 instead of 5.
    @Test func valueScaleLeavesRoomForTheLongestLabel() {
        #expect(BarChart.valueScale([0, 4], height: 400, plotHeight: 200).upper == 5)
        let roomy = BarChart.valueScale([0, 4], height: 400, plotHeight: 200, labelLength: 40)
        #expect(roomy.upper == 6)
        #expect(BarChart.valueScale([-1, 1], height: 400, plotHeight: 200, labelLength: 40).lower < -1.25)
        // Labels that would leave the bars less than a third of the plot get only the usual 12 %.
        #expect(BarChart.valueScale([0, 4], height: 400, plotHeight: 60, labelLength: 40).upper == 5)
    }

    /// Panels side by side get plot width by neurons: 8, 4 and 1 neurons, 70 units of chrome each, in
    /// 1,020: the 1-neuron panel would be 132.3 wide, so it gets the minimum 220, and the others share
    /// 660 units of plot at 55 a neuron: 510 and 290.
    @Test func panelWidthsFollowTheNeurons() {
        #expect(BarChart.panelWidths(neurons: [8, 4, 1], chrome: [70, 70, 70], total: 1020) == [510, 290, 220])
        // At most 90 units a neuron: two 1-neuron panels stay at the minimum, leaving the rest of the row empty.
        #expect(BarChart.panelWidths(neurons: [1, 1], chrome: [70, 70], total: 680) == [220, 220])
        #expect(BarChart.panelWidths(neurons: [2, 1], chrome: [70, 70], total: 1020) == [250, 220])
        // No room for the minimum: equal shares.
        #expect(BarChart.panelWidths(neurons: [100, 1, 1], chrome: [70, 70, 70], total: 600) == [200, 200, 200])
        #expect(BarChart.panelWidths(neurons: [1024, 10], chrome: [80, 75], total: 680) == [460, 220])
    }

    /// Values go on every bar or on none, whatever the width: across the bars when every one fits,
    /// turned a quarter when the bars are only wide enough for the text's height.
    @Test(arguments: [200.0, 300.0, 400.0, 600.0, 900.0])
    func valuesAreOnAllBarsOrNone(width: Double) {
        let (_, bars) = BarChart.layoutPanel(panel([0, 1, 0.123456, -0.5, 0, 2]), in: ChartRect(x: 0, y: 0, width: width, height: 300),
                                             titleSize: 15, placer: placer)
        let labels = bars.compactMap(\.label)
        // "0.123" needs 0.6 × 10 × 5 + 2 = 32 units across; turned, a bar 0.7 × 10 + 2 = 9 wide.
        let slot = bars[1].rect.x - bars[0].rect.x
        #expect(labels.count == (bars[0].rect.width >= 9 ? bars.count : 0))
        #expect(labels.allSatisfy { $0.vertical == (slot < 32) })
    }

    /// Turned labels read upwards from the end of their bar, centred on it.
    @Test func turnedLabelsSitBeyondTheirBars() throws {
        let (_, bars) = BarChart.layoutPanel(panel([0.123, -0.456]), in: ChartRect(x: 0, y: 0, width: 110, height: 300),
                                             titleSize: 15, placer: placer)
        let up = try #require(bars[0].label)
        let down = try #require(bars[1].label)
        #expect(up.vertical && down.vertical)
        // Turned, "0.123" is 30 long: its baseline start 4 above the bar's top, 3.5 right of its centre;
        // "−0.456" (36 long) ends 4 below the bottom.
        #expect(close(up.origin.y, bars[0].rect.y - 4) && close(up.origin.x, bars[0].rect.x + bars[0].rect.width / 2 + 3.5))
        #expect(close(down.origin.y, bars[1].rect.maxY + 4 + 36))
    }

    @Test func allZeroValuesStillGiveAnAxis() {
        let (marks, bars) = BarChart.layoutPanel(panel([0, 0]), in: ChartRect(x: 0, y: 0, width: 300, height: 240),
                                                 titleSize: 15, placer: placer)
        #expect(bars.allSatisfy { $0.rect.height == 0 })
        let labels = marks.compactMap { mark -> String? in if case let .text(t) = mark { return t.string } else { return nil } }
        #expect(labels.contains("0.0") && labels.contains("1.0"))
    }

    @Test func twoSeriesSitSideBySideWithALegend() {
        let p = BarPanel(title: "t", categoryTitle: "neuron", valueTitle: "v", categories: ["0", "1"],
                         series: [BarSeries(name: "z", values: [1, 2], positive: RGB(0, 0, 1), negative: RGB(1, 0, 0)),
                                  BarSeries(name: "a", values: [1, 2], positive: RGB(0, 1, 0), negative: RGB(1, 0, 0))])
        let (marks, bars) = BarChart.layoutPanel(p, in: ChartRect(x: 0, y: 0, width: 400, height: 300), titleSize: 15, placer: placer)
        #expect(bars.count == 4)
        let z0 = bars.first { $0.series == 0 && $0.category == 0 }!
        let a0 = bars.first { $0.series == 1 && $0.category == 0 }!
        #expect(close(z0.rect.maxX, a0.rect.x))
        let legend = marks.compactMap { mark -> String? in if case let .text(t) = mark, t.string == "z" || t.string == "a" { return t.string } else { return nil } }
        #expect(legend == ["z", "a"])
    }

    @Test func smallMultiplesGetOnePanelEach() {
        let drawing = BarChart.layout([panel([1]), panel([2, 3]), panel([4])], title: "all", style: ChartStyle(width: 900, height: 400),
                                      measurer: FixedMeasurer())
        let bars = drawing.rectangles.filter { $0.1 == Theme.light.positive }
        #expect(bars.count == 4)
        #expect(drawing.texts.first?.string == "all")
        // Panels of 1, 2 and 1 neurons side by side: 220, 220 + 2 × 90 of plot… see panelWidths; here
        // the bars fall inside their panels' frames.
        let titles = drawing.texts.filter { $0.string == "t" }.map { $0.origin.x + 0.6 * 13 / 2 }
        #expect(titles.count == 3 && close(titles[0], 110))
        let middle = titles[1] * 2 - 220
        #expect(bars[0].0.maxX <= 220 && bars[1].0.x >= 220 && bars[2].0.maxX <= middle && bars[3].0.x >= middle)
    }

    /// One y scale for every panel (`.network`) or each its own (`.layer`).
    @Test func panelsShareOneScaleOrKeepTheirOwn() {
        let panels = [panel([1, 2]), panel([10, -3])]
        func yTicks(_ scale: ValueScale) -> [[Double]] {
            let drawing = BarChart.layout(panels, title: "all", style: ChartStyle(width: 900, height: 400), scale: scale, measurer: FixedMeasurer())
            // Each panel's grid lines (one per y tick), by where the panel's plot starts.
            var lines: [Double: [Double]] = [:]
            for mark in drawing.marks {
                if case let .line(points, stroke, _, _) = mark, stroke == Theme.light.grid { lines[points[0].x, default: []].append(points[0].y) }
            }
            return lines.keys.sorted().map { lines[$0]! }
        }
        let shared = yTicks(.network)
        #expect(shared.count == 2 && !shared[0].isEmpty && shared[0] == shared[1])
        let own = yTicks(.layer)
        #expect(own.count == 2 && own[0] != own[1])
    }
}

@Suite struct ChartTextTests {
    let placer = TextPlacer(measurer: FixedMeasurer(), theme: .light)

    @Test func longTextIsShortenedToTheLongestPrefixThatFits() {
        // 0.6 × 10 = 6 units a character: 60 units hold nine characters and the ellipsis.
        #expect(placer.fitted("abcdefghijklmnop", maxWidth: 60, size: 10) == "abcdefghi…")
        #expect(placer.fitted("abcdefghij", maxWidth: 60, size: 10) == "abcdefghij")
        #expect(placer.fitted("abcdefghijk", maxWidth: 3, size: 10) == "")
        let long = String(repeating: "0.123, ", count: 800)
        #expect(placer.fitted(long, maxWidth: 600, size: 10).count == 100)
    }

    @Test func textIsCentredOnItsInk() {
        let text = placer.centered("abcd", x: 100, y: 50, size: 10)
        // 24 units wide, capitals 7 tall: the baseline starts 12 left of x and 3.5 below y.
        #expect(text.origin == ChartPoint(88, 53.5))
        let vertical = placer.vertical("abcd", x: 20, y: 100, size: 10)
        #expect(vertical.origin == ChartPoint(23.5, 112) && vertical.vertical)
    }
}
