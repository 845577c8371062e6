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
        let n = z.count
        switch (self, activation) {
        case (.categoricalCrossEntropy, .softmax):
            let maxZ = z.max() ?? 0
            var sumExp: Float = 0
            for k in 0..<n { sumExp += Foundation.exp(z[k] - maxZ) }
            let logSumExp = maxZ + Foundation.log(sumExp)
            var loss: Float = 0
            for k in 0..<n {
                loss += target[k] * (logSumExp - z[k])
                gradient[k] = a[k] - target[k]
            }
            return loss
        case (.binaryCrossEntropy, .sigmoid):
            var loss: Float = 0
            for k in 0..<n {
                let x = z[k]
                loss += max(x, 0) - x * target[k] + Foundation.log1p(Foundation.exp(-abs(x)))
                gradient[k] = (a[k] - target[k]) / Float(n)
            }
            return loss / Float(n)
        case (.meanSquaredError, _):
            var loss: Float = 0
            for k in 0..<n {
                let d = a[k] - target[k]
                loss += d * d
                gradient[k] = 2 * d / Float(n)
            }
            activation.backward(z: z, a: a, gradient: gradient)
            return loss / Float(n)
        default:
            preconditionFailure("\(self.rawValue) needs a \(requiredOutputActivation?.rawValue ?? "") output")
        }
    }
}
