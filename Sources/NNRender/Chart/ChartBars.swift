/// One series of bars: a value per category, drawn in `positive` above zero and `negative` below.
public struct BarSeries: Equatable, Sendable {
    public var name: String
    public var values: [Double]
    public var positive: RGB
    public var negative: RGB

    public init(name: String, values: [Double], positive: RGB, negative: RGB) {
        self.name = name
        self.values = values
        self.positive = positive
        self.negative = negative
    }
}

/// One bar-chart panel: a bar per category for each series, side by side when there are several.
public struct BarPanel: Equatable, Sendable {
    public var title: String
    public var subtitle: String?
    public var categoryTitle: String
    public var valueTitle: String
    public var categories: [String]
    public var series: [BarSeries]

    public init(title: String, subtitle: String? = nil, categoryTitle: String, valueTitle: String, categories: [String],
                series: [BarSeries]) {
        precondition(!series.isEmpty && series.allSatisfy { $0.values.count == categories.count })
        self.title = title
        self.subtitle = subtitle
        self.categoryTitle = categoryTitle
        self.valueTitle = valueTitle
        self.categories = categories
        self.series = series
    }
}

/// One laid-out bar: which series and category it shows, its rectangle and its value label if any.
public struct PlacedBar: Equatable, Sendable {
    public var series: Int
    public var category: Int
    public var value: Double
    public var rect: ChartRect
    public var label: ChartText?
}

/// Bar charts: one panel, or small multiples (one panel per layer) under a shared title.
public enum BarChart {
    /// The narrowest bar drawn for a single neuron, in chart units.
    static let minimumBarWidth = 1.5

    /// One bar per `perBar` neighbouring neurons of each series, from the lowest negative value to the
    /// highest positive one among them, so that no value is hidden however many neurons there are.
    static func mergedBars(_ panel: BarPanel, perBar: Int, slot: Double, plot: ChartRect, frame: PanelFrame) -> [ChartMark] {
        var marks: [ChartMark] = []
        let width = slot * Double(perBar) / Double(panel.series.count)
        for (s, series) in panel.series.enumerated() {
            for start in stride(from: 0, to: series.values.count, by: perBar) {
                let values = series.values[start..<min(start + perBar, series.values.count)].filter(\.isFinite)
                let x = plot.x + Double(start) * slot + Double(s) * width
                let barWidth = min(width, plot.maxX - x)
                let highest = values.max() ?? 0
                let lowest = values.min() ?? 0
                if highest > 0 {
                    marks.append(.rectangle(ChartRect(x: x, y: frame.y(highest), width: barWidth, height: frame.y(0) - frame.y(highest)),
                                            fill: series.positive))
                }
                if lowest < 0 {
                    marks.append(.rectangle(ChartRect(x: x, y: frame.y(0), width: barWidth, height: frame.y(lowest) - frame.y(0)),
                                            fill: series.negative))
                }
            }
        }
        return marks
    }

    /// The drawing for `panels`: a single panel fills the chart; several are laid out in a grid of up to
    /// `columns` per row below `title`.
    public static func layout(_ panels: [BarPanel], title: String?, subtitle: String? = nil, style: ChartStyle,
                              columns: Int = 3, measurer: any TextMeasuring) -> ChartDrawing {
        precondition(!panels.isEmpty)
        let placer = TextPlacer(measurer: measurer, theme: style.theme)
        let whole = ChartRect(x: 0, y: 0, width: style.width, height: style.height)
        var drawing = ChartDrawing(width: style.width, height: style.height, background: style.theme.background,
                                   title: title ?? panels[0].title)
        if panels.count == 1 {
            var panel = panels[0]
            if let title { panel.title = title }
            if let subtitle { panel.subtitle = subtitle }
            let (marks, _) = layoutPanel(panel, in: whole, titleSize: ChartMetrics.titleSize, placer: placer)
            drawing.marks = marks
            return drawing
        }
        let header = PanelFrame.figureHeader(title: title, subtitle: subtitle, width: style.width, placer: placer)
        drawing.marks += header.marks
        let frames = PanelFrame.grid(panels.count, in: whole, headerHeight: header.height, columns: columns)
        for (panel, frame) in zip(panels, frames) {
            drawing.marks += layoutPanel(panel, in: frame, titleSize: ChartMetrics.panelTitleSize, placer: placer).marks
        }
        return drawing
    }

    /// The marks of one panel in `frame`, and its bars (for tests and for counting).
    static func layoutPanel(_ panel: BarPanel, in frame: ChartRect, titleSize: Double, placer: TextPlacer)
        -> (marks: [ChartMark], bars: [PlacedBar]) {
        let theme = placer.theme
        let all = panel.series.flatMap(\.values).filter(\.isFinite)
        let low = all.min() ?? 0
        let high = all.max() ?? 0
        let roughRows = max(2, Int((frame.height - 120) / 48))
        // Headroom for the value labels above (and below) the longest bars.
        let headroom = (high - low) * 0.12
        let yScale = NiceScale.linear(low < 0 ? low - headroom : 0, high > 0 ? high + headroom : 0, target: min(roughRows, 6),
                                      includeZero: true)
        let legend = panel.series.count > 1 ? panel.series.map { LegendEntry(label: $0.name, color: $0.positive, swatch: .square) } : []
        // Bars under 1.5 units wide would fade to hairlines: neighbours are then merged into one bar
        // per `perBar` neurons that reaches their highest and lowest values, and the axis says so.
        let count = panel.categories.count
        let estimatedBar = (frame.width - 2 * ChartMetrics.padding - 60) / Double(max(count, 1)) / Double(panel.series.count)
        let perBar = estimatedBar < minimumBarWidth ? max(2, Int((minimumBarWidth / estimatedBar).rounded(.up))) : 1
        let xTitle = perBar > 1 ? "\(panel.categoryTitle) (each bar: the extremes of \(perBar) neighbours)" : panel.categoryTitle
        var result = PanelFrame.layout(in: frame, title: panel.title, titleSize: titleSize, subtitle: panel.subtitle, legend: legend,
                                       yTitle: panel.valueTitle, xTitle: xTitle, yScale: yScale, logarithmic: false,
                                       xLabelHeight: ChartMetrics.tickSize, placer: placer)
        let plot = result.plot
        let slot = plot.width / Double(max(count, 1))
        let group = slot >= 4 ? slot * 0.8 : slot
        let barWidth = group / Double(panel.series.count)
        let zeroY = result.y(0)
        // Values go on the bars only when every one of them fits its bar, so that a panel never labels
        // some bars and not others.
        let room = barWidth + (panel.series.count == 1 ? slot - group : 0)
        let showValues = panel.series.allSatisfy { series in
            series.values.allSatisfy { placer.width(chartNumber($0), size: ChartMetrics.valueSize) + 2 <= room }
        }
        var bars: [PlacedBar] = []
        var labels: [ChartMark] = []
        for (s, series) in panel.series.enumerated() {
            for (c, value) in series.values.enumerated() {
                let x = plot.x + Double(c) * slot + (slot - group) / 2 + Double(s) * barWidth
                let v = value.isFinite ? value : 0
                let end = result.y(v)
                let rect = ChartRect(x: x, y: min(zeroY, end), width: barWidth, height: abs(end - zeroY))
                let fill = v < 0 ? series.negative : series.positive
                if perBar == 1 { result.marks.append(.rectangle(rect, fill: fill)) }
                var label: ChartText?
                let text = chartNumber(value)
                let size = ChartMetrics.valueSize
                if showValues {
                    let metrics = placer.measurer.measure(text, size: size, bold: false)
                    var centerY = v < 0 ? end + 4 + metrics.capHeight / 2 : end - 4 - metrics.capHeight / 2
                    var color = theme.foreground
                    // A label that would leave the plot goes inside the end of its bar.
                    if centerY - metrics.capHeight / 2 < plot.y || centerY + metrics.capHeight / 2 > plot.maxY {
                        centerY = v < 0 ? end - 4 - metrics.capHeight / 2 : end + 4 + metrics.capHeight / 2
                        color = theme.textColor(on: fill)
                    }
                    label = placer.centered(text, x: x + barWidth / 2, y: centerY, size: size, color: color)
                    labels.append(.text(label!))
                }
                bars.append(PlacedBar(series: s, category: c, value: value, rect: rect, label: label))
            }
        }
        if perBar > 1 {
            result.marks += mergedBars(panel, perBar: perBar, slot: slot, plot: plot, frame: result)
        }
        result.marks.append(.line([ChartPoint(plot.x, zeroY), ChartPoint(plot.maxX, zeroY)], stroke: theme.muted, width: 1))
        result.marks += labels
        // Category labels, thinned out so that they never overlap.
        let widest = panel.categories.map { placer.width($0, size: ChartMetrics.tickSize) }.max() ?? 0
        let step = PanelFrame.labelStep(slotWidth: slot, labelWidth: widest)
        let labelY = plot.maxY + ChartMetrics.tickGap + ChartMetrics.tickSize / 2
        // Neurons count from 1, so thinned labels fall on multiples of the step: 5, 10, 15, ….
        for c in 0..<count where step == 1 || (c + 1) % step == 0 {
            let x = plot.x + (Double(c) + 0.5) * slot
            if step > 1 { result.marks.append(.line([ChartPoint(x, plot.maxY), ChartPoint(x, plot.maxY + 3)], stroke: theme.muted, width: 1)) }
            result.marks.append(.text(placer.centered(panel.categories[c], x: x, y: labelY, size: ChartMetrics.tickSize, color: theme.muted)))
        }
        return (result.marks, bars)
    }
}
