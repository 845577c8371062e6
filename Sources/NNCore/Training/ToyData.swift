import Foundation

/// The two-feature, two-class data sets people teach with (TensorFlow Playground's four and
/// scikit-learn's moons), drawn from one seeded generator so that a seed always gives the same rows.
///
/// Points lie within about ±6 on both axes. Rows alternate between the classes (`0`, `1`, `0`, …),
/// so a validation split taken from the end of the file holds both. `noise` adds Gaussian noise of
/// standard deviation `noise × 5` to both coordinates.
public struct ToyData: Equatable, Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        case circle, xor, gauss, spiral, moons
    }

    public static let radius = 5.0
    public static let header = ["x1", "x2", "label"]

    public var kind: Kind
    /// Row-major, two values per row.
    public var features: [Double]
    /// 0 or 1 per row.
    public var labels: [Int]

    public var rowCount: Int { labels.count }

    /// `rows` points of `kind`, with `noise` (0 for none) and `seed`.
    public init(_ kind: Kind, rows: Int, noise: Double, seed: UInt64) {
        precondition(rows >= 0 && noise >= 0 && noise.isFinite)
        var generator = SeededGenerator(seed: seed)
        var features: [Double] = []
        features.reserveCapacity(rows * 2)
        var labels: [Int] = []
        labels.reserveCapacity(rows)
        let r = Self.radius
        let perClass = (rows + 1) / 2
        for row in 0..<rows {
            var label = row % 2
            // The position of this row within its class, 0 ≤ along < 1.
            let along = Double(row / 2) / Double(max(perClass, 1))
            var x: Double
            var y: Double
            switch kind {
            case .circle:
                // Class 1 inside half the radius, class 0 in the ring from 0.7 to 1 of it.
                let distance = label == 1 ? generator.unit() * 0.5 * r : (0.7 + 0.3 * generator.unit()) * r
                let angle = generator.unit() * 2 * Double.pi
                x = distance * sin(angle)
                y = distance * cos(angle)
            case .xor:
                // Uniform in the square, kept 0.3 away from the axes; class 1 where x and y share a sign.
                x = generator.unit() * 2 * r - r
                y = generator.unit() * 2 * r - r
                x += x > 0 ? 0.3 : -0.3
                y += y > 0 ? 0.3 : -0.3
                label = x * y >= 0 ? 1 : 0
            case .gauss:
                // Two unit-variance blobs centred on (2, 2) (class 1) and (−2, −2) (class 0).
                let centre = label == 1 ? 2.0 : -2.0
                x = centre + generator.gaussian()
                y = centre + generator.gaussian()
            case .spiral:
                // Two interleaved arms, each turning 1.75 times while its radius grows to 5.
                let distance = along * r
                let angle = 1.75 * along * 2 * Double.pi + (label == 1 ? 0 : Double.pi)
                x = distance * sin(angle)
                y = distance * cos(angle)
            case .moons:
                // Two interleaved half circles (scikit-learn's make_moons), scaled by 2.5 and centred.
                let angle = generator.unit() * Double.pi
                if label == 0 {
                    x = cos(angle)
                    y = sin(angle)
                } else {
                    x = 1 - cos(angle)
                    y = 0.5 - sin(angle)
                }
                x = (x - 0.5) * 2.5
                y = (y - 0.25) * 2.5
            }
            if noise > 0 {
                x += generator.gaussian() * noise * r
                y += generator.gaussian() * noise * r
            }
            features += [x, y]
            labels.append(label)
        }
        self.kind = kind
        self.features = features
        self.labels = labels
    }

    /// The rows as CSV: the header `x1,x2,label`, then each point with four decimals.
    public var csv: String {
        var out = Self.header.joined(separator: ",") + "\n"
        out.reserveCapacity(rowCount * 24)
        for row in 0..<rowCount {
            out += Self.decimal(features[2 * row]) + "," + Self.decimal(features[2 * row + 1]) + "," + String(labels[row]) + "\n"
        }
        return out
    }

    /// `value` with four decimals, never as "-0.0000".
    static func decimal(_ value: Double) -> String {
        let text = String(format: "%.4f", value)
        return text == "-0.0000" ? "0.0000" : text
    }
}

extension SeededGenerator {
    /// A uniform Double in [0, 1) from 53 random bits.
    mutating func unit() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }

    /// A standard normal number (Box–Muller, z = √(−2 ln u₁) · cos 2πu₂), u₁ kept away from 0.
    mutating func gaussian() -> Double {
        let u1 = (Double(next() >> 11) + 0.5) / Double(1 << 53)
        let u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
