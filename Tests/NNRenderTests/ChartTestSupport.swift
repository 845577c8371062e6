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

/// The box each text mark covers with `FixedMeasurer`'s metrics: from the cap height above the
/// baseline to the descent below it (turned for vertical text).
func textBox(_ text: ChartText) -> ChartRect {
    let width = 0.6 * text.size * Double(text.string.count)
    let above = 0.7 * text.size
    let below = 0.2 * text.size
    if text.vertical {
        return ChartRect(x: text.origin.x - above, y: text.origin.y - width, width: above + below, height: width)
    }
    return ChartRect(x: text.origin.x, y: text.origin.y - above, width: width, height: above + below)
}

/// The pairs of texts in `drawing` whose boxes overlap, as "a / b".
func overlappingTexts(_ drawing: ChartDrawing) -> [String] {
    overlappingTexts(drawing.texts)
}

func overlappingTexts(_ texts: [ChartText]) -> [String] {
    let boxes = texts.map(textBox)
    var pairs: [String] = []
    for i in boxes.indices {
        for j in boxes.indices where j > i {
            let a = boxes[i]
            let b = boxes[j]
            if a.x < b.maxX - 1e-9, b.x < a.maxX - 1e-9, a.y < b.maxY - 1e-9, b.y < a.maxY - 1e-9 {
                pairs.append("\(texts[i].string) / \(texts[j].string)")
            }
        }
    }
    return pairs
}
