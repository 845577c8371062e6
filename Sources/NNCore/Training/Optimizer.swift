import Foundation

/// The optimizers nnviz trains with.
public enum OptimizerKind: String, CaseIterable, Sendable {
    case sgd, momentum, adam

    /// The learning rate used when none is given (Keras's defaults, 0.01 for SGD and 0.001 for Adam).
    public var defaultLearningRate: Float {
        switch self {
        case .sgd, .momentum: return 0.01
        case .adam: return 0.001
        }
    }
}

/// Updates parameters from their gradients, keeping per-parameter state (velocity, moments) in slots.
public protocol Optimizer {
    /// Applies one step to `parameters` (slot `slot`) given ∂L/∂parameters.
    mutating func update(_ parameters: UnsafeMutableBufferPointer<Float>, gradient: UnsafeBufferPointer<Float>, slot: Int)
    /// Called once after all slots of a step have been updated.
    mutating func finishStep()
}

extension Optimizer {
    /// Applies one step to the values of an array (slot `slot`) given ∂L/∂parameters.
    public mutating func update(_ parameters: inout [Float], gradient: UnsafeBufferPointer<Float>, slot: Int) {
        parameters.withUnsafeMutableBufferPointer { update($0, gradient: gradient, slot: slot) }
    }
}

/// Stochastic gradient descent, w ← w − η·g, or with momentum v ← μ·v − η·g, w ← w + v (as Keras does it).
public struct SGD: Optimizer {
    public var learningRate: Float
    public var momentum: Float
    private var velocities: [[Float]] = []

    public init(learningRate: Float, momentum: Float = 0) {
        self.learningRate = learningRate
        self.momentum = momentum
    }

    public mutating func update(_ parameters: UnsafeMutableBufferPointer<Float>, gradient: UnsafeBufferPointer<Float>, slot: Int) {
        let p = parameters
        let rate = learningRate
        if momentum == 0 {
            for i in 0..<p.count { p[i] -= rate * gradient[i] }
            return
        }
        while velocities.count <= slot { velocities.append([]) }
        if velocities[slot].isEmpty { velocities[slot] = [Float](repeating: 0, count: p.count) }
        let mu = momentum
        velocities[slot].withUnsafeMutableBufferPointer { v in
            for i in 0..<p.count {
                v[i] = mu * v[i] - rate * gradient[i]
                p[i] += v[i]
            }
        }
    }

    public mutating func finishStep() {}
}

/// Adam (Kingma & Ba), with Keras's defaults β₁ = 0.9, β₂ = 0.999, ε = 1e-7.
public struct Adam: Optimizer {
    public var learningRate: Float
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    private var step = 1
    private var first: [[Float]] = []
    private var second: [[Float]] = []
    /// The bias-corrected learning rate of the current step, worked out once per step.
    private var stepRate: (step: Int, rate: Float) = (0, 0)

    public init(learningRate: Float, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    public mutating func update(_ parameters: UnsafeMutableBufferPointer<Float>, gradient: UnsafeBufferPointer<Float>, slot: Int) {
        let p = parameters
        while first.count <= slot {
            first.append([])
            second.append([])
        }
        if first[slot].isEmpty {
            first[slot] = [Float](repeating: 0, count: p.count)
            second[slot] = [Float](repeating: 0, count: p.count)
        }
        if stepRate.step != step {
            let t = Float(step)
            stepRate = (step, learningRate * (1 - Foundation.pow(beta2, t)).squareRoot() / (1 - Foundation.pow(beta1, t)))
        }
        let (rate, b1, b2, eps) = (stepRate.rate, beta1, beta2, epsilon)
        first[slot].withUnsafeMutableBufferPointer { m in
            second[slot].withUnsafeMutableBufferPointer { v in
                for i in 0..<p.count {
                    let g = gradient[i]
                    m[i] += (g - m[i]) * (1 - b1)
                    v[i] += (g * g - v[i]) * (1 - b2)
                    p[i] -= rate * m[i] / (v[i].squareRoot() + eps)
                }
            }
        }
    }

    public mutating func finishStep() {
        step += 1
    }
}
