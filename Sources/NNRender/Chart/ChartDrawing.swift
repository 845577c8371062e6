/// A point on a chart, in chart units (1/96 inch, CSS pixels), y growing downwards.
public struct ChartPoint: Equatable, Sendable {
    public var x: Double
    public var y: Double

    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}

/// A rectangle on a chart, in chart units.
public struct ChartRect: Equatable, Sendable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
}

/// A line of text placed by the layout: `origin` is the left end of its baseline.
public struct ChartText: Equatable, Sendable {
    public var string: String
    public var origin: ChartPoint
    public var size: Double
    public var bold: Bool
    public var color: RGB
    /// Turned a quarter anticlockwise (for y-axis titles), about `origin`.
    public var vertical: Bool

    public init(_ string: String, origin: ChartPoint, size: Double, bold: Bool = false, color: RGB, vertical: Bool = false) {
        self.string = string
        self.origin = origin
        self.size = size
        self.bold = bold
        self.color = color
        self.vertical = vertical
    }
}

/// One thing to draw. The layout stage produces these as plain values; the Cairo stage only draws them.
public enum ChartMark: Equatable, Sendable {
    case rectangle(ChartRect, fill: RGB)
    case line([ChartPoint], stroke: RGB, width: Double, dash: [Double] = [])
    case circle(center: ChartPoint, radius: Double, fill: RGB, stroke: RGB)
    /// A closed shape through `points`, filled without an outline (a profile of bars too thin to draw one by one).
    case polygon([ChartPoint], fill: RGB)
    case text(ChartText)
    /// A grid of `columns` × `rows` colour cells (row-major) stretched over `frame` without smoothing,
    /// for heatmaps too large to draw cell by cell.
    case raster(ChartRect, columns: Int, rows: Int, cells: [RGB])
}

/// A whole chart, laid out: its size, background and marks in drawing order.
public struct ChartDrawing: Equatable, Sendable {
    public var width: Double
    public var height: Double
    public var background: RGB
    public var title: String
    public var marks: [ChartMark]

    public init(width: Double, height: Double, background: RGB, title: String, marks: [ChartMark] = []) {
        self.width = width
        self.height = height
        self.background = background
        self.title = title
        self.marks = marks
    }

    /// The filled rectangles, in order (bars, cells, swatches).
    public var rectangles: [(ChartRect, RGB)] {
        marks.compactMap { if case let .rectangle(rect, fill) = $0 { return (rect, fill) } else { return nil } }
    }

    /// The text marks, in order.
    public var texts: [ChartText] {
        marks.compactMap { if case let .text(text) = $0 { return text } else { return nil } }
    }
}

/// The size of a string in the chart font, as Cairo measures it.
public struct TextMetrics: Equatable, Sendable {
    /// How far the pen moves: the width used to centre and right-align text.
    public var width: Double
    /// The height of capitals and digits above the baseline.
    public var capHeight: Double
    /// How far letters such as "g" and "y" reach below the baseline.
    public var descent: Double

    public init(width: Double, capHeight: Double, descent: Double) {
        self.width = width
        self.capHeight = capHeight
        self.descent = descent
    }
}

/// Measures text for the layout stage; the Cairo stage provides the real one, tests a fixed one.
public protocol TextMeasuring {
    func measure(_ string: String, size: Double, bold: Bool) -> TextMetrics
}

/// Text placement helpers shared by every chart layout.
struct TextPlacer {
    var measurer: any TextMeasuring
    var theme: Theme

    /// The font sizes for `theme`.
    var metrics: ChartMetrics { ChartMetrics(theme) }

    func width(_ string: String, size: Double, bold: Bool = false) -> Double {
        measurer.measure(string, size: size, bold: bold).width
    }

    /// Text whose ink is centred horizontally on `x` and vertically on `y`.
    func centered(_ string: String, x: Double, y: Double, size: Double, bold: Bool = false, color: RGB? = nil) -> ChartText {
        let m = measurer.measure(string, size: size, bold: bold)
        return ChartText(string, origin: ChartPoint(x - m.width / 2, y + m.capHeight / 2), size: size, bold: bold,
                         color: color ?? theme.foreground)
    }

    /// Text whose right end is at `x`, centred vertically on `y`.
    func trailing(_ string: String, x: Double, y: Double, size: Double, color: RGB? = nil) -> ChartText {
        let m = measurer.measure(string, size: size, bold: false)
        return ChartText(string, origin: ChartPoint(x - m.width, y + m.capHeight / 2), size: size, color: color ?? theme.muted)
    }

    /// Text starting at `x`, centred vertically on `y`.
    func leading(_ string: String, x: Double, y: Double, size: Double, bold: Bool = false, color: RGB? = nil) -> ChartText {
        let m = measurer.measure(string, size: size, bold: bold)
        return ChartText(string, origin: ChartPoint(x, y + m.capHeight / 2), size: size, bold: bold, color: color ?? theme.foreground)
    }

    /// Text turned a quarter anticlockwise, its ink centred on (`x`, `y`).
    func vertical(_ string: String, x: Double, y: Double, size: Double, color: RGB? = nil) -> ChartText {
        let m = measurer.measure(string, size: size, bold: false)
        return ChartText(string, origin: ChartPoint(x + m.capHeight / 2, y + m.width / 2), size: size,
                         color: color ?? theme.muted, vertical: true)
    }

    /// `string` shortened with "…" to the longest prefix that is at most `maxWidth` wide (found by
    /// bisection, so a 5,000-character input line costs a dozen measurements, not thousands).
    func fitted(_ string: String, maxWidth: Double, size: Double, bold: Bool = false) -> String {
        guard width(string, size: size, bold: bold) > maxWidth else { return string }
        let characters = Array(string)
        func candidate(_ count: Int) -> String { String(characters[..<count]) + "…" }
        guard width(candidate(0), size: size, bold: bold) <= maxWidth else { return "" }
        var fits = 0
        var tooLong = characters.count
        while tooLong - fits > 1 {
            let middle = (fits + tooLong) / 2
            if width(candidate(middle), size: size, bold: bold) <= maxWidth { fits = middle } else { tooLong = middle }
        }
        return candidate(fits)
    }
}
