/// How inputs are rescaled before the network sees them: x' = (x − offset) / scale, per feature.
public struct Normalization: Equatable, Sendable {
    public enum Method: String, CaseIterable, Sendable {
        case standard, minmax, none
    }

    public var method: Method
    public var offset: [Float]
    public var scale: [Float]

    public init(method: Method, offset: [Float], scale: [Float]) {
        self.method = method
        self.offset = offset
        self.scale = scale
    }

    /// Fits the normalisation on the rows of `features` (row-major, `width` columns).
    /// A constant column keeps scale 1 so that it maps to zero rather than to infinity.
    public init(fitting method: Method, features: [Float], width: Int) {
        let rows = width == 0 ? 0 : features.count / width
        var offset = [Float](repeating: 0, count: width)
        var scale = [Float](repeating: 1, count: width)
        if rows > 0 {
            for column in 0..<width {
                switch method {
                case .none:
                    break
                case .standard:
                    var mean: Double = 0
                    for row in 0..<rows { mean += Double(features[row * width + column]) }
                    mean /= Double(rows)
                    var variance: Double = 0
                    for row in 0..<rows {
                        let d = Double(features[row * width + column]) - mean
                        variance += d * d
                    }
                    let deviation = (variance / Double(rows)).squareRoot()
                    offset[column] = Float(mean)
                    scale[column] = deviation > 1e-12 ? Float(deviation) : 1
                case .minmax:
                    var low = Float.infinity
                    var high = -Float.infinity
                    for row in 0..<rows {
                        low = min(low, features[row * width + column])
                        high = max(high, features[row * width + column])
                    }
                    offset[column] = low
                    scale[column] = high - low > 0 ? high - low : 1
                }
            }
        }
        self.init(method: method, offset: offset, scale: scale)
    }

    /// Applies the normalisation to one row or to many rows in place.
    public func apply(to values: inout [Float]) {
        guard method != .none, !offset.isEmpty else { return }
        let width = offset.count
        for index in values.indices {
            let column = index % width
            values[index] = (values[index] - offset[column]) / scale[column]
        }
    }

    public func applied(to values: [Float]) -> [Float] {
        var copy = values
        apply(to: &copy)
        return copy
    }
}
