/// An sRGB colour with components in 0…1.
public struct RGB: Equatable, Sendable {
    public var red: Double
    public var green: Double
    public var blue: Double

    public init(_ red: Double, _ green: Double, _ blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// From a hex literal such as 0x2166AC.
    public init(hex: UInt32) {
        self.init(Double((hex >> 16) & 0xFF) / 255, Double((hex >> 8) & 0xFF) / 255, Double(hex & 0xFF) / 255)
    }

    /// `#rrggbb`, as DOT and SVG write colours.
    public var hexString: String {
        func byte(_ v: Double) -> String {
            let b = Int((min(max(v, 0), 1) * 255).rounded())
            let s = String(b, radix: 16)
            return s.count == 1 ? "0" + s : s
        }
        return "#" + byte(red) + byte(green) + byte(blue)
    }

    /// The colour `t` of the way from `self` to `other` (t in 0…1).
    public func mixed(with other: RGB, _ t: Double) -> RGB {
        let t = min(max(t, 0), 1)
        return RGB(red * (1 - t) + other.red * t, green * (1 - t) + other.green * t, blue * (1 - t) + other.blue * t)
    }
}

/// The colours and font shared by every diagram and chart, so that pictures from different
/// commands sit together in one document.
public struct Theme: Equatable, Sendable {
    public enum Name: String, CaseIterable, Sendable {
        case light, dark
    }

    public var name: Name
    public var background: RGB
    public var foreground: RGB
    /// Secondary text, axes and borders.
    public var muted: RGB
    public var grid: RGB
    /// Box fill for layers in diagrams.
    public var fill: RGB
    /// Positive values and weights (blue) and negative ones (red).
    public var positive: RGB
    public var negative: RGB
    /// A second series (validation curves) and highlights.
    public var accent: RGB
    public var fontFamily: String

    public static let light = Theme(name: .light, background: RGB(hex: 0xFFFFFF), foreground: RGB(hex: 0x1F2328),
                                    muted: RGB(hex: 0x656D76), grid: RGB(hex: 0xE1E4E8), fill: RGB(hex: 0xF6F8FA),
                                    positive: RGB(hex: 0x2166AC), negative: RGB(hex: 0xB2182B), accent: RGB(hex: 0xE08214),
                                    fontFamily: "DejaVu Sans")
    public static let dark = Theme(name: .dark, background: RGB(hex: 0x0D1117), foreground: RGB(hex: 0xE6EDF3),
                                   muted: RGB(hex: 0x8B949E), grid: RGB(hex: 0x30363D), fill: RGB(hex: 0x161B22),
                                   positive: RGB(hex: 0x58A6FF), negative: RGB(hex: 0xFF7B72), accent: RGB(hex: 0xF0B72F),
                                   fontFamily: "DejaVu Sans")

    public static func named(_ name: Name) -> Theme {
        switch name {
        case .light: return .light
        case .dark: return .dark
        }
    }

    /// The colour of a value on the diverging scale shared by neuron diagrams, activation charts and
    /// weight heatmaps: the background at zero, `positive` at +limit, `negative` at −limit.
    public func diverging(_ value: Double, limit: Double) -> RGB {
        guard limit > 0, value.isFinite else { return background }
        let t = min(abs(value) / limit, 1)
        return background.mixed(with: value >= 0 ? positive : negative, t)
    }

    /// Black or white text, whichever reads better on `fill`.
    public func textColor(on fill: RGB) -> RGB {
        let luminance = 0.2126 * fill.red + 0.7152 * fill.green + 0.0722 * fill.blue
        return luminance > 0.55 ? RGB(hex: 0x1F2328) : RGB(hex: 0xFFFFFF)
    }
}
