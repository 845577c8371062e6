/// What the user chose about a chart, beside its data: a size in chart units instead of the chart's
/// own, the theme, a title instead of the chart's own, and the resolution of a PNG (so that marks
/// narrower than a pixel can be laid out on whole pixels).
public struct ChartChoices: Sendable {
    public var width: Double?
    public var height: Double?
    public var theme: Theme
    public var title: String?
    /// Pixels per inch of a PNG; 96 (one pixel per chart unit) for SVG and PDF.
    public var dpi: Double

    public init(width: Double? = nil, height: Double? = nil, theme: Theme = .light, title: String? = nil, dpi: Double = 96) {
        precondition(dpi > 0)
        self.width = width
        self.height = height
        self.theme = theme
        self.title = title
        self.dpi = dpi
    }

    /// The size and theme, with `width` × `height` where the user gave none.
    public func style(width defaultWidth: Double, height defaultHeight: Double) -> ChartStyle {
        ChartStyle(width: width ?? defaultWidth, height: height ?? defaultHeight, theme: theme, pixelsPerUnit: dpi / 96)
    }
}
