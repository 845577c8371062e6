import Foundation

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

    /// WCAG 2's relative luminance: the sRGB channels linearised, weighted 0.2126, 0.7152, 0.0722.
    public var relativeLuminance: Double {
        func linear(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// WCAG 2's contrast ratio, (L₁ + 0.05) / (L₂ + 0.05) with L₁ the lighter: 1 to 21.
    public func contrast(with other: RGB) -> Double {
        let (a, b) = (relativeLuminance, other.relativeLuminance)
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
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

    /// Black or white text, whichever has the higher WCAG contrast with `fill`: at least 4.58:1
    /// on any colour, above the 4.5:1 that WCAG asks of normal text.
    public func textColor(on fill: RGB) -> RGB {
        let black = RGB(hex: 0x000000)
        let white = RGB(hex: 0xFFFFFF)
        return fill.contrast(with: black) >= fill.contrast(with: white) ? black : white
    }
}
