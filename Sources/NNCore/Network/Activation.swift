import Foundation

/// An activation function a = f(z), as Keras defines it.
public enum Activation: String, CaseIterable, Sendable {
    case relu, sigmoid, tanh, softmax, linear
    case leakyRelu = "leaky_relu"
    case elu, selu, gelu, swish, softplus

    /// Keras's names and aliases for each function.
    public init?(kerasName: String) {
        switch kerasName.lowercased() {
        case "silu": self = .swish
        case "leakyrelu": self = .leakyRelu
        case "none", "": self = .linear
        default: self.init(rawValue: kerasName.lowercased())
        }
    }

    /// The name a file gave to this function, kept for display when it is not the function's own name
    /// (`silu` for `swish`); nil when it is that name, or names no function (`none` is `linear`).
    public static func spelling(_ name: String, of activation: Activation) -> String? {
        let lowered = name.lowercased()
        return lowered == activation.rawValue || lowered == "none" || lowered.isEmpty ? nil : name
    }

    /// The slope of leaky ReLU for negative z (Keras 3's default `negative_slope`).
    public static let leakySlope: Float = 0.2
    /// SELU's constants, as in Keras.
    public static let seluAlpha: Float = 1.6732632423543772
    public static let seluScale: Float = 1.0507009873554805

    /// A short definition for people, e.g. `max(0, z)`.
    public var formula: String {
        switch self {
        case .relu: return "max(0, z)"
        case .sigmoid: return "1 / (1 + e^(-z))"
        case .tanh: return "(e^z - e^(-z)) / (e^z + e^(-z))"
        case .softmax: return "e^(z_k) / Σ_j e^(z_j)"
        case .linear: return "z"
        case .leakyRelu: return "z if z > 0, else 0.2·z"
        case .elu: return "z if z > 0, else e^z - 1"
        case .selu: return "1.0507·z if z > 0, else 1.0507·1.6733·(e^z - 1)"
        case .gelu: return "z·Φ(z) = z/2 · (1 + erf(z/√2))"
        case .swish: return "z · sigmoid(z)"
        case .softplus: return "ln(1 + e^z)"
        }
    }

    /// Applies the function to one row of weighted sums (softmax needs the whole row).
    @inline(__always)
    public func apply(_ z: UnsafeBufferPointer<Float>, into a: UnsafeMutableBufferPointer<Float>) {
        precondition(z.count == a.count)
        switch self {
        case .softmax:
            let maxZ = z.max() ?? 0
            var sum: Float = 0
            for i in 0..<z.count {
                let e = Foundation.exp(z[i] - maxZ)
                a[i] = e
                sum += e
            }
            for i in 0..<z.count { a[i] /= sum }
        default:
            for i in 0..<z.count { a[i] = scalar(z[i]) }
        }
    }

    public func apply(_ z: [Float]) -> [Float] {
        var a = [Float](repeating: 0, count: z.count)
        z.withUnsafeBufferPointer { zp in a.withUnsafeMutableBufferPointer { apply(zp, into: $0) } }
        return a
    }

    /// f(z) for an element-wise function.
    @inline(__always)
    public func scalar(_ z: Float) -> Float {
        switch self {
        case .relu: return z > 0 ? z : 0
        case .sigmoid: return stableSigmoid(z)
        case .tanh: return Foundation.tanh(z)
        case .linear, .softmax: return z
        case .leakyRelu: return z > 0 ? z : Self.leakySlope * z
        case .elu: return z > 0 ? z : Foundation.expm1(z)
        case .selu: return Self.seluScale * (z > 0 ? z : Self.seluAlpha * Foundation.expm1(z))
        case .gelu: return 0.5 * z * (1 + Foundation.erf(z / Float(2).squareRoot()))
        case .swish: return z * stableSigmoid(z)
        case .softplus: return z > 20 ? z : Foundation.log1p(Foundation.exp(z))
        }
    }

    /// f'(z) for an element-wise function, given z and a = f(z).
    @inline(__always)
    public func derivative(z: Float, a: Float) -> Float {
        switch self {
        case .relu: return z > 0 ? 1 : 0
        case .sigmoid: return a * (1 - a)
        case .tanh: return 1 - a * a
        case .linear, .softmax: return 1
        case .leakyRelu: return z > 0 ? 1 : Self.leakySlope
        case .elu: return z > 0 ? 1 : a + 1
        case .selu: return z > 0 ? Self.seluScale : a + Self.seluScale * Self.seluAlpha
        case .gelu:
            let cdf = 0.5 * (1 + Foundation.erf(z / Float(2).squareRoot()))
            let pdf = Foundation.exp(-0.5 * z * z) / Float(2 * Double.pi).squareRoot()
            return cdf + z * pdf
        case .swish:
            let s = stableSigmoid(z)
            return s + z * s * (1 - s)
        case .softplus: return stableSigmoid(z)
        }
    }

    /// Turns ∂L/∂a into ∂L/∂z for one row, in place in `gradient`.
    public func backward(z: UnsafeBufferPointer<Float>, a: UnsafeBufferPointer<Float>,
                         gradient: UnsafeMutableBufferPointer<Float>) {
        switch self {
        case .softmax:
            // ∂L/∂z_k = a_k (g_k − Σ_j g_j a_j)
            var dot: Float = 0
            for j in 0..<a.count { dot += gradient[j] * a[j] }
            for k in 0..<a.count { gradient[k] = a[k] * (gradient[k] - dot) }
        case .linear:
            break
        default:
            for i in 0..<z.count { gradient[i] *= derivative(z: z[i], a: a[i]) }
        }
    }
}

@inline(__always)
func stableSigmoid(_ z: Float) -> Float {
    if z >= 0 {
        return 1 / (1 + Foundation.exp(-z))
    }
    let e = Foundation.exp(z)
    return e / (1 + e)
}
