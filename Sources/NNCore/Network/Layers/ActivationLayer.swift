import Foundation

/// An activation on its own: a = f(x) element by element (softmax over each row). `alpha` is leaky
/// ReLU's negative slope or ELU's α when the model gives one.
public struct ActivationLayer: Equatable, Sendable {
    public var name: String
    public var size: Int
    public var function: Activation
    public var alpha: Float?
    /// The function's name as the model file spells it, where it differs from `function`'s (see `Layer`).
    public var activationSpelling: String?

    /// The function's name to show: the file's spelling, else the function's name.
    public var activationName: String { activationSpelling ?? function.rawValue }

    public init(name: String, size: Int, function: Activation, alpha: Float? = nil) {
        self.name = name
        self.size = size
        self.function = function
        self.alpha = alpha
    }

    func forward(_ input: UnsafePointer<Float>, rows: Int, buffers: LayerBuffers) {
        function.forward(input, into: buffers.output.baseAddress!, rows: rows, width: size, alpha: alpha)
    }

    /// ∂L/∂x = f'(x)·∂L/∂a (the loss may have given ∂L/∂x already), written into `inputGradient`.
    func backward(input: UnsafePointer<Float>, rows: Int, buffers: LayerBuffers, gradientIsPreActivation: Bool,
                  inputGradient: UnsafeMutablePointer<Float>?) {
        let gradient = buffers.gradient.baseAddress!
        if !gradientIsPreActivation {
            function.backward(z: input, a: buffers.output.baseAddress!, gradient: gradient, rows: rows, width: size, alpha: alpha)
        }
        inputGradient?.update(from: gradient, count: rows * size)
    }
}

extension Activation {
    /// f(z) with leaky ReLU's slope or ELU's α given (the function's default when nil).
    @inline(__always)
    func scalar(_ z: Float, alpha: Float?) -> Float {
        guard let alpha else { return scalar(z) }
        switch self {
        case .leakyRelu: return z > 0 ? z : alpha * z
        case .elu: return z > 0 ? z : alpha * Foundation.expm1(z)
        default: return scalar(z)
        }
    }

    /// f'(z), given z and a = f(z), with leaky ReLU's slope or ELU's α given.
    @inline(__always)
    func derivative(z: Float, a: Float, alpha: Float?) -> Float {
        guard let alpha else { return derivative(z: z, a: a) }
        switch self {
        case .leakyRelu: return z > 0 ? 1 : alpha
        case .elu: return z > 0 ? 1 : a + alpha
        default: return derivative(z: z, a: a)
        }
    }

    /// a = f(z) over rows × width values.
    @inline(__always)
    func forward(_ z: UnsafePointer<Float>, into a: UnsafeMutablePointer<Float>, rows: Int, width: Int, alpha: Float? = nil) {
        if self == .relu {
            NNCore.relu(z, into: a, count: rows * width)
        } else if let alpha {
            for i in 0..<rows * width { a[i] = scalar(z[i], alpha: alpha) }
        } else {
            for r in 0..<rows {
                apply(UnsafeBufferPointer(start: z + r * width, count: width),
                      into: UnsafeMutableBufferPointer(start: a + r * width, count: width))
            }
        }
    }

    /// Turns ∂L/∂a into ∂L/∂z in place for the columns `columns` of rows × width values; only for a
    /// function of each value alone (not softmax), with its default constants.
    @inline(__always)
    func backward(z: UnsafePointer<Float>, a: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>, rows: Int, width: Int,
                  columns: Range<Int>) {
        precondition(self != .softmax)
        for r in 0..<rows {
            let offset = r * width + columns.lowerBound
            if self == .relu {
                reluBackward(z: z + offset, gradient: gradient + offset, count: columns.count)
            } else if self != .linear {
                for i in offset..<offset + columns.count { gradient[i] *= derivative(z: z[i], a: a[i]) }
            }
        }
    }

    /// Turns ∂L/∂a into ∂L/∂z in place over rows × width values.
    @inline(__always)
    func backward(z: UnsafePointer<Float>, a: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>, rows: Int, width: Int,
                  alpha: Float? = nil) {
        if self == .relu {
            reluBackward(z: z, gradient: gradient, count: rows * width)
        } else if let alpha {
            for i in 0..<rows * width { gradient[i] *= derivative(z: z[i], a: a[i], alpha: alpha) }
        } else {
            for r in 0..<rows {
                backward(z: UnsafeBufferPointer(start: z + r * width, count: width), a: UnsafeBufferPointer(start: a + r * width, count: width),
                         gradient: UnsafeMutableBufferPointer(start: gradient + r * width, count: width))
            }
        }
    }
}
