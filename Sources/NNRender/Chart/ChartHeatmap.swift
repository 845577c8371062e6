import Foundation

/// A matrix to draw as a heatmap: `values[row * columns + column]`, with an optional extra column
/// (the bias) drawn apart on the right.
public struct HeatmapData: Equatable, Sendable {
    public var title: String
    public var subtitle: String?
    public var rowTitle: String
    public var columnTitle: String
    public var rowLabels: [String]
    public var columnLabels: [String]
    public var values: [Double]
    public var extraColumn: (label: String, values: [Double])?

    public init(title: String, subtitle: String? = nil, rowTitle: String, columnTitle: String, rowLabels: [String],
                columnLabels: [String], values: [Double], extraColumn: (label: String, values: [Double])? = nil) {
        precondition(values.count == rowLabels.count * columnLabels.count)
        precondition(extraColumn.map { $0.values.count == rowLabels.count } ?? true)
        self.title = title
        self.subtitle = subtitle
        self.rowTitle = rowTitle
        self.columnTitle = columnTitle
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.values = values
        self.extraColumn = extraColumn
    }

    public static func == (lhs: HeatmapData, rhs: HeatmapData) -> Bool {
        lhs.title == rhs.title && lhs.subtitle == rhs.subtitle && lhs.rowTitle == rhs.rowTitle && lhs.columnTitle == rhs.columnTitle
            && lhs.rowLabels == rhs.rowLabels && lhs.columnLabels == rhs.columnLabels && lhs.values == rhs.values
            && lhs.extraColumn?.label == rhs.extraColumn?.label && lhs.extraColumn?.values == rhs.extraColumn?.values
    }

    public var rows: Int { rowLabels.count }
    public var columns: Int { columnLabels.count }

    /// The largest magnitude of any value: the ends of the colour scale are ±this.
    public var limit: Double {
        let all = values + (extraColumn?.values ?? [])
        return all.filter(\.isFinite).map(abs).max() ?? 0
    }
}

/// Heatmaps on the diverging scale shared with the neuron diagrams, with a colour bar.
public enum Heatmap {
    /// Above this many cells (or with cells under 4 units a side) the matrix is drawn as one raster image
    /// rather than cell by cell, which is faster and leaves no seams between cells.
    public static let rasterThreshold = 10_000
    static let gap: Double = 8
    static let colorBarWidth: Double = 22
    static let minimumExtraWidth: Double = 14

    /// Where the cells went, for tests: the cell area, the extra column's area and the colour bar.
    public struct Frames: Equatable, Sendable {
        public var cells: ChartRect
        public var extra: ChartRect?
        public var colorBar: ChartRect
    }

    /// The drawing of `data`: cells, the extra column, row and column labels, and the colour bar.
    public static func layout(_ data: HeatmapData, title: String? = nil, style: ChartStyle, measurer: any TextMeasuring) -> ChartDrawing {
        layoutWithFrames(data, title: title, style: style, measurer: measurer).drawing
    }

    /// `layout`, and where its cells, extra column and colour bar went.
    public static func layoutWithFrames(_ data: HeatmapData, title: String?, style: ChartStyle, measurer: any TextMeasuring)
        -> (drawing: ChartDrawing, frames: Frames) {
        let theme = style.theme
        let placer = TextPlacer(measurer: measurer, theme: theme)
        let limit = data.limit
        let decimals = valueDecimals(limit)
        let tickSize = placer.metrics.tickSize
        let barScale = NiceScale.linear(-limit, limit, target: 4)
        let barTicks = barScale.ticks.filter { abs($0.value) <= limit * (1 + 1e-9) }
        let barLabelWidth = barTicks.map { placer.width($0.label, size: tickSize) }.max() ?? 0
        let rightMargin = colorBarWidth + 24 + ChartMetrics.tickGap + barLabelWidth
        // Column labels: horizontal if they fit their columns, else turned upright.
        let columnCount = data.columns + (data.extraColumn == nil ? 0 : 1)
        let allColumnLabels = data.columnLabels + (data.extraColumn.map { [$0.label] } ?? [])
        let widestColumn = allColumnLabels.map { placer.width($0, size: tickSize) }.max() ?? 0
        let roughCell = (style.width - 140 - rightMargin) / Double(max(columnCount, 1))
        let upright = widestColumn + 6 > roughCell && roughCell >= tickSize + 2
        let columnLabelHeight = upright ? min(widestColumn, 110) : tickSize
        let widestRow = data.rowLabels.map { placer.width($0, size: tickSize) }.max() ?? 0
        let rowScale = NiceScale(lower: 0, upper: 1, ticks: [])
        let frame = PanelFrame.layout(in: ChartRect(x: 0, y: 0, width: style.width, height: style.height), title: title ?? data.title,
                                      titleSize: placer.metrics.titleSize, subtitle: data.subtitle, legend: [], yTitle: data.rowTitle,
                                      xTitle: data.columnTitle, yScale: rowScale, logarithmic: false,
                                      xLabelHeight: columnLabelHeight, rightMargin: rightMargin, yLabelWidth: widestRow,
                                      placer: placer)
        let plot = frame.plot
        let extraGap = data.extraColumn == nil ? 0 : gap
        // The bias column keeps a visible width however many inputs share the rest.
        var cellWidth = (plot.width - extraGap) / Double(columnCount)
        var extraWidth = cellWidth
        if data.extraColumn != nil, cellWidth < minimumExtraWidth {
            extraWidth = minimumExtraWidth
            cellWidth = (plot.width - extraGap - extraWidth) / Double(data.columns)
        }
        let cellHeight = plot.height / Double(data.rows)
        let cells = ChartRect(x: plot.x, y: plot.y, width: cellWidth * Double(data.columns), height: plot.height)
        var marks = frame.marks
        func color(_ value: Double) -> RGB { theme.diverging(value, limit: limit) }
        let useRaster = data.rows * data.columns > rasterThreshold || cellWidth < 4 || cellHeight < 4
        if useRaster {
            marks.append(.raster(cells, columns: data.columns, rows: data.rows, cells: data.values.map(color)))
        } else {
            for row in 0..<data.rows {
                for column in 0..<data.columns {
                    let rect = ChartRect(x: cells.x + Double(column) * cellWidth, y: cells.y + Double(row) * cellHeight,
                                         width: cellWidth, height: cellHeight)
                    marks += cell(rect, value: data.values[row * data.columns + column], decimals: decimals, fill: color, placer: placer)
                }
            }
        }
        var extraFrame: ChartRect?
        if let extra = data.extraColumn {
            let area = ChartRect(x: cells.maxX + gap, y: plot.y, width: extraWidth, height: plot.height)
            extraFrame = area
            if useRaster { marks.append(.raster(area, columns: 1, rows: data.rows, cells: extra.values.map(color))) }
            for row in 0..<data.rows where !useRaster {
                let rect = ChartRect(x: area.x, y: area.y + Double(row) * cellHeight, width: extraWidth, height: cellHeight)
                marks += cell(rect, value: extra.values[row], decimals: decimals, fill: color, placer: placer)
            }
        }
        // A frame around each block, so that cells near zero (the background colour) still show.
        for area in [cells] + (extraFrame.map { [$0] } ?? []) {
            marks.append(.line(outline(area), stroke: theme.grid, width: 1))
        }
        // Row labels, thinned out to fit.
        let rowStep = PanelFrame.labelStep(slotWidth: cellHeight, labelWidth: tickSize)
        for row in stride(from: 0, to: data.rows, by: rowStep) {
            marks.append(.text(placer.trailing(data.rowLabels[row], x: plot.x - ChartMetrics.tickGap,
                                               y: plot.y + (Double(row) + 0.5) * cellHeight, size: tickSize)))
        }
        // Column labels, thinned out to fit.
        let columnStep = PanelFrame.labelStep(slotWidth: cellWidth, labelWidth: upright ? tickSize : widestColumn)
        var columnPositions: [(String, Double)] = stride(from: 0, to: data.columns, by: columnStep).map {
            (data.columnLabels[$0], cells.x + (Double($0) + 0.5) * cellWidth)
        }
        if let extra = data.extraColumn, let extraFrame {
            // The bias label always shows; a thinned-out input label too close to it gives way.
            let x = extraFrame.x + extraWidth / 2
            let room = upright ? tickSize + 2 : (widestColumn + placer.width(extra.label, size: tickSize)) / 2 + 4
            columnPositions.removeAll { x - $0.1 < room }
            columnPositions.append((extra.label, x))
        }
        for (label, x) in columnPositions {
            if upright {
                let fitted = placer.fitted(label, maxWidth: columnLabelHeight, size: tickSize)
                let width = placer.width(fitted, size: tickSize)
                let m = measurer.measure(fitted, size: tickSize, bold: false)
                marks.append(.text(ChartText(fitted, origin: ChartPoint(x + m.capHeight / 2, plot.maxY + ChartMetrics.tickGap + width),
                                             size: tickSize, color: theme.muted, vertical: true)))
            } else {
                marks.append(.text(placer.centered(label, x: x, y: plot.maxY + ChartMetrics.tickGap + tickSize / 2, size: tickSize,
                                                   color: theme.muted)))
            }
        }
        // The colour bar: −limit at the bottom, +limit at the top.
        let bar = ChartRect(x: plot.maxX + 24, y: plot.y, width: colorBarWidth, height: plot.height)
        let steps = 128
        marks.append(.raster(bar, columns: 1, rows: steps, cells: (0..<steps).map { index in
            color(limit - (Double(index) + 0.5) / Double(steps) * 2 * limit)
        }))
        // A scale that reaches the paper's colour (print's white at −limit) needs an edge.
        if theme.patterns { marks.append(.line(outline(bar), stroke: theme.muted, width: 1)) }
        for tick in barTicks where limit > 0 {
            let y = bar.maxY - (tick.value + limit) / (2 * limit) * bar.height
            marks.append(.line([ChartPoint(bar.maxX, y), ChartPoint(bar.maxX + 4, y)], stroke: theme.muted, width: 1))
            marks.append(.text(placer.leading(tick.label, x: bar.maxX + ChartMetrics.tickGap, y: y, size: tickSize, color: theme.muted)))
        }
        var drawing = ChartDrawing(width: style.width, height: style.height, background: theme.background, title: title ?? data.title)
        drawing.marks = marks
        return (drawing, Frames(cells: cells, extra: extraFrame, colorBar: bar))
    }

    /// The closed outline of `rect`.
    static func outline(_ rect: ChartRect) -> [ChartPoint] {
        [ChartPoint(rect.x, rect.y), ChartPoint(rect.maxX, rect.y), ChartPoint(rect.maxX, rect.maxY), ChartPoint(rect.x, rect.maxY),
         ChartPoint(rect.x, rect.y)]
    }

    /// The decimals every cell is written with, from the largest |value|: 3 below 1, 2 below 10,
    /// 1 below 100, none above, so that all cells read alike ("1.70", "−0.02", "−1.00").
    static func valueDecimals(_ largest: Double) -> Int {
        guard largest > 0, largest.isFinite else { return 2 }
        return min(max(2 - Int(log10(largest).rounded(.down)), 0), 3)
    }

    /// A cell's value with `decimals` decimals and a true minus sign; a value that rounds to zero is "0.00", unsigned.
    static func cellText(_ value: Double, decimals: Int) -> String {
        var text = String(format: "%.\(decimals)f", value)
        if Double(text) == 0 { text = String(format: "%.\(decimals)f", 0.0) }
        return text.replacingOccurrences(of: "-", with: "\u{2212}")
    }

    /// A cell's rectangle and, when it fits, its value, larger in larger cells (up to 14 points).
    static func cell(_ rect: ChartRect, value: Double, decimals: Int, fill: (Double) -> RGB, placer: TextPlacer) -> [ChartMark] {
        let colour = fill(value)
        var marks: [ChartMark] = [.rectangle(rect, fill: colour)]
        let text = cellText(value, decimals: decimals)
        let size = min(14 * placer.metrics.scale, max(placer.metrics.valueSize, (rect.height * 0.3).rounded(.down)))
        if rect.height >= size + 4, placer.width(text, size: size) + 6 <= rect.width {
            marks.append(.text(placer.centered(text, x: rect.x + rect.width / 2, y: rect.y + rect.height / 2, size: size,
                                               color: placer.theme.textColor(on: colour))))
        }
        return marks
    }
}
