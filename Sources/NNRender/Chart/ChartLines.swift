import Foundation

/// One curve over epochs 1, 2, …: `values[i]` belongs to epoch i + 1.
public struct LineSeries: Equatable, Sendable {
    public var name: String
    public var values: [Double]
    public var color: RGB
    public var width: Double
    /// Shown in the legend; raw curves behind a smoothed one are not.
    public var inLegend: Bool
    /// Dash and gap lengths; empty for a solid line.
    public var dash: [Double]

    public init(name: String, values: [Double], color: RGB, width: Double = 2, inLegend: Bool = true, dash: [Double] = []) {
        self.name = name
        self.values = values
        self.color = color
        self.width = width
        self.inLegend = inLegend
        self.dash = dash
    }
}

/// A marked point, such as the best validation epoch.
public struct LineMarker: Equatable, Sendable {
    public var epoch: Int
    public var value: Double
    public var label: String
    public var color: RGB

    public init(epoch: Int, value: Double, label: String, color: RGB) {
        self.epoch = epoch
        self.value = value
        self.label = label
        self.color = color
    }
}

/// One line-chart panel: curves over epochs, an optional marker, a linear or logarithmic y axis.
public struct LinePanel: Equatable, Sendable {
    public var title: String
    public var subtitle: String?
    public var valueTitle: String
    public var series: [LineSeries]
    public var marker: LineMarker?
    public var logarithmic: Bool

    public init(title: String, subtitle: String? = nil, valueTitle: String, series: [LineSeries], marker: LineMarker? = nil,
                logarithmic: Bool = false) {
        precondition(!series.isEmpty && !series[0].values.isEmpty)
        self.title = title
        self.subtitle = subtitle
        self.valueTitle = valueTitle
        self.series = series
        self.marker = marker
        self.logarithmic = logarithmic
    }

    public var epochs: Int { series.map(\.values.count).max() ?? 0 }
}

/// Line charts over training epochs (loss and accuracy curves).
public enum LineChart {
    /// The drawing for `panels`, stacked top to bottom, under `title` and `subtitle` when there are
    /// several, so that every panel has the same height; one panel gets them as its own.
    public static func layout(_ panels: [LinePanel], title: String?, subtitle: String? = nil, style: ChartStyle,
                              measurer: any TextMeasuring) -> ChartDrawing {
        precondition(!panels.isEmpty)
        let placer = TextPlacer(measurer: measurer, theme: style.theme)
        let whole = ChartRect(x: 0, y: 0, width: style.width, height: style.height)
        var drawing = ChartDrawing(width: style.width, height: style.height, background: style.theme.background,
                                   title: title ?? panels[0].title)
        if panels.count == 1 {
            var panel = panels[0]
            if let title { panel.title = title }
            if let subtitle { panel.subtitle = subtitle }
            drawing.marks = layoutPanel(panel, in: whole, titleSize: placer.metrics.titleSize, placer: placer).marks
            return drawing
        }
        let header = PanelFrame.figureHeader(title: title, subtitle: subtitle, width: style.width, placer: placer)
        drawing.marks += header.marks
        let frames = PanelFrame.grid(panels.count, in: whole, headerHeight: header.height, columns: 1)
        for (panel, frame) in zip(panels, frames) {
            drawing.marks += layoutPanel(panel, in: frame, titleSize: placer.metrics.panelTitleSize, placer: placer).marks
        }
        return drawing
    }

    /// The marks of one panel, and the plot's frame (for tests).
    static func layoutPanel(_ panel: LinePanel, in frame: ChartRect, titleSize: Double, placer: TextPlacer) -> PanelFrame {
        let theme = placer.theme
        let values = panel.series.flatMap(\.values).filter { $0.isFinite && (!panel.logarithmic || $0 > 0) }
        let low = values.min() ?? 0
        let high = values.max() ?? 1
        let roughRows = max(2, min(6, Int((frame.height - 120) / 48)))
        // A little room above and below so that no curve runs along an axis, without crossing 0 or 1
        // when the values stay inside them (losses, accuracies).
        let pad = (high - low) * 0.04
        let paddedLow = low >= 0 ? max(low - pad, 0) : low - pad
        let paddedHigh = high <= 1 ? min(high + pad, 1) : high + pad
        let yScale = panel.logarithmic ? NiceScale.logarithmic(low, high)
            : NiceScale.linear(paddedLow, paddedHigh, target: roughRows)
        let epochs = panel.epochs
        // Epochs count from 1: the axis starts there, with a tick for epoch 1 unless a nice tick is close.
        let tickSpacing = max(90, 6 * placer.metrics.tickSize)
        var xScale = NiceScale.linear(1, Double(max(epochs, 2)), target: max(2, min(10, Int(frame.width / tickSpacing))), integers: true)
        let step = xScale.ticks.count > 1 ? xScale.ticks[1].value - xScale.ticks[0].value : 1
        xScale.ticks.removeAll { $0.value < 1 }
        if (xScale.ticks.first?.value ?? 1) - 1 >= step / 2 { xScale.ticks.insert(Tick(value: 1, label: "1"), at: 0) }
        xScale.lower = 1
        // The last epoch label is centred on the plot's right edge: leave room for its right half.
        let lastLabel = xScale.ticks.last?.label ?? ""
        let lastLabelOverhang = max(0, placer.width(lastLabel, size: placer.metrics.tickSize) / 2 - ChartMetrics.padding + 2)
        let legend = panel.series.filter(\.inLegend).map { LegendEntry(label: $0.name, color: $0.color, swatch: .line, dash: $0.dash) }
        let markerLegend = panel.marker.map { [LegendEntry(label: $0.label, color: $0.color, swatch: .ring)] } ?? []
        var result = PanelFrame.layout(in: frame, title: panel.title, titleSize: titleSize, subtitle: panel.subtitle, legend: legend,
                                       leadingLegend: markerLegend,
                                       yTitle: panel.valueTitle, xTitle: "epoch", yScale: yScale, logarithmic: panel.logarithmic,
                                       xLabelHeight: placer.metrics.tickSize, rightMargin: lastLabelOverhang, placer: placer)
        let plot = result.plot
        func x(_ epoch: Double) -> Double { plot.x + xScale.fraction(epoch) * plot.width }
        let labelY = plot.maxY + ChartMetrics.tickGap + placer.metrics.tickSize / 2
        for tick in xScale.ticks {
            result.marks.append(.line([ChartPoint(x(tick.value), plot.maxY), ChartPoint(x(tick.value), plot.maxY + 4)],
                                      stroke: theme.muted, width: 1))
            result.marks.append(.text(placer.centered(tick.label, x: x(tick.value), y: labelY, size: placer.metrics.tickSize,
                                                      color: theme.muted)))
        }
        result.marks.append(.line([ChartPoint(plot.x, plot.maxY), ChartPoint(plot.maxX, plot.maxY)], stroke: theme.muted, width: 1))
        if let marker = panel.marker {
            let point = ChartPoint(x(Double(marker.epoch)), result.y(marker.value))
            result.marks.append(.line([ChartPoint(point.x, plot.y), ChartPoint(point.x, plot.maxY)], stroke: theme.muted, width: 1,
                                      dash: [4, 3]))
        }
        for series in panel.series {
            // A gap in the curve wherever a value cannot be drawn (NaN, or ≤ 0 on a log axis).
            var run: [ChartPoint] = []
            for (index, value) in series.values.enumerated() {
                guard value.isFinite, !panel.logarithmic || value > 0 else {
                    if run.count > 1 { result.marks.append(.line(thinned(run, width: plot.width), stroke: series.color, width: series.width, dash: series.dash)) }
                    run = []
                    continue
                }
                run.append(ChartPoint(x(Double(index + 1)), result.y(value)))
            }
            if run.count > 1 {
                result.marks.append(.line(thinned(run, width: plot.width), stroke: series.color, width: series.width, dash: series.dash))
            } else if let only = run.first {
                result.marks.append(.circle(center: only, radius: series.width + 1, fill: series.color, stroke: series.color))
            }
        }
        if let marker = panel.marker {
            let point = ChartPoint(x(Double(marker.epoch)), result.y(marker.value))
            // The ring on the curve; the legend row says what it marks, so no label can cover a curve.
            result.marks.append(.circle(center: point, radius: 4.5, fill: theme.background, stroke: marker.color))
        }
        return result
    }

    /// The points of a curve that has more than two per unit of the plot's width (a history of
    /// a million epochs): in each unit-wide column only the first, lowest, highest and last points are
    /// kept, in their order, which draws the same line with a few points per column.
    static func thinned(_ points: [ChartPoint], width: Double) -> [ChartPoint] {
        guard Double(points.count) > 2 * width, let origin = points.first?.x else { return points }
        var kept: [ChartPoint] = []
        kept.reserveCapacity(Int(4 * width) + 8)
        var start = 0
        while start < points.count {
            let column = Int(points[start].x - origin)
            var end = start
            var low = start
            var high = start
            while end + 1 < points.count, Int(points[end + 1].x - origin) == column {
                end += 1
                if points[end].y < points[low].y { low = end }
                if points[end].y > points[high].y { high = end }
            }
            for index in Set([start, low, high, end]).sorted() { kept.append(points[index]) }
            start = end + 1
        }
        return kept
    }

    /// The centred moving average over `window` epochs: the mean of the `window` epochs around each
    /// one (for an even window, one more before than after), so that the smoothed curve does not lag
    /// the raw one. Near the first and last epochs the window shrinks evenly to what exists on both
    /// sides, so it stays centred (the first and last values are kept as they are). A window that holds
    /// a value that is not finite gives NaN, a gap in the curve.
    ///
    /// ```
    /// before = window / 2, after = window − 1 − before
    /// s[i] = mean(v[i − before … i + after])            where the whole window exists
    /// s[i] = mean(v[i − k … i + k]), k = min(i, n − 1 − i, (window − 1) / 2)   otherwise
    /// ```
    public static func smoothed(_ values: [Double], window: Int) -> [Double] {
        precondition(window >= 1)
        // Window sums from a segment tree (each node the sum of its own range), so that a huge early
        // loss never cancels the small ones after it as a running sum would; O(n log n) for any window.
        // A window holding a value that is not finite gives one that is not either: a gap in the curve.
        let count = values.count
        var tree = [Double](repeating: 0, count: 2 * count)
        for (index, value) in values.enumerated() { tree[count + index] = value }
        for node in stride(from: count - 1, to: 0, by: -1) { tree[node] = tree[2 * node] + tree[2 * node + 1] }
        func sum(_ first: Int, _ last: Int) -> Double {
            var total = 0.0
            var low = first + count
            var high = last + 1 + count
            while low < high {
                if low % 2 == 1 {
                    total += tree[low]
                    low += 1
                }
                if high % 2 == 1 {
                    high -= 1
                    total += tree[high]
                }
                low /= 2
                high /= 2
            }
            return total
        }
        let before = window / 2
        let after = window - 1 - before
        return values.indices.map { index in
            var first = index - before
            var last = index + after
            if first < 0 || last >= count {
                let k = min(index, count - 1 - index, (window - 1) / 2)
                first = index - k
                last = index + k
            }
            return sum(first, last) / Double(last - first + 1)
        }
    }
}
