/// Batch normalisation, per feature j:
///
/// ```
/// x̂ = (x − μ) / √(σ² + ε),   a = γ·x̂ + β
/// ```
///
/// While training, μ and σ² are the batch's mean and variance (the mean of (x − μ)², as Keras
/// computes it) and the moving statistics follow them: moving ← momentum·moving + (1 − momentum)·batch.
/// At inference, μ and σ² are the moving statistics.
public struct BatchNorm: Equatable, Sendable {
    public var name: String
    public var size: Int
    public var epsilon: Float
    public var momentum: Float
    /// Whether β is learned (Keras's `center`); without it β stays 0.
    public var center: Bool
    /// Whether γ is learned (Keras's `scale`); without it γ stays 1.
    public var scale: Bool
    public var parameters: BatchNormParameters

    public init(name: String, epsilon: Float = 0.001, momentum: Float = 0.99, center: Bool = true, scale: Bool = true,
                parameters: BatchNormParameters) {
        precondition(epsilon > 0)
        self.name = name
        size = parameters.features
        self.epsilon = epsilon
        self.momentum = momentum
        self.center = center
        self.scale = scale
        self.parameters = parameters
    }

    func makeBuffers(rows: Int) -> LayerBuffers {
        LayerBuffers(rows: rows, width: size, z: true, parameterGradients: [size, size], statistics: [size, size, size])
    }

    /// x̂ into `buffers.z`, a into `buffers.output`; μ, σ² and 1/√(σ² + ε) into `buffers.statistics`.
    func forward(_ input: UnsafePointer<Float>, rows: Int, buffers: LayerBuffers, mode: ForwardMode) {
        let (mean, variance, inverse) = (buffers.statistics[0], buffers.statistics[1], buffers.statistics[2])
        if mode == .training {
            for j in 0..<size { mean[j] = 0; variance[j] = 0 }
            for r in 0..<rows {
                for j in 0..<size { mean[j] += input[r * size + j] }
            }
            for j in 0..<size { mean[j] /= Float(rows) }
            for r in 0..<rows {
                for j in 0..<size {
                    let d = input[r * size + j] - mean[j]
                    variance[j] += d * d
                }
            }
            for j in 0..<size { variance[j] /= Float(rows) }
        } else {
            _ = mean.update(fromContentsOf: parameters.movingMean)
            _ = variance.update(fromContentsOf: parameters.movingVariance)
        }
        for j in 0..<size { inverse[j] = 1 / (variance[j] + epsilon).squareRoot() }
        let (xHat, output) = (buffers.z, buffers.output)
        for r in 0..<rows {
            for j in 0..<size {
                let index = r * size + j
                xHat[index] = (input[index] - mean[j]) * inverse[j]
                output[index] = parameters.gamma[j] * xHat[index] + parameters.beta[j]
            }
        }
    }

    /// ∂L/∂γ = Σ_rows ∂L/∂a·x̂ and ∂L/∂β = Σ_rows ∂L/∂a, and, if asked, ∂L/∂x: at inference
    /// γ/√(σ² + ε)·∂L/∂a; in training, where μ and σ² depend on every row of the batch,
    ///
    /// ```
    /// ∂L/∂x = γ/√(σ² + ε) · (∂L/∂a − mean(∂L/∂a) − x̂·mean(∂L/∂a·x̂))
    /// ```
    func backward(rows: Int, buffers: LayerBuffers, mode: ForwardMode, inputGradient: UnsafeMutablePointer<Float>?) {
        let (gradient, xHat, inverse) = (buffers.gradient, buffers.z, buffers.statistics[2])
        let (dGamma, dBeta) = (buffers.parameterGradients[0], buffers.parameterGradients[1])
        for j in 0..<size { dGamma[j] = 0; dBeta[j] = 0 }
        for r in 0..<rows {
            for j in 0..<size {
                dGamma[j] += gradient[r * size + j] * xHat[r * size + j]
                dBeta[j] += gradient[r * size + j]
            }
        }
        guard let inputGradient else { return }
        let n = Float(rows)
        for r in 0..<rows {
            for j in 0..<size {
                let index = r * size + j
                let factor = parameters.gamma[j] * inverse[j]
                inputGradient[index] = mode == .training
                    ? factor * (gradient[index] - dBeta[j] / n - xHat[index] * dGamma[j] / n)
                    : factor * gradient[index]
            }
        }
    }

    /// The optimizer's step on γ (slot `slot`) and β (`slot + 1`) where they are learned; in training,
    /// the moving statistics move towards the batch's.
    mutating func update(_ optimizer: inout any Optimizer, buffers: LayerBuffers, slot: Int, mode: ForwardMode) {
        if scale { optimizer.update(&parameters.gamma, gradient: UnsafeBufferPointer(buffers.parameterGradients[0]), slot: slot) }
        if center { optimizer.update(&parameters.beta, gradient: UnsafeBufferPointer(buffers.parameterGradients[1]), slot: slot + 1) }
        guard mode == .training else { return }
        let (mean, variance) = (buffers.statistics[0], buffers.statistics[1])
        for j in 0..<size {
            parameters.movingMean[j] = momentum * parameters.movingMean[j] + (1 - momentum) * mean[j]
            parameters.movingVariance[j] = momentum * parameters.movingVariance[j] + (1 - momentum) * variance[j]
        }
    }
}
