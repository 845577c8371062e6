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

    /// 1,000 neurons in 400 units: neighbours merge into bars that reach their highest and lowest values.
    @Test func thousandsOfNeuronsMergeIntoBarsThatHideNoExtreme() {
        let values = (0..<1000).map { sin(Double($0) * 0.37) * Double($0 % 11) }
        let (marks, bars) = BarChart.layoutPanel(panel(values), in: ChartRect(x: 0, y: 0, width: 400, height: 300), titleSize: 15,
                                                 placer: placer)
        let positive = marks.compactMap { mark -> ChartRect? in
            if case let .rectangle(rect, fill) = mark, fill == Theme.light.positive { return rect } else { return nil }
        }
        let negative = marks.compactMap { mark -> ChartRect? in
            if case let .rectangle(rect, fill) = mark, fill == Theme.light.negative { return rect } else { return nil }
        }
        // (400 − 28 − 60) / 1000 = 0.312 units a neuron: 5 neurons to a bar, 200 bars.
        let title = marks.compactMap { mark -> String? in if case let .text(t) = mark, t.string.hasPrefix("neuron") { return t.string } else { return nil } }
        #expect(title == ["neuron (each bar: the extremes of 5 neighbours)"])
        var p = positive[...]
        var n = negative[...]
        for bin in 0..<200 {
            let group = bars[bin * 5..<bin * 5 + 5]
            if group.contains(where: { $0.value > 0 }) {
                let rect = p.removeFirst()
                #expect(close(rect.x, group.first!.rect.x) && close(rect.y, group.map(\.rect.y).min()!))
            }
            if group.contains(where: { $0.value < 0 }) {
                let rect = n.removeFirst()
                #expect(close(rect.x, group.first!.rect.x) && close(rect.maxY, group.map(\.rect.maxY).max()!))
            }
        }
        #expect(p.isEmpty && n.isEmpty)
    }

    /// Values go on every bar or on none, whatever the width: a long label hides them all.
    @Test(arguments: [200.0, 300.0, 400.0, 600.0, 900.0])
    func valuesAreOnAllBarsOrNone(width: Double) {
        let (_, bars) = BarChart.layoutPanel(panel([0, 1, 0.123456, -0.5, 0, 2]), in: ChartRect(x: 0, y: 0, width: width, height: 300),
                                             titleSize: 15, placer: placer)
        let labelled = bars.filter { $0.label != nil }.count
        #expect(labelled == 0 || labelled == bars.count)
        // "0.123" needs 0.6 × 10 × 5 + 2 = 32 units: a bar slot narrower than that shows no values.
        let slot = bars[1].rect.x - bars[0].rect.x
        #expect((labelled == bars.count) == (slot >= 32))
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
        // The three panels sit side by side: their bars fall in thirds of the width.
        #expect(bars[0].0.maxX <= 300 && bars[1].0.x >= 300 && bars[2].0.maxX <= 600 && bars[3].0.x >= 600)
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
