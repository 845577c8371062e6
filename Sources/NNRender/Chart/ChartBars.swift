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

/// One column of a bar profile on whole device pixels: the neurons it draws and the highest and
/// lowest of their values (0 when none is above, or below, zero).
struct BarColumn: Equatable {
    var left: Double
    var right: Double
    var neurons: Range<Int>
    var high: Double
    var low: Double
}

/// Bar charts: one panel, or small multiples (one panel per layer) under a shared title.
public enum BarChart {
    /// Neurons given less than this (chart units, all series) get bars that touch, drawn as a profile.
    static let touchingSlot = 4.0
    /// The narrowest panel of a figure of several, in chart units.
    static let minimumPanelWidth = 220.0
    /// The most plot width a neuron gets in a figure of several panels, in chart units.
    static let maximumSlot = 90.0

    /// The y scale of bars with `values` in a panel `height` tall whose plot is `plotHeight` tall: zero
    /// on the axis, and headroom beyond the longest bars (and below the lowest) of at least 12 % of the
    /// range, and at least r = `labelLength` + 4 units for value labels that reach that far along a bar.
    /// The headroom h starts from the range D and the s ends (1 or 2) where bars are, and grows until
    /// the rounded axis leaves r at each end:
    ///
    /// ```
    /// h = max(0.12 · D, r · D / (plotHeight − s · r)),  so that  h · plotHeight / (D + s · h) ≥ r
    /// ```
    static func valueScale(_ values: [Double], height: Double, plotHeight: Double, labelLength: Double = 0) -> NiceScale {
        let finite = values.filter(\.isFinite)
        let low = min(finite.min() ?? 0, 0)
        let high = max(finite.max() ?? 0, 0)
        let range = high - low
        let room = labelLength + 4
        let ends = Double((low < 0 ? 1 : 0) + (high > 0 ? 1 : 0))
        let target = min(max(2, Int((height - 120) / 48)), 6)
        func scale(_ headroom: Double) -> NiceScale {
            NiceScale.linear(low < 0 ? low - headroom : 0, high > 0 ? high + headroom : 0, target: target, includeZero: true)
        }
        // Room for labels only while they leave the bars at least a third of the plot.
        guard labelLength > 0, range > 0, plotHeight - ends * room > plotHeight / 3 else { return scale(range * 0.12) }
        var headroom = max(range * 0.12, room * range / (plotHeight - ends * room))
        var result = scale(headroom)
        // Rounding the axis out to whole steps spreads it thinner: widen until both ends have room.
        for _ in 0..<8 {
            let perUnit = plotHeight / (result.upper - result.lower)
            let short = min(high > 0 ? (result.upper - high) * perUnit : room, low < 0 ? (low - result.lower) * perUnit : room)
            guard short < room - 1e-9 else { break }
            headroom = max(headroom * 1.25, room / perUnit)
            result = scale(headroom)
        }
        return result
    }

    /// How far the value labels of `panel` reach along its bars when its plot is `plotWidth` wide: the
    /// height of the text when they go across the bars, its width when they must be turned, 0 when
    /// they cannot be shown (see `valueLabels`).
    static func valueLabelLength(_ panel: BarPanel, plotWidth: Double, placer: TextPlacer) -> Double {
        let slot = plotWidth / Double(max(panel.categories.count, 1))
        guard slot >= touchingSlot else { return 0 }
        let barWidth = slot * 0.8 / Double(panel.series.count)
        let room = barWidth + (panel.series.count == 1 ? slot * 0.2 : 0)
        let texts = panel.series.flatMap(\.values).map { placer.measurer.measure(chartNumber($0), size: placer.metrics.valueSize, bold: false) }
        if texts.allSatisfy({ $0.width + 2 <= room }) { return texts.map(\.capHeight).max() ?? 0 }
        if texts.allSatisfy({ $0.capHeight + 2 <= barWidth }) { return texts.map(\.width).max() ?? 0 }
        return 0
    }

    /// The widths of panels side by side in `total` chart units: each panel's `chrome` (what is not plot)
    /// plus plot width in proportion to its `neurons`, at most `maximumSlot` a neuron, and no panel
    /// narrower than `minimum` (when the panels cannot all have that, they share `total` equally).
    static func panelWidths(neurons: [Int], chrome: [Double], total: Double, minimum: Double = minimumPanelWidth,
                            maximumSlot: Double = maximumSlot) -> [Double] {
        precondition(neurons.count == chrome.count && neurons.allSatisfy { $0 > 0 })
        guard Double(neurons.count) * minimum < total else { return neurons.map { _ in total / Double(neurons.count) } }
        var fixed = [Bool](repeating: false, count: neurons.count)
        while true {
            let free = neurons.indices.filter { !fixed[$0] }
            guard !free.isEmpty else { return neurons.map { _ in minimum } }
            let available = total - Double(neurons.count - free.count) * minimum - free.reduce(0) { $0 + chrome[$1] }
            let perNeuron = min(maximumSlot, max(available, 0) / Double(free.reduce(0) { $0 + neurons[$1] }))
            let narrow = free.filter { chrome[$0] + Double(neurons[$0]) * perNeuron < minimum }
            if narrow.isEmpty {
                return neurons.indices.map { fixed[$0] ? minimum : chrome[$0] + Double(neurons[$0]) * perNeuron }
            }
            for index in narrow { fixed[index] = true }
        }
    }

    /// The columns that draw series `series` (of `seriesCount`, side by side) of `values` between
    /// `left` and `right`, with every edge on a device pixel (`pixelsPerUnit` to a chart unit). While a
    /// bar is at least a pixel wide, each neuron gets its own column, its edges rounded to pixels; when
    /// bars would be narrower, the neurons are shared out evenly over columns one pixel wide (neuron c of
    /// n in column ⌊c · columns / n⌋), each drawn to the highest and the lowest value among its neurons,
    /// so that no extreme is hidden and nothing falls between pixels.
    static func columns(_ values: [Double], series: Int, of seriesCount: Int, left: Double, right: Double,
                        pixelsPerUnit: Double) -> [BarColumn] {
        let count = values.count
        guard count > 0 else { return [] }
        let first = (left * pixelsPerUnit).rounded()
        let pixels = (right * pixelsPerUnit).rounded() - first
        let perNeuron = pixels / Double(count)
        func column(_ neurons: Range<Int>, from x0: Double, to x1: Double) -> BarColumn {
            let finite = values[neurons].filter(\.isFinite)
            return BarColumn(left: x0 / pixelsPerUnit, right: x1 / pixelsPerUnit, neurons: neurons,
                             high: max(finite.max() ?? 0, 0), low: min(finite.min() ?? 0, 0))
        }
        if perNeuron >= Double(seriesCount) {
            return (0..<count).map { c in
                let offset = Double(c) * perNeuron
                return column(c..<c + 1, from: (first + offset + Double(series) * perNeuron / Double(seriesCount)).rounded(),
                              to: (first + offset + Double(series + 1) * perNeuron / Double(seriesCount)).rounded())
            }
        }
        let groups = max(1, Int(pixels) / seriesCount)
        var result: [BarColumn] = []
        var start = 0
        for group in 0..<groups {
            // The first neuron of the next group: ⌈(group + 1) · n / groups⌉.
            let end = ((group + 1) * count + groups - 1) / groups
            let x = first + Double(group * seriesCount + series)
            result.append(column(start..<end, from: x, to: x + 1))
            start = end
        }
        return result
    }

    /// The outline of `columns` above zero (`positive`) or below it, as one polygon whose corners lie on
    /// device pixels, so that neighbouring columns join without seams in any format; empty when no
    /// column reaches that side.
    static func profile(_ columns: [BarColumn], positive: Bool, zero: Double, y: (Double) -> Double, pixelsPerUnit: Double) -> [ChartPoint] {
        func snap(_ value: Double) -> Double { (value * pixelsPerUnit).rounded() / pixelsPerUnit }
        let base = snap(zero)
        guard columns.contains(where: { (positive ? $0.high : $0.low) != 0 }) else { return [] }
        var points: [ChartPoint] = []
        var lastRight: Double?
        for column in columns {
            let value = positive ? column.high : column.low
            // A column with nothing on this side is a gap, like the space between series.
            guard value != 0 else { continue }
            let end = snap(y(value))
            if lastRight != column.left {
                if let lastRight { points.append(ChartPoint(lastRight, base)) }
                points.append(ChartPoint(column.left, base))
            }
            // A column as high as the one before it only moves the corner along.
            if points.count >= 2, points[points.count - 1].y == end, points[points.count - 2].y == end {
                points[points.count - 1].x = column.right
            } else {
                points.append(ChartPoint(column.left, end))
                points.append(ChartPoint(column.right, end))
            }
            lastRight = column.right
        }
        if let lastRight { points.append(ChartPoint(lastRight, base)) }
        return points
    }

    /// The drawing for `panels`: a single panel fills the chart; several are laid out in rows of up to
    /// `columns` below `title`, `subtitle` and `legend` (one for the whole figure), each panel as wide as
    /// its neurons ask (`panelWidths`), and all on one y scale when `scale` is `.network`. Without a
    /// `legend`, a panel of several series shows their names.
    public static func layout(_ panels: [BarPanel], title: String?, subtitle: String? = nil, legend: [LegendEntry]? = nil,
                              style: ChartStyle, columns: Int = 3, scale: ValueScale = .layer,
                              measurer: any TextMeasuring) -> ChartDrawing {
        precondition(!panels.isEmpty && columns >= 1)
        let placer = TextPlacer(measurer: measurer, theme: style.theme)
        let whole = ChartRect(x: 0, y: 0, width: style.width, height: style.height)
        var drawing = ChartDrawing(width: style.width, height: style.height, background: style.theme.background,
                                   title: title ?? panels[0].title)
        if panels.count == 1 {
            var panel = panels[0]
            if let title { panel.title = title }
            if let subtitle { panel.subtitle = subtitle }
            drawing.marks = layoutPanel(panel, in: whole, titleSize: placer.metrics.titleSize, placer: placer, legend: legend,
                                        pixelsPerUnit: style.pixelsPerUnit).marks
            return drawing
        }
        let header = PanelFrame.figureHeader(title: title, subtitle: subtitle, legend: legend ?? [], width: style.width, placer: placer)
        drawing.marks += header.marks
        let rows = stride(from: 0, to: panels.count, by: columns).map { Array(panels[$0..<min($0 + columns, panels.count)]) }
        let rowHeight = (style.height - header.height) / Double(rows.count)
        let plotHeight = PanelFrame.plotHeight(of: ChartRect(x: 0, y: 0, width: style.width, height: rowHeight), titled: true,
                                               titleSize: placer.metrics.panelTitleSize, subtitled: false, legendRows: 0,
                                               xLabelHeight: placer.metrics.tickSize, metrics: placer.metrics)
        // Widths by neurons, given each panel's y scale (its tick labels take room on the left), and
        // the plot widths inside them.
        func widths(_ row: [BarPanel], _ scales: [NiceScale]) -> (panels: [Double], plots: [Double]) {
            let chrome = scales.map {
                PanelFrame.horizontalChrome(labelWidth: PanelFrame.tickLabelWidth($0, placer: placer), metrics: placer.metrics)
            }
            let panels = panelWidths(neurons: row.map(\.categories.count), chrome: chrome, total: style.width)
            return (panels, zip(panels, chrome).map { $0 - $1 })
        }
        // First without room for value labels, to learn how wide each panel is and so how its labels go;
        // then with room for the longest of them.
        func scales(labelLengths: [[Double]]) -> [[NiceScale]] {
            let shared = valueScale(panels.flatMap { $0.series.flatMap(\.values) }, height: rowHeight, plotHeight: plotHeight,
                                    labelLength: labelLengths.joined().max() ?? 0)
            return zip(rows, labelLengths).map { row, lengths in
                zip(row, lengths).map { panel, length in
                    scale == .network ? shared
                        : valueScale(panel.series.flatMap(\.values), height: rowHeight, plotHeight: plotHeight, labelLength: length)
                }
            }
        }
        let first = scales(labelLengths: rows.map { $0.map { _ in 0 } })
        let lengths = zip(rows, first).map { row, rowScales in
            zip(row, widths(row, rowScales).plots).map { panel, plotWidth in valueLabelLength(panel, plotWidth: plotWidth, placer: placer) }
        }
        let final = scales(labelLengths: lengths)
        for (r, row) in rows.enumerated() {
            let rowWidths = widths(row, final[r]).panels
            var x = 0.0
            for (index, panel) in row.enumerated() {
                let frame = ChartRect(x: x, y: header.height + Double(r) * rowHeight, width: rowWidths[index], height: rowHeight)
                drawing.marks += layoutPanel(panel, in: frame, titleSize: placer.metrics.panelTitleSize, placer: placer, yScale: final[r][index],
                                             legend: [], pixelsPerUnit: style.pixelsPerUnit).marks
                x += rowWidths[index]
            }
        }
        return drawing
    }

    /// A bar (`rect`) or a profile of touching bars (`outline`, closed) in `fill`; below zero, outlined
    /// too when the theme marks signs by more than colour (print).
    static func barMarks(_ outline: [ChartPoint], fill: RGB, negative: Bool, theme: Theme, rect: ChartRect? = nil) -> [ChartMark] {
        let shape: ChartMark = rect.map { .rectangle($0, fill: fill) } ?? .polygon(outline, fill: fill)
        guard negative, theme.patterns else { return [shape] }
        let closed = outline.first == outline.last ? outline : outline + outline.prefix(1)
        return [shape, .line(closed, stroke: theme.foreground, width: 1)]
    }

    /// How the values are written on a panel's bars: not at all, across the bars, or turned a quarter
    /// (reading upwards) when they are too wide to go across but a bar is wide enough for them turned.
    enum ValueLabels: Equatable {
        case none, across, turned
    }

    /// The marks of one panel in `frame`, and its bars (for tests and for counting): on `yScale` (by
    /// default the panel's own), with `legend` in its legend row (by default the series' names when there
    /// are several).
    static func layoutPanel(_ panel: BarPanel, in frame: ChartRect, titleSize: Double, placer: TextPlacer, yScale: NiceScale? = nil,
                            legend: [LegendEntry]? = nil, pixelsPerUnit: Double = 1) -> (marks: [ChartMark], bars: [PlacedBar]) {
        let theme = placer.theme
        let legend = legend ?? (panel.series.count > 1 ? panel.series.map { LegendEntry(label: $0.name, color: $0.positive, swatch: .square) } : [])
        let yScale = yScale ?? {
            // The panel's own scale, with room for its value labels once the plot's width says how they go.
            let values = panel.series.flatMap(\.values)
            // The legend's rows as wide as the plot can be (large text may need more than one).
            let legendRows = PanelFrame.legendRows(leading: [], trailing: legend,
                                                   width: frame.width - PanelFrame.horizontalChrome(labelWidth: 0, metrics: placer.metrics),
                                                   placer: placer).count
            let plotHeight = PanelFrame.plotHeight(of: frame, titled: !panel.title.isEmpty, titleSize: titleSize,
                                                   subtitled: !(panel.subtitle ?? "").isEmpty, legendRows: legendRows,
                                                   xLabelHeight: placer.metrics.tickSize, metrics: placer.metrics)
            let plain = valueScale(values, height: frame.height, plotHeight: plotHeight)
            let span = PanelFrame.horizontalSpan(of: frame, labelWidth: PanelFrame.tickLabelWidth(plain, placer: placer),
                                                 metrics: placer.metrics)
            let length = valueLabelLength(panel, plotWidth: span.right - span.left, placer: placer)
            return valueScale(values, height: frame.height, plotHeight: plotHeight, labelLength: length)
        }()
        let count = panel.categories.count
        let seriesCount = panel.series.count
        // Where the plot will be, to know before laying out the frame whether neurons share pixels.
        let span = PanelFrame.horizontalSpan(of: frame, labelWidth: PanelFrame.tickLabelWidth(yScale, placer: placer),
                                             metrics: placer.metrics)
        let slot = max(span.right - span.left, 1) / Double(max(count, 1))
        let touching = slot < touchingSlot
        let profiles = touching ? panel.series.indices.map {
            columns(panel.series[$0].values, series: $0, of: seriesCount, left: span.left, right: span.right, pixelsPerUnit: pixelsPerUnit)
        } : []
        let perColumn = Set(profiles.first?.map(\.neurons.count) ?? [1])
        var xTitle = panel.categoryTitle
        if let most = perColumn.max(), most > 1 {
            let fewest = perColumn.min()!
            xTitle += " (\(fewest == most ? "\(most)" : "\(fewest)–\(most)") per pixel column, drawn to their extremes)"
        }
        var result = PanelFrame.layout(in: frame, title: panel.title, titleSize: titleSize, subtitle: panel.subtitle, legend: legend,
                                       yTitle: panel.valueTitle, xTitle: xTitle, yScale: yScale, logarithmic: false,
                                       xLabelHeight: placer.metrics.tickSize, placer: placer)
        let plot = result.plot
        let group = touching ? slot : slot * 0.8
        let barWidth = group / Double(seriesCount)
        let zeroY = result.y(0)
        var bars: [PlacedBar] = []
        for (s, series) in panel.series.enumerated() {
            for (c, value) in series.values.enumerated() {
                let x = plot.x + Double(c) * slot + (slot - group) / 2 + Double(s) * barWidth
                let end = result.y(value.isFinite ? value : 0)
                bars.append(PlacedBar(series: s, category: c, value: value,
                                      rect: ChartRect(x: x, y: min(zeroY, end), width: barWidth, height: abs(end - zeroY)), label: nil))
            }
        }
        if touching {
            for (s, series) in panel.series.enumerated() {
                for (positive, fill) in [(true, series.positive), (false, series.negative)] {
                    let outline = profile(profiles[s], positive: positive, zero: zeroY, y: result.y, pixelsPerUnit: pixelsPerUnit)
                    if !outline.isEmpty { result.marks += barMarks(outline, fill: fill, negative: !positive, theme: theme) }
                }
            }
        } else {
            for bar in bars {
                let series = panel.series[bar.series]
                result.marks += barMarks(Heatmap.outline(bar.rect), fill: bar.value < 0 ? series.negative : series.positive,
                                     negative: bar.value < 0, theme: theme, rect: bar.rect)
            }
        }
        result.marks.append(.line([ChartPoint(plot.x, zeroY), ChartPoint(plot.maxX, zeroY)], stroke: theme.muted, width: 1))
        if !touching {
            // Across the bar: room for the bar and, with one series, the gap beside it.
            let room = barWidth + (seriesCount == 1 ? slot - group : 0)
            placeValues(&bars, room: room, plot: plot, panel: panel, placer: placer)
            result.marks += bars.compactMap { $0.label.map(ChartMark.text) }
        }
        // Category labels, thinned out so that they never overlap.
        let widest = panel.categories.map { placer.width($0, size: placer.metrics.tickSize) }.max() ?? 0
        let step = PanelFrame.labelStep(slotWidth: slot, labelWidth: widest)
        let labelY = plot.maxY + ChartMetrics.tickGap + placer.metrics.tickSize / 2
        // Neurons count from 1, so thinned labels fall on multiples of the step: 5, 10, 15, ….
        for c in 0..<count where step == 1 || (c + 1) % step == 0 {
            let x = plot.x + (Double(c) + 0.5) * slot
            if step > 1 { result.marks.append(.line([ChartPoint(x, plot.maxY), ChartPoint(x, plot.maxY + 3)], stroke: theme.muted, width: 1)) }
            result.marks.append(.text(placer.centered(panel.categories[c], x: x, y: labelY, size: placer.metrics.tickSize, color: theme.muted)))
        }
        return (result.marks, bars)
    }

    /// Which way the values go on `bars` (`ValueLabels`): across when every one fits in `room`; turned
    /// when every bar is wider than the text is tall and every label fits beyond its bar's end or inside
    /// the bar; otherwise none, so that a panel never labels some bars and not others.
    static func valueLabels(_ bars: [PlacedBar], room: Double, plot: ChartRect, placer: TextPlacer) -> ValueLabels {
        let size = placer.metrics.valueSize
        let texts = bars.map { placer.measurer.measure(chartNumber($0.value), size: size, bold: false) }
        if texts.allSatisfy({ $0.width + 2 <= room }) { return .across }
        let turned = zip(bars, texts).allSatisfy { bar, text in
            guard text.capHeight + 2 <= bar.rect.width else { return false }
            let negative = bar.value < 0
            let end = negative ? bar.rect.maxY : bar.rect.y
            let beyond = negative ? end + 4 + text.width <= plot.maxY : end - 4 - text.width >= plot.y
            return beyond || bar.rect.height >= text.width + 8
        }
        return turned ? .turned : .none
    }

    /// Puts each bar's value beyond the end of the bar, or inside its end (in a colour readable on the
    /// bar) where it would leave the plot.
    static func placeValues(_ bars: inout [PlacedBar], room: Double, plot: ChartRect, panel: BarPanel, placer: TextPlacer) {
        let mode = valueLabels(bars, room: room, plot: plot, placer: placer)
        guard mode != .none else { return }
        let theme = placer.theme
        let size = placer.metrics.valueSize
        for index in bars.indices {
            let bar = bars[index]
            let text = chartNumber(bar.value)
            let metrics = placer.measurer.measure(text, size: size, bold: false)
            // How far the label reaches along the bar: its height across, its width turned.
            let length = mode == .across ? metrics.capHeight : metrics.width
            let negative = bar.value < 0
            let end = negative ? bar.rect.maxY : bar.rect.y
            var center = negative ? end + 4 + length / 2 : end - 4 - length / 2
            let series = panel.series[bar.series]
            var color = theme.foreground
            if center - length / 2 < plot.y || center + length / 2 > plot.maxY {
                center = negative ? end - 4 - length / 2 : end + 4 + length / 2
                color = theme.textColor(on: negative ? series.negative : series.positive)
            }
            // Across, a label wider than its bar stays inside the plot, clear of the tick labels beside it.
            var x = bar.rect.x + bar.rect.width / 2
            if mode == .across, metrics.width <= plot.width {
                x = max(plot.x + metrics.width / 2, min(x, plot.maxX - metrics.width / 2))
            }
            bars[index].label = mode == .across ? placer.centered(text, x: x, y: center, size: size, color: color)
                : placer.vertical(text, x: x, y: center, size: size, color: color)
        }
    }
}
