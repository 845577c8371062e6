/// A fixed palette of at most 256 colours for GIF frames, built from the theme so that the colours
/// charts actually use come out smooth: ramps from the background to each given colour (class and
/// weight colours, text, axes), then a coarse colour cube for anything else. The same theme and
/// colours always give the same palette, so GIFs are byte-identical.
public struct GIFPalette: Equatable, Sendable {
    /// The palette's colours as 0xRRGGBB.
    public private(set) var colors: [UInt32]
    /// Palette index of each 6-bit-per-channel colour, filled as colours are met (−1: not yet).
    private var lookup: [Int16]

    /// Steps from the background to each ramp colour.
    static let rampSteps = 40
    static let textSteps = 24

    public init(theme: Theme, colors ramps: [RGB]) {
        func packed(_ color: RGB) -> UInt32 {
            func byte(_ v: Double) -> UInt32 { UInt32((min(max(v, 0), 1) * 255).rounded()) }
            return byte(color.red) << 16 | byte(color.green) << 8 | byte(color.blue)
        }
        var entries: [UInt32] = [packed(theme.background)]
        func add(_ color: UInt32) {
            if entries.count < 256, !entries.contains(color) { entries.append(color) }
        }
        var unique: [RGB] = []
        for color in ramps where !unique.contains(color) { unique.append(color) }
        let cubeSize = 64
        let rampBudget = 256 - cubeSize - 1 - Self.textSteps - Self.textSteps / 2
        let steps = max(8, min(Self.rampSteps, rampBudget / max(unique.count, 1)))
        for color in unique {
            for step in 1...steps { add(packed(theme.background.mixed(with: color, Double(step) / Double(steps)))) }
        }
        for step in 1...Self.textSteps { add(packed(theme.background.mixed(with: theme.foreground, Double(step) / Double(Self.textSteps)))) }
        for step in 1...(Self.textSteps / 2) { add(packed(theme.background.mixed(with: theme.muted, Double(step) / Double(Self.textSteps / 2)))) }
        let levels: [UInt32] = [0, 85, 170, 255]
        for r in levels { for g in levels { for b in levels { add(r << 16 | g << 8 | b) } } }
        colors = entries
        lookup = [Int16](repeating: -1, count: 1 << 18)
    }

    /// The index of the palette colour nearest to `pixel` (0xRRGGBB), by squared distance in RGB.
    public mutating func index(of pixel: UInt32) -> UInt8 {
        let key = Int((pixel >> 18) & 0x3F) << 12 | Int((pixel >> 10) & 0x3F) << 6 | Int((pixel >> 2) & 0x3F)
        let known = lookup[key]
        if known >= 0 { return UInt8(known) }
        let r = Int((pixel >> 16) & 0xFF)
        let g = Int((pixel >> 8) & 0xFF)
        let b = Int(pixel & 0xFF)
        var best = 0
        var bestDistance = Int.max
        for (index, color) in colors.enumerated() {
            let dr = r - Int((color >> 16) & 0xFF)
            let dg = g - Int((color >> 8) & 0xFF)
            let db = b - Int(color & 0xFF)
            let distance = dr * dr + dg * dg + db * db
            if distance < bestDistance {
                best = index
                bestDistance = distance
            }
        }
        lookup[key] = Int16(best)
        return UInt8(best)
    }
}
