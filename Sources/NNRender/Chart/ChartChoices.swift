/// What the user chose about a chart, beside its data: a size in chart units instead of the chart's
/// own, the theme, and a title instead of the chart's own.
public struct ChartChoices: Sendable {
    public var width: Double?
    public var height: Double?
    public var theme: Theme
    public var title: String?

    public init(width: Double? = nil, height: Double? = nil, theme: Theme = .light, title: String? = nil) {
        self.width = width
        self.height = height
        self.theme = theme
        self.title = title
    }

    /// The size and theme, with `width` × `height` where the user gave none.
    public func style(width defaultWidth: Double, height defaultHeight: Double) -> ChartStyle {
        ChartStyle(width: width ?? defaultWidth, height: height ?? defaultHeight, theme: theme)
    }
}
