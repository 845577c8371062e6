/// A rectangle of a model's input space, sampled on a grid: two features vary over it, every other
/// feature keeps one fixed value. Positions are in the data's own units (before normalisation).
///
/// Grid point (column, row) is the centre of that cell; row 0 is the top of the picture, so it has the
/// largest y:
///
/// ```
/// x = xLower + (column + ½) · (xUpper − xLower) / columns
/// y = yUpper − (row + ½) · (yUpper − yLower) / rows
/// ```
public struct InputPlane: Equatable, Sendable {
    /// The positions of the two varying features among the model's inputs.
    public var xFeature: Int
    public var yFeature: Int
    public var xLower: Double
    public var xUpper: Double
    public var yLower: Double
    public var yUpper: Double
    public var columns: Int
    public var rows: Int
    /// One raw value per input feature; the entries of the two varying features are ignored.
    public var fixed: [Float]

    public init(xFeature: Int, yFeature: Int, x: ClosedRange<Double>, y: ClosedRange<Double>, columns: Int, rows: Int, fixed: [Float]) {
        precondition(columns > 0 && rows > 0 && fixed.indices.contains(xFeature) && fixed.indices.contains(yFeature))
        self.xFeature = xFeature
        self.yFeature = yFeature
        xLower = x.lowerBound
        xUpper = x.upperBound
        yLower = y.lowerBound
        yUpper = y.upperBound
        self.columns = columns
        self.rows = rows
        self.fixed = fixed
    }

    public var pointCount: Int { columns * rows }

    /// The centre of cell (`column`, `row`) in data units.
    public func point(column: Int, row: Int) -> (x: Double, y: Double) {
        (xLower + (Double(column) + 0.5) * (xUpper - xLower) / Double(columns),
         yUpper - (Double(row) + 0.5) * (yUpper - yLower) / Double(rows))
    }

    /// The raw input rows of every grid point, row by row from the top, `fixed.count` values each.
    public func inputs() -> [Float] {
        let width = fixed.count
        var values = [Float](repeating: 0, count: pointCount * width)
        for row in 0..<rows {
            for column in 0..<columns {
                let start = (row * columns + column) * width
                let (x, y) = point(column: column, row: row)
                for feature in 0..<width { values[start + feature] = fixed[feature] }
                values[start + xFeature] = Float(x)
                values[start + yFeature] = Float(y)
            }
        }
        return values
    }

    /// The network's outputs at every grid point (`network.outputSize` values each), the inputs
    /// normalised as the model normalises them, in batches through `Network.predict`.
    public func outputs(of network: Network, normalization: Normalization?) -> [Float] {
        var values = inputs()
        normalization?.apply(to: &values)
        return network.predict(values)
    }

    /// The activations of every layer at every grid point: element `l` holds layer l's
    /// `outputSize` values per point. Each layer runs as a one-layer network over the whole grid, so
    /// every step is one batched matrix product.
    public func activations(of network: Network, normalization: Normalization?) -> [[Float]] {
        var values = inputs()
        normalization?.apply(to: &values)
        var layers: [[Float]] = []
        for layer in network.layers {
            values = Network(layers: [layer]).predict(values)
            layers.append(values)
        }
        return layers
    }
}

extension ModelTask {
    /// The class a row of outputs stands for, as `nnviz predict` decides it: p > 0.5 for one sigmoid
    /// output, the first largest output otherwise; nil for regression.
    public func predictedClass(_ outputs: ArraySlice<Float>) -> Int? {
        switch self {
        case .regression:
            return nil
        case .binary:
            return (outputs.first ?? 0) > 0.5 ? 1 : 0
        case .categorical:
            var best = outputs.startIndex
            for index in outputs.indices where outputs[index] > outputs[best] { best = index }
            return best - outputs.startIndex
        }
    }
}
