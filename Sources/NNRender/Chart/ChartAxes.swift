import Foundation

/// The size of a chart in chart units (1/96 inch) and the theme it is drawn in.
public struct ChartStyle: Equatable, Sendable {
    public var width: Double
    public var height: Double
    public var theme: Theme
    /// Device pixels per chart unit (dpi / 96 for a PNG; 1 for SVG and PDF), for marks laid out on whole pixels.
    public var pixelsPerUnit: Double

    public init(width: Double = 720, height: Double = 440, theme: Theme = .light, pixelsPerUnit: Double = 1) {
        precondition(pixelsPerUnit > 0)
        self.width = width
        self.height = height
        self.theme = theme
        self.pixelsPerUnit = pixelsPerUnit
    }
}

/// An entry of a legend: a colour swatch and what it stands for.
public struct LegendEntry: Equatable, Sendable {
    /// How the entry is drawn.
    public enum Swatch: Equatable, Sendable {
        /// A square, for bars.
        case square
        /// A short line, for curves.
        case line
        /// A ring, for a marked point.
        case ring
    }

    public var label: String
    public var color: RGB
    public var swatch: Swatch
    /// The dash pattern of a line swatch, as its curve's.
    public var dash: [Double]

    public init(label: String, color: RGB, swatch: Swatch, dash: [Double] = []) {
        self.label = label
        self.color = color
        self.swatch = swatch
        self.dash = dash
    }
}

/// Font sizes and spacing shared by every chart: the sizes grow with the theme's font size (the
/// tick labels are that size), the spacing stays.
struct ChartMetrics {
    static let padding: Double = 14
    static let tickGap: Double = 6

    /// The theme's font size over the default.
    var scale: Double

    init(_ theme: Theme) {
        scale = theme.fontSize / Theme.defaultFontSize
    }

    var titleSize: Double { 15 * scale }
    var subtitleSize: Double { 11.5 * scale }
    var panelTitleSize: Double { 13 * scale }
    var tickSize: Double { 11 * scale }
    var axisTitleSize: Double { 12 * scale }
    var valueSize: Double { 10 * scale }
    var legendSize: Double { 11.5 * scale }
}

/// The frame of one panel: its title, legend, axis titles and y axis, and the plot rectangle left for
/// the data. Every chart builds on this.
struct PanelFrame {
    var plot: ChartRect
    var yScale: NiceScale
    var logarithmic: Bool
    var marks: [ChartMark]

    /// The y position of `value`.
    func y(_ value: Double) -> Double {
        let fraction: Double
        if logarithmic {
            let low = log10(yScale.lower)
            let high = log10(yScale.upper)
            fraction = high == low ? 0 : (log10(max(value, yScale.lower)) - low) / (high - low)
        } else {
            fraction = yScale.fraction(value)
        }
        return plot.maxY - fraction * plot.height
    }

    /// Lays out a panel in `frame`: title (bold) and subtitle centred at the top, a legend row (`legend`
    /// at its right end, `leadingLegend` at its left), the y
    /// axis with `yScale`'s ticks and grid lines, and room at the bottom for x tick labels of
    /// `xLabelHeight` and the x-axis title. With `yLabelWidth`, the y axis gets that much room for
    /// labels the caller draws itself, and no ticks.
    static func layout(in frame: ChartRect, title: String?, titleSize: Double, subtitle: String?, legend: [LegendEntry],
                       leadingLegend: [LegendEntry] = [],
                       yTitle: String, xTitle: String, yScale: NiceScale, logarithmic: Bool, xLabelHeight: Double,
                       rightMargin: Double = 0, yLabelWidth: Double? = nil, placer: TextPlacer) -> PanelFrame {
        let theme = placer.theme
        var marks: [ChartMark] = []
        var top = frame.y + ChartMetrics.padding
        let textWidth = frame.width - 2 * ChartMetrics.padding
        if let title, !title.isEmpty {
            let fitted = placer.fitted(title, maxWidth: textWidth, size: titleSize, bold: true)
            marks.append(.text(placer.centered(fitted, x: frame.x + frame.width / 2, y: top + titleSize * 0.4, size: titleSize, bold: true)))
            top += titleSize * 1.45
        }
        if let subtitle, !subtitle.isEmpty {
            let size = placer.metrics.subtitleSize
            let fitted = placer.fitted(subtitle, maxWidth: textWidth, size: size)
            marks.append(.text(placer.centered(fitted, x: frame.x + frame.width / 2, y: top + size * 0.4, size: size, color: theme.muted)))
            top += size * 1.5
        }
        let tickSize = placer.metrics.tickSize
        let axisTitleSize = placer.metrics.axisTitleSize
        let labelWidth = yLabelWidth ?? tickLabelWidth(yScale, placer: placer)
        let (left, right) = horizontalSpan(of: frame, labelWidth: labelWidth, rightMargin: rightMargin, metrics: placer.metrics)

        let legendRowHeight = placer.metrics.legendSize * 1.6
        let legendY = top + placer.metrics.legendSize * 0.4
        let rows = legendRows(leading: leadingLegend, trailing: legend, width: right - left, placer: placer)
        top += Double(rows.count) * legendRowHeight
        top += 6
        let bottom = frame.maxY - ChartMetrics.padding - axisTitleSize * 1.3 - 4 - xLabelHeight - ChartMetrics.tickGap
        let plot = ChartRect(x: left, y: top + tickSize / 2, width: max(right - left, 1), height: max(bottom - top - tickSize / 2, 1))
        assert(abs(plot.height - plotHeight(of: frame, titled: !(title ?? "").isEmpty, titleSize: titleSize,
                                            subtitled: !(subtitle ?? "").isEmpty, legendRows: rows.count,
                                            xLabelHeight: xLabelHeight, metrics: placer.metrics)) < 1e-9)
        let panel = PanelFrame(plot: plot, yScale: yScale, logarithmic: logarithmic, marks: [])

        // Minor ticks (a log axis's 2…9 × 10^k): faint grid lines, and short marks on a y-axis line.
        if yLabelWidth == nil, !yScale.minorTicks.isEmpty {
            for value in yScale.minorTicks {
                let y = panel.y(value)
                marks.append(.line([ChartPoint(plot.x, y), ChartPoint(plot.maxX, y)], stroke: theme.grid.mixed(with: theme.background, 0.4),
                                   width: 1))
                marks.append(.line([ChartPoint(plot.x - 3, y), ChartPoint(plot.x, y)], stroke: theme.muted, width: 1))
            }
            marks.append(.line([ChartPoint(plot.x, plot.y), ChartPoint(plot.x, plot.maxY)], stroke: theme.muted, width: 1))
        }
        let ticks = yLabelWidth == nil ? yScale.ticks : []
        let step = labelledTickStep(ticks.map { panel.y($0.value) }, labelHeight: tickSize)
        // Zero keeps its label when some are left out.
        let kept = ticks.firstIndex { $0.value == 0 }.map { $0 % step } ?? 0
        for (index, tick) in ticks.enumerated() {
            let y = panel.y(tick.value)
            marks.append(.line([ChartPoint(plot.x, y), ChartPoint(plot.maxX, y)], stroke: theme.grid, width: 1))
            if index % step == kept {
                marks.append(.text(placer.trailing(tick.label, x: plot.x - ChartMetrics.tickGap, y: y, size: tickSize)))
            }
        }
        let fittedYTitle = placer.fitted(yTitle, maxWidth: plot.height, size: axisTitleSize)
        marks.append(.text(placer.vertical(fittedYTitle, x: frame.x + ChartMetrics.padding + axisTitleSize * 0.65,
                                           y: plot.y + plot.height / 2, size: axisTitleSize)))
        let fittedXTitle = placer.fitted(xTitle, maxWidth: frame.width - 2 * ChartMetrics.padding, size: axisTitleSize)
        // Centred under the plot, moved left as far as it must be to stay inside the frame.
        let halfTitle = placer.width(fittedXTitle, size: axisTitleSize) / 2
        let titleX = max(frame.x + ChartMetrics.padding + halfTitle,
                         min(plot.x + plot.width / 2, frame.maxX - ChartMetrics.padding - halfTitle))
        marks.append(.text(placer.centered(fittedXTitle, x: titleX,
                                           y: frame.maxY - ChartMetrics.padding - axisTitleSize * 0.5, size: axisTitleSize,
                                           color: theme.muted)))
        for (index, row) in rows.enumerated() {
            let y = legendY + Double(index) * legendRowHeight
            if !row.trailing.isEmpty { marks += legendMarks(row.trailing, right: plot.maxX, centerY: y, placer: placer) }
            if !row.leading.isEmpty { marks += legendMarks(row.leading, left: plot.x, centerY: y, placer: placer) }
        }
        return PanelFrame(plot: plot, yScale: yScale, logarithmic: logarithmic, marks: marks)
    }

    /// Every how many y ticks at `positions` gets its label, so that labels `labelHeight` tall keep a
    /// fifth of their height between them: 1 unless large text meets a short plot.
    static func labelledTickStep(_ positions: [Double], labelHeight: Double) -> Int {
        let gaps = zip(positions, positions.dropFirst()).map { abs($0 - $1) }
        guard let closest = gaps.min() else { return 1 }
        guard closest > 0 else { return positions.count }
        return min(positions.count, max(1, Int((labelHeight * 1.2 / closest).rounded(.up))))
    }

    /// The rows of a legend `width` wide: one row with `leading` at its left and `trailing` at its
    /// right when both fit, else `leading` on a row of its own and `trailing` over as many rows as
    /// it needs (large text in a narrow panel).
    static func legendRows(leading: [LegendEntry], trailing: [LegendEntry], width: Double, placer: TextPlacer)
        -> [(leading: [LegendEntry], trailing: [LegendEntry])] {
        if leading.isEmpty, trailing.isEmpty { return [] }
        let gap = 16 * placer.metrics.scale
        let together = (leading.isEmpty ? 0 : legendWidth(leading, placer: placer) + gap) + legendWidth(trailing, placer: placer)
        if trailing.isEmpty || together <= width { return [(leading, trailing)] }
        var rows: [(leading: [LegendEntry], trailing: [LegendEntry])] = leading.isEmpty ? [] : [(leading, [])]
        var row: [LegendEntry] = []
        for entry in trailing {
            if !row.isEmpty, legendWidth(row + [entry], placer: placer) > width {
                rows.append(([], row))
                row = []
            }
            row.append(entry)
        }
        rows.append(([], row))
        return rows
    }

    /// The height of the plot that `layout` leaves in `frame` with `legendRows` rows of legend, known
    /// before the y scale is chosen.
    static func plotHeight(of frame: ChartRect, titled: Bool, titleSize: Double, subtitled: Bool, legendRows: Int,
                           xLabelHeight: Double, metrics: ChartMetrics) -> Double {
        let above = ChartMetrics.padding + (titled ? titleSize * 1.45 : 0) + (subtitled ? metrics.subtitleSize * 1.5 : 0)
            + Double(legendRows) * metrics.legendSize * 1.6 + 6 + metrics.tickSize / 2
        let below = ChartMetrics.padding + metrics.axisTitleSize * 1.3 + 4 + xLabelHeight + ChartMetrics.tickGap
        return max(frame.height - above - below, 1)
    }

    /// The left and right ends of the plot in a panel `frame` whose y tick labels are `labelWidth` wide:
    /// room for the y-axis title and the labels on the left, padding on the right.
    static func horizontalSpan(of frame: ChartRect, labelWidth: Double, rightMargin: Double = 0,
                               metrics: ChartMetrics) -> (left: Double, right: Double) {
        (frame.x + horizontalChrome(labelWidth: labelWidth, metrics: metrics) - ChartMetrics.padding,
         frame.maxX - ChartMetrics.padding - rightMargin)
    }

    /// The width of the widest y tick label of `scale`.
    static func tickLabelWidth(_ scale: NiceScale, placer: TextPlacer) -> Double {
        scale.ticks.map { placer.width($0.label, size: placer.metrics.tickSize) }.max() ?? 0
    }

    /// How much of a panel's width is not plot: padding, the y-axis title and tick labels `labelWidth` wide.
    static func horizontalChrome(labelWidth: Double, metrics: ChartMetrics) -> Double {
        2 * ChartMetrics.padding + metrics.axisTitleSize * 1.3 + 4 + labelWidth + ChartMetrics.tickGap
    }

    /// The title (bold), subtitle and legend rows of a figure of several panels, centred across its
    /// `width`, and the height of that band, where the panels start.
    static func figureHeader(title: String?, subtitle: String?, legend: [LegendEntry] = [], width: Double,
                             placer: TextPlacer) -> (marks: [ChartMark], height: Double) {
        var marks: [ChartMark] = []
        var header = ChartMetrics.padding
        let maxWidth = width - 2 * ChartMetrics.padding
        if let title {
            let size = placer.metrics.titleSize
            let fitted = placer.fitted(title, maxWidth: maxWidth, size: size, bold: true)
            marks.append(.text(placer.centered(fitted, x: width / 2, y: header + size * 0.4, size: size, bold: true)))
            header += size * 1.45
        }
        if let subtitle {
            let size = placer.metrics.subtitleSize
            let fitted = placer.fitted(subtitle, maxWidth: maxWidth, size: size)
            marks.append(.text(placer.centered(fitted, x: width / 2, y: header + size * 0.4, size: size, color: placer.theme.muted)))
            header += size * 1.5
        }
        // As many rows as the legend needs within the padding (large text), each centred.
        for row in legendRows(leading: [], trailing: legend, width: maxWidth, placer: placer) {
            let left = (width - legendWidth(row.trailing, placer: placer)) / 2
            marks += legendMarks(row.trailing, left: left, centerY: header + placer.metrics.legendSize * 0.4, placer: placer)
            header += placer.metrics.legendSize * 1.6
        }
        return (marks, header - ChartMetrics.padding / 2)
    }

    /// A one-line legend ending at `right`.
    static func legendMarks(_ entries: [LegendEntry], right: Double, centerY: Double, placer: TextPlacer) -> [ChartMark] {
        legendMarks(entries, left: right - legendWidth(entries, placer: placer), centerY: centerY, placer: placer)
    }

    static func legendWidth(_ entries: [LegendEntry], placer: TextPlacer) -> Double {
        let scale = placer.metrics.scale
        return entries.reduce(0) { $0 + 23 * scale + placer.width($1.label, size: placer.metrics.legendSize) }
            + Double(entries.count - 1) * 16 * scale
    }

    /// A one-line legend starting at `left`.
    static func legendMarks(_ entries: [LegendEntry], left: Double, centerY: Double, placer: TextPlacer) -> [ChartMark] {
        let size = placer.metrics.legendSize
        // Swatches and gaps grow with the text; the ring stays the size of the one it explains.
        let scale = placer.metrics.scale
        let swatch = 18 * scale
        let square = 10 * scale
        let widths = entries.map { placer.width($0.label, size: size) }
        var x = left
        var marks: [ChartMark] = []
        for (entry, width) in zip(entries, widths) {
            switch entry.swatch {
            case .line:
                marks.append(.line([ChartPoint(x, centerY), ChartPoint(x + swatch, centerY)], stroke: entry.color, width: 2.5,
                                   dash: entry.dash))
            case .square:
                let rect = ChartRect(x: x + (swatch - square) / 2, y: centerY - square / 2, width: square, height: square)
                marks.append(.rectangle(rect, fill: entry.color))
                if placer.theme.patterns { marks.append(.line(Heatmap.outline(rect), stroke: placer.theme.foreground, width: 1)) }
            case .ring:
                marks.append(.circle(center: ChartPoint(x + swatch / 2, centerY), radius: 4.5, fill: placer.theme.background,
                                     stroke: entry.color))
            }
            x += swatch + 5 * scale
            marks.append(.text(placer.leading(entry.label, x: x, y: centerY, size: size)))
            x += width + 16 * scale
        }
        return marks
    }

    /// The step between labelled categories (1, 2, 5, 10, 20, …) so that labels `labelWidth` wide fit
    /// in slots `slotWidth` wide with a gap between them.
    static func labelStep(slotWidth: Double, labelWidth: Double) -> Int {
        guard slotWidth > 0 else { return 1 }
        var step = 1
        var index = 0
        let sequence = [1, 2, 5]
        while Double(step) * slotWidth < labelWidth + 8 {
            index += 1
            step = sequence[index % 3] * Int(pow(10, Double(index / 3)))
        }
        return step
    }

    /// Splits `frame` into a grid of `count` panels, at most `columns` to a row, below a band of
    /// `headerHeight` for the figure's title.
    static func grid(_ count: Int, in frame: ChartRect, headerHeight: Double, columns: Int) -> [ChartRect] {
        let columns = max(1, min(columns, count))
        let rows = (count + columns - 1) / columns
        let width = frame.width / Double(columns)
        let height = (frame.height - headerHeight) / Double(rows)
        return (0..<count).map { index in
            ChartRect(x: frame.x + Double(index % columns) * width, y: frame.y + headerHeight + Double(index / columns) * height,
                      width: width, height: height)
        }
    }
}
