import Foundation

/// A number written as `mantissa × 10^exponent` with an integer mantissa, so that tick values are
/// exact and their labels never show float noise (0.30000000000000004).
public struct DecimalValue: Equatable, Sendable {
    public var mantissa: Int
    public var exponent: Int

    public init(_ mantissa: Int, exponent: Int) {
        self.mantissa = mantissa
        self.exponent = exponent
    }

    public var doubleValue: Double { Double(mantissa) * pow(10, Double(exponent)) }

    /// The value in plain decimals with exactly `decimals` digits after the point (`0.50`, `-12`).
    public func plain(decimals: Int) -> String {
        var digits = String(mantissa.magnitude)
        var exponent = self.exponent
        // Bring the exponent to −decimals by adding or (exactly) removing zeros.
        while exponent > -decimals {
            digits += "0"
            exponent -= 1
        }
        while exponent < -decimals, digits.hasSuffix("0"), digits.count > 1 {
            digits.removeLast()
            exponent += 1
        }
        let places = -exponent
        if places > 0 {
            if digits.count <= places { digits = String(repeating: "0", count: places - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -places))
        }
        return (mantissa < 0 ? "\u{2212}" : "") + digits
    }

    /// The value in scientific form without trailing zeros: `2.5e-7`, `1e9`.
    public var scientific: String {
        guard mantissa != 0 else { return "0" }
        var digits = String(mantissa.magnitude)
        let exponent = self.exponent + digits.count - 1
        while digits.count > 1, digits.hasSuffix("0") { digits.removeLast() }
        var text = String(digits.first!)
        if digits.count > 1 { text += "." + digits.dropFirst() }
        if exponent == 0 { return (mantissa < 0 ? "\u{2212}" : "") + text }
        return (mantissa < 0 ? "\u{2212}" : "") + text + "e" + String(exponent).replacingOccurrences(of: "-", with: "\u{2212}")
    }
}

/// One tick on an axis: where it is in data units and what it says.
public struct Tick: Equatable, Sendable {
    public var value: Double
    public var label: String

    public init(value: Double, label: String) {
        self.value = value
        self.label = label
    }
}

/// An axis range rounded out to "nice" steps (1, 2 or 5 × 10^k) and the ticks on it.
public struct NiceScale: Equatable, Sendable {
    public var lower: Double
    public var upper: Double
    public var ticks: [Tick]
    /// Unlabelled ticks between the labelled ones (2…9 × 10^k on a logarithmic axis).
    public var minorTicks: [Double]

    public init(lower: Double, upper: Double, ticks: [Tick], minorTicks: [Double] = []) {
        self.lower = lower
        self.upper = upper
        self.ticks = ticks
        self.minorTicks = minorTicks
    }

    /// A linear scale covering `minimum…maximum` with about `target` + 1 ticks. An empty or
    /// single-value range is widened around its value (0…1 for all zeros), and `includeZero` keeps
    /// zero on the axis, as bar charts need.
    public static func linear(_ minimum: Double, _ maximum: Double, target: Int = 5, includeZero: Bool = false,
                              integers: Bool = false) -> NiceScale {
        precondition(target >= 1)
        var low = minimum.isFinite ? minimum : 0
        var high = maximum.isFinite ? maximum : 0
        if low > high { swap(&low, &high) }
        if includeZero {
            low = min(low, 0)
            high = max(high, 0)
        }
        if low == high {
            if low == 0 {
                high = 1
            } else {
                // Only without includeZero: a constant is shown ±10 % around itself.
                let pad = abs(low) * 0.1
                low -= pad
                high += pad
            }
        }
        let step = niceStep((high - low) / Double(target), integers: integers)
        let firstStep = (low / step.doubleValue).rounded(.down)
        let lastStep = (high / step.doubleValue).rounded(.up)
        // A range tiny next to its values (below Double's precision for whole steps): just its ends.
        guard abs(firstStep) < 1e15, abs(lastStep) < 1e15 else {
            return NiceScale(lower: low, upper: high, ticks: [Tick(value: low, label: chartNumber(low, significant: 15)),
                                                              Tick(value: high, label: chartNumber(high, significant: 15))])
        }
        let first = Int(firstStep)
        let last = Int(lastStep)
        let decimals = max(0, -step.exponent)
        let values = (first...last).map { DecimalValue($0 * step.mantissa, exponent: step.exponent) }
        let largest = values.map { abs($0.doubleValue) }.max() ?? 0
        let scientific = largest >= 1e6 || (step.exponent < -5)
        let ticks = values.map { Tick(value: $0.doubleValue, label: scientific ? $0.scientific : $0.plain(decimals: decimals)) }
        return NiceScale(lower: ticks.first!.value, upper: ticks.last!.value, ticks: ticks)
    }

    /// A logarithmic scale (base 10) fitted to `minimum…maximum`, both positive. The data are first
    /// padded by 3 % of their span in decades (at least 0.01 decade) so that no curve runs along an
    /// end of the axis; each end then goes out to the next power of ten when that adds at most a sixth
    /// to the axis, and otherwise to the next minor tick (2…9 × 10^k), so that no end is left empty.
    /// The powers of ten are labelled; when fewer than three fall on the axis, 2 × and 5 × 10^k are
    /// too, and when still fewer than two ticks are labelled, every one; over more than eight decades
    /// only every second (third, …) power is labelled. The other 2…9 × 10^k are minor ticks up to six
    /// decades, beyond that the unlabelled powers of ten (none past 60).
    public static func logarithmic(_ minimum: Double, _ maximum: Double) -> NiceScale {
        precondition(minimum > 0 && maximum >= minimum)
        let span = log10(maximum) - log10(minimum)
        let margin = max(span * 0.03, 0.01)
        let paddedLow = log10(minimum) - margin
        let paddedHigh = log10(maximum) + margin
        // Every m × 10^k (m = 1…9) from the decade below the padded data to the decade above it.
        let lowDecade = Int(paddedLow.rounded(.down))
        let highDecade = Int(paddedHigh.rounded(.up))
        var grid: [DecimalValue] = []
        for decade in lowDecade...highDecade {
            for m in 1...9 { grid.append(DecimalValue(m, exponent: decade)) }
        }
        grid.append(DecimalValue(1, exponent: highDecade + 1))
        func log(_ value: DecimalValue) -> Double { log10(Double(value.mantissa)) + Double(value.exponent) }
        var lower = grid.last { log($0) <= paddedLow + 1e-12 }!
        var upper = grid.first { log($0) >= paddedHigh - 1e-12 }!
        let decadeBelow = DecimalValue(1, exponent: Int((log(lower) + 1e-12).rounded(.down)))
        let decadeAbove = DecimalValue(1, exponent: Int((log(upper) - 1e-12).rounded(.up)))
        if log(lower) - log(decadeBelow) <= (log(upper) - log(decadeBelow)) / 6 { lower = decadeBelow }
        if log(decadeAbove) - log(upper) <= (log(decadeAbove) - log(lower)) / 6 { upper = decadeAbove }
        let onAxis = grid.filter { log($0) >= log(lower) - 1e-12 && log($0) <= log(upper) + 1e-12 }
        let powers = onAxis.filter { $0.mantissa == 1 }
        // At most eight labelled powers of ten: every second, fifth, … one over a very wide range.
        let every = max(1, (powers.count + 7) / 8)
        var labelled = powers.filter { $0.exponent % every == 0 }
        if labelled.count < 3 { labelled = onAxis.filter { [1, 2, 5].contains($0.mantissa) } }
        if labelled.count < 2 { labelled = onAxis }
        let decades = log(upper) - log(lower)
        let unlabelled = (decades > 6 ? powers : onAxis).filter { !labelled.contains($0) }
        let minor = unlabelled.count > 60 ? [] : unlabelled.map(\.doubleValue)
        let scientific = lowDecade < -4 || highDecade > 5
        let ticks = labelled.map { Tick(value: $0.doubleValue, label: scientific ? $0.scientific : $0.plain(decimals: max(0, -$0.exponent))) }
        return NiceScale(lower: lower.doubleValue, upper: upper.doubleValue, ticks: ticks, minorTicks: minor)
    }

    /// The step of the form 1, 2 or 5 × 10^k nearest to `raw` (Heckbert's rounding), whole if asked.
    static func niceStep(_ raw: Double, integers: Bool) -> DecimalValue {
        guard raw.isFinite, raw > 0 else { return DecimalValue(1, exponent: 0) }
        if integers, raw < 1 { return DecimalValue(1, exponent: 0) }
        let exponent = Int(log10(raw).rounded(.down))
        let residual = raw / pow(10, Double(exponent))
        switch residual {
        case ..<1.5: return DecimalValue(1, exponent: exponent)
        case ..<3: return DecimalValue(2, exponent: exponent)
        case ..<7: return DecimalValue(5, exponent: exponent)
        default: return DecimalValue(1, exponent: exponent + 1)
        }
    }

    /// Where `value` falls between `lower` (0) and `upper` (1).
    public func fraction(_ value: Double) -> Double {
        upper == lower ? 0 : (value - lower) / (upper - lower)
    }
}

/// Numbers written for people on a chart: about `significant` significant digits, no float noise,
/// no `-0`, scientific only for very large or very small values.
public func chartNumber(_ value: Double, significant: Int = 3) -> String {
    guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "∞" : "\u{2212}∞") }
    let magnitude = abs(value)
    if magnitude == 0 { return "0" }
    if magnitude >= 1e6 || magnitude < 1e-4 {
        var text = String(format: "%.\(max(significant - 1, 0))e", value)
        // 2.50e-07 → 2.5e-7
        if let e = text.firstIndex(of: "e") {
            var mantissa = String(text[..<e])
            var exponent = String(text[text.index(after: e)...])
            if mantissa.contains(".") {
                while mantissa.hasSuffix("0") { mantissa.removeLast() }
                if mantissa.hasSuffix(".") { mantissa.removeLast() }
            }
            let negative = exponent.hasPrefix("-")
            exponent = String(exponent.drop { $0 == "-" || $0 == "+" || $0 == "0" })
            text = mantissa + "e" + (negative ? "-" : "") + (exponent.isEmpty ? "0" : exponent)
        }
        return text.replacingOccurrences(of: "-", with: "\u{2212}")
    }
    let decimals = min(max(significant - 1 - Int(log10(magnitude).rounded(.down)), 0), 6)
    var text = String(format: "%.\(decimals)f", value)
    if text.contains(".") {
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
    }
    if text == "-0" { text = "0" }
    // A true minus sign (U+2212), as wide as a plus, not a hyphen.
    return text.replacingOccurrences(of: "-", with: "\u{2212}")
}
