import Foundation

/// A loss function L(ŷ, y), averaged over the rows of a batch.
public enum Loss: String, CaseIterable, Sendable {
    case meanSquaredError = "mse"
    case binaryCrossEntropy = "binary_crossentropy"
    case categoricalCrossEntropy = "categorical_crossentropy"

    /// Reads nnviz's and Keras's names for a loss.
    public init?(name: String) {
        switch name.lowercased() {
        case "mse", "mean_squared_error", "meansquarederror": self = .meanSquaredError
        case "binary_crossentropy", "bce", "binarycrossentropy": self = .binaryCrossEntropy
        case "categorical_crossentropy", "sparse_categorical_crossentropy", "cce",
             "categoricalcrossentropy", "sparsecategoricalcrossentropy": self = .categoricalCrossEntropy
        default: return nil
        }
    }

    /// A definition for people.
    public var formula: String {
        switch self {
        case .meanSquaredError: return "L = (1/n) Σ_k (ŷ_k − y_k)²"
        case .binaryCrossEntropy: return "L = −[y ln ŷ + (1 − y) ln(1 − ŷ)]"
        case .categoricalCrossEntropy: return "L = −Σ_k y_k ln ŷ_k"
        }
    }

    /// The output activation this loss needs, if it needs one.
    public var requiredOutputActivation: Activation? {
        switch self {
        case .meanSquaredError: return nil
        case .binaryCrossEntropy: return .sigmoid
        case .categoricalCrossEntropy: return .softmax
        }
    }

    /// The loss of one row and, in `gradient`, ∂L/∂z for that row (not yet divided by the batch size).
    ///
    /// softmax + cross-entropy and sigmoid + binary cross-entropy use the stable combined form
    /// computed from z, whose gradient is simply ŷ − y.
    public func rowLoss(z: UnsafeBufferPointer<Float>, a: UnsafeBufferPointer<Float>,
                        target: UnsafeBufferPointer<Float>, activation: Activation,
                        gradient: UnsafeMutableBufferPointer<Float>) -> Float {
        precondition(a.count == z.count && target.count == z.count && gradient.count == z.count)
        return summedLoss(z: z.baseAddress!, a: a.baseAddress!, target: target.baseAddress!, rows: 1, width: z.count,
                          activation: activation, gradient: gradient.baseAddress!, gradientScale: 1)
    }

    /// The losses of `rows` rows of `width` values, summed from the first row on, each row's computed
    /// as `rowLoss` computes it; ∂L/∂z of every row goes into `gradient`, multiplied by `gradientScale`
    /// (1/rows for a batch's mean) as the last operation on each value.
    func summedLoss(z: UnsafePointer<Float>, a: UnsafePointer<Float>, target: UnsafePointer<Float>, rows: Int, width n: Int,
                    activation: Activation, gradient: UnsafeMutablePointer<Float>, gradientScale: Float) -> Float {
        var total: Float = 0
        switch (self, activation) {
        case (.categoricalCrossEntropy, .softmax):
            for r in 0..<rows {
                let (z, a, target, gradient) = (z + r * n, a + r * n, target + r * n, gradient + r * n)
                let maxZ = UnsafeBufferPointer(start: z, count: n).max() ?? 0
                var sumExp: Float = 0
                for k in 0..<n { sumExp += Foundation.exp(z[k] - maxZ) }
                let logSumExp = maxZ + Foundation.log(sumExp)
                var loss: Float = 0
                for k in 0..<n {
                    loss += target[k] * (logSumExp - z[k])
                    gradient[k] = (a[k] - target[k]) * gradientScale
                }
                total += loss
            }
        case (.binaryCrossEntropy, .sigmoid):
            for r in 0..<rows {
                let (z, a, target, gradient) = (z + r * n, a + r * n, target + r * n, gradient + r * n)
                var loss: Float = 0
                for k in 0..<n {
                    let x = z[k]
                    loss += max(x, 0) - x * target[k] + Foundation.log1p(Foundation.exp(-abs(x)))
                    gradient[k] = (a[k] - target[k]) / Float(n) * gradientScale
                }
                total += loss / Float(n)
            }
        case (.meanSquaredError, _):
            for r in 0..<rows {
                let (z, a, target, gradient) = (z + r * n, a + r * n, target + r * n, gradient + r * n)
                var loss: Float = 0
                for k in 0..<n {
                    let d = a[k] - target[k]
                    loss += d * d
                    gradient[k] = 2 * d / Float(n)
                }
                activation.backward(z: UnsafeBufferPointer(start: z, count: n), a: UnsafeBufferPointer(start: a, count: n),
                                    gradient: UnsafeMutableBufferPointer(start: gradient, count: n))
                for k in 0..<n { gradient[k] *= gradientScale }
                total += loss / Float(n)
            }
        default:
            preconditionFailure("\(self.rawValue) needs a \(requiredOutputActivation?.rawValue ?? "") output")
        }
        return total
    }
}
