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
///
/// `colorblind` keeps blue and vermillion apart for signs, blue and orange for curves, and takes
/// its class colours from Okabe and Ito's palette, all checked under simulated deuteranopia and
/// protanopia; `print` is greyscale: signs and series differ in lightness, and negative weights,
/// negative bars and validation curves also in line style or outline (`patterns`).
public struct Theme: Equatable, Sendable {
    public enum Name: String, CaseIterable, Sendable {
        case light, dark, colorblind, print
    }

    /// The size of ordinary text (tick labels, legends, node labels) unless the user asks for another;
    /// titles and small print keep their proportion to it.
    public static let defaultFontSize: Double = 11
    /// The font sizes `--font-size` accepts.
    public static let fontSizes: ClosedRange<Double> = 6...32

    public var name: Name
    public var background: RGB
    public var foreground: RGB
    /// Secondary text, axes and borders.
    public var muted: RGB
    public var grid: RGB
    /// Box fill for layers in diagrams.
    public var fill: RGB
    /// Marks for positive values and weights (bars, edges) and for negative ones.
    public var positive: RGB
    public var negative: RGB
    /// A second series (validation curves) and highlights.
    public var accent: RGB
    /// The diverging scale's colour at zero (its ends are `scaleNegative` and `scalePositive`).
    public var scaleZero: RGB
    public var scaleNegative: RGB
    public var scalePositive: RGB
    /// The colours of classes, in order (repeating beyond the last).
    public var categorical: [RGB]
    /// How the legends name the positive and negative colours ("blue", "red").
    public var positiveWord: String
    public var negativeWord: String
    /// How the legends name the fill scale's colour at zero when it is not the background ("mid-grey").
    public var scaleZeroWord: String?
    /// Negative weights and validation curves drawn dashed, negative bars outlined: for pictures
    /// whose colours may not survive (print).
    public var patterns: Bool
    public var fontFamily: String
    /// The size of ordinary text in points (diagrams) or chart units (charts); see `defaultFontSize`.
    public var fontSize: Double = Theme.defaultFontSize

    /// The class colours after the first three in the light and dark themes.
    static let moreClasses: [UInt32] = [0x009E73, 0xCC79A7, 0x56B4E9, 0xD55E00, 0xF0E442, 0x000000, 0x999999]
    /// Okabe and Ito's colour-blind-safe palette (2008), without black, which marks misclassified points.
    static let okabeIto: [UInt32] = [0xD55E00, 0x0072B2, 0x56B4E9, 0x009E73, 0xE69F00, 0xCC79A7, 0xF0E442]

    public init(name: Name, background: RGB, foreground: RGB, muted: RGB, grid: RGB, fill: RGB, positive: RGB, negative: RGB,
                accent: RGB, scaleZero: RGB? = nil, scaleNegative: RGB? = nil, scalePositive: RGB? = nil, categorical: [RGB]? = nil,
                positiveWord: String = "blue", negativeWord: String = "red", scaleZeroWord: String? = nil, patterns: Bool = false,
                fontFamily: String = "DejaVu Sans") {
        self.name = name
        self.background = background
        self.foreground = foreground
        self.muted = muted
        self.grid = grid
        self.fill = fill
        self.positive = positive
        self.negative = negative
        self.accent = accent
        self.scaleZero = scaleZero ?? background
        self.scaleNegative = scaleNegative ?? negative
        self.scalePositive = scalePositive ?? positive
        // The sign colours and the accent first, then a fixed set.
        self.categorical = categorical ?? [negative, positive, accent] + Self.moreClasses.map(RGB.init(hex:))
        self.positiveWord = positiveWord
        self.negativeWord = negativeWord
        self.scaleZeroWord = scaleZeroWord
        self.patterns = patterns
        self.fontFamily = fontFamily
    }

    public static let light = Theme(name: .light, background: RGB(hex: 0xFFFFFF), foreground: RGB(hex: 0x1F2328),
                                    muted: RGB(hex: 0x656D76), grid: RGB(hex: 0xE1E4E8), fill: RGB(hex: 0xF6F8FA),
                                    positive: RGB(hex: 0x2166AC), negative: RGB(hex: 0xB2182B), accent: RGB(hex: 0xE08214))
    public static let dark = Theme(name: .dark, background: RGB(hex: 0x0D1117), foreground: RGB(hex: 0xE6EDF3),
                                   muted: RGB(hex: 0x8B949E), grid: RGB(hex: 0x30363D), fill: RGB(hex: 0x161B22),
                                   positive: RGB(hex: 0x58A6FF), negative: RGB(hex: 0xFF7B72), accent: RGB(hex: 0xF0B72F))
    /// Blue and vermillion for signs, orange for the second series, Okabe–Ito for classes.
    public static let colorblind = Theme(name: .colorblind, background: RGB(hex: 0xFFFFFF), foreground: RGB(hex: 0x1F2328),
                                         muted: RGB(hex: 0x656D76), grid: RGB(hex: 0xE1E4E8), fill: RGB(hex: 0xF6F8FA),
                                         positive: RGB(hex: 0x0072B2), negative: RGB(hex: 0xD55E00), accent: RGB(hex: 0xE69F00),
                                         categorical: okabeIto.map(RGB.init(hex:)), negativeWord: "orange")
    /// Greys on white: positive dark, negative light, zero mid-grey on the fill scale (a ramp from
    /// white to black, so that lightness alone gives the sign); negatives and validation curves
    /// also dashed or outlined.
    public static let print = Theme(name: .print, background: RGB(hex: 0xFFFFFF), foreground: RGB(hex: 0x000000),
                                    muted: RGB(hex: 0x595959), grid: RGB(hex: 0xD9D9D9), fill: RGB(hex: 0xFFFFFF),
                                    positive: RGB(hex: 0x1A1A1A), negative: RGB(hex: 0x8C8C8C), accent: RGB(hex: 0x7A7A7A),
                                    scaleZero: RGB(hex: 0x8C8C8C), scaleNegative: RGB(hex: 0xFFFFFF), scalePositive: RGB(hex: 0x000000),
                                    categorical: [RGB(hex: 0xCCCCCC), RGB(hex: 0x1A1A1A), RGB(hex: 0x6E6E6E)],
                                    positiveWord: "dark", negativeWord: "light", scaleZeroWord: "mid-grey", patterns: true)

    /// The theme called `name`, with ordinary text `fontSize` large.
    public static func named(_ name: Name, fontSize: Double = defaultFontSize) -> Theme {
        var theme: Theme
        switch name {
        case .light: theme = .light
        case .dark: theme = .dark
        case .colorblind: theme = .colorblind
        case .print: theme = .print
        }
        theme.fontSize = fontSize
        return theme
    }

    /// `size` (given for the default font size) at this theme's font size.
    public func scaled(_ size: Double) -> Double {
        size * fontSize / Self.defaultFontSize
    }

    /// The colour of a value on the diverging scale shared by neuron diagrams, activation charts and
    /// weight heatmaps: `scaleZero` at zero, `scalePositive` at +limit, `scaleNegative` at −limit.
    public func diverging(_ value: Double, limit: Double) -> RGB {
        guard limit > 0, value.isFinite else { return scaleZero }
        let t = min(abs(value) / limit, 1)
        return scaleZero.mixed(with: value >= 0 ? scalePositive : scaleNegative, t)
    }

    /// "blue above zero and red below", as the legends say how the fill scale reads.
    public var scaleWords: String {
        "\(positiveWord) above zero and \(negativeWord) below" + (scaleZeroWord.map { " (\($0) at zero)" } ?? "")
    }

    /// The dash pattern of a second series (validation curves): dashed when `patterns`, else solid.
    public var secondSeriesDash: [Double] { patterns ? [7, 4] : [] }

    /// The colour of class `index`.
    public func classColor(_ index: Int) -> RGB {
        categorical[index % categorical.count]
    }

    /// Black or white text, whichever has the higher WCAG contrast with `fill`: at least 4.58:1
    /// on any colour, above the 4.5:1 that WCAG asks of normal text.
    public func textColor(on fill: RGB) -> RGB {
        let black = RGB(hex: 0x000000)
        let white = RGB(hex: 0xFFFFFF)
        return fill.contrast(with: black) >= fill.contrast(with: white) ? black : white
    }
}
