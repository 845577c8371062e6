@testable import NNRender

/// A measurer with round numbers, so that layouts can be checked against hand-worked positions:
/// every character is 0.6 × size wide, capitals 0.7 × size tall.
struct FixedMeasurer: TextMeasuring {
    func measure(_ string: String, size: Double, bold: Bool) -> TextMetrics {
        TextMetrics(width: 0.6 * size * Double(string.count), capHeight: 0.7 * size, descent: 0.2 * size)
    }
}

/// Whether `a` and `b` agree to within `tolerance` (layout positions are sums of decimals).
func close(_ a: Double, _ b: Double, tolerance: Double = 1e-9) -> Bool {
    abs(a - b) <= tolerance
}

func close(_ a: ChartRect, _ b: ChartRect, tolerance: Double = 1e-9) -> Bool {
    close(a.x, b.x, tolerance: tolerance) && close(a.y, b.y, tolerance: tolerance)
        && close(a.width, b.width, tolerance: tolerance) && close(a.height, b.height, tolerance: tolerance)
}
