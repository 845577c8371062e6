/// The colours of an HTML page around nnviz's pictures and maths (`nnviz report`, `nnviz explain
/// --format html`): text, background, secondary text (captions), the maths' subheadings, rules and
/// borders, table-header and code fills, and the frame around each picture.
public struct PageColors: Equatable, Sendable {
    /// The CSS `color-scheme`, so that a browser draws its scroll bars to match.
    public var scheme: String
    public var text: RGB
    public var background: RGB
    public var muted: RGB
    public var subheading: RGB
    public var rule: RGB
    public var fill: RGB
    public var frame: RGB

    public static let light = PageColors(scheme: "light", text: RGB(hex: 0x1F2328), background: RGB(hex: 0xFFFFFF),
                                         muted: RGB(hex: 0x57606A), subheading: RGB(hex: 0x444C56), rule: RGB(hex: 0xD0D7DE),
                                         fill: RGB(hex: 0xF3F5F7), frame: RGB(hex: 0xEAEEF2))
    /// The dark theme's background and text (as its pictures), so that the pictures sit on the page.
    public static let dark = PageColors(scheme: "dark", text: RGB(hex: 0xE6EDF3), background: RGB(hex: 0x0D1117),
                                        muted: RGB(hex: 0x8B949E), subheading: RGB(hex: 0xADBAC7), rule: RGB(hex: 0x30363D),
                                        fill: RGB(hex: 0x161B22), frame: RGB(hex: 0x30363D))
    /// Greys only (red = green = blue), black text on white, for a page printed or copied in grey.
    public static let print = PageColors(scheme: "light", text: RGB(hex: 0x000000), background: RGB(hex: 0xFFFFFF),
                                         muted: RGB(hex: 0x595959), subheading: RGB(hex: 0x404040), rule: RGB(hex: 0xCCCCCC),
                                         fill: RGB(hex: 0xF2F2F2), frame: RGB(hex: 0xE6E6E6))

    /// The page for pictures in `theme`: the colour-blind theme's page is the light one, which tells
    /// nothing apart by hue.
    public static func of(_ theme: Theme.Name) -> PageColors {
        switch theme {
        case .light, .colorblind: .light
        case .dark: .dark
        case .print: .print
        }
    }
}
