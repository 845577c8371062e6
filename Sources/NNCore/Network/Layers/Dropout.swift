/// Dropout: while training, each value is zeroed with probability `rate` and the others scaled by
/// 1/(1 − rate) (inverted dropout, as Keras does it), so that inference is the identity.
public struct Dropout: Equatable, Sendable {
    public var name: String
    public var size: Int
    public var rate: Float

    public init(name: String, size: Int, rate: Float) {
        precondition(rate >= 0 && rate < 1)
        self.name = name
        self.size = size
        self.rate = rate
    }

    /// The identity at inference; in training, a = x·m with a mask m drawn from `generator` and kept
    /// in `buffers.z` for the backward pass.
    func forward(_ input: UnsafePointer<Float>, rows: Int, buffers: LayerBuffers, mode: ForwardMode,
                 generator: inout SeededGenerator) {
        let output = buffers.output.baseAddress!
        guard mode == .training, rate > 0 else {
            output.update(from: input, count: rows * size)
            return
        }
        let mask = buffers.z.baseAddress!
        let kept = 1 / (1 - rate)
        for i in 0..<rows * size {
            mask[i] = generator.uniform(0, 1) < rate ? 0 : kept
            output[i] = input[i] * mask[i]
        }
    }

    /// ∂L/∂x = m·∂L/∂a (∂L/∂a at inference).
    func backward(rows: Int, buffers: LayerBuffers, mode: ForwardMode, inputGradient: UnsafeMutablePointer<Float>?) {
        guard let inputGradient else { return }
        let gradient = buffers.gradient.baseAddress!
        guard mode == .training, rate > 0 else {
            inputGradient.update(from: gradient, count: rows * size)
            return
        }
        let mask = buffers.z.baseAddress!
        for i in 0..<rows * size { inputGradient[i] = gradient[i] * mask[i] }
    }
}
