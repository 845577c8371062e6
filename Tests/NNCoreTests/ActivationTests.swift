import Foundation
import Testing
@testable import NNCore

@Suite struct ActivationTests {
    /// Known values, as Keras computes them.
    @Test(arguments: [
        (Activation.relu, Float(-2), Float(0)), (.relu, 1.5, 1.5),
        (.sigmoid, 0, 0.5), (.sigmoid, 2, 0.880797),
        (.tanh, 0.5, 0.462117),
        (.linear, -3, -3),
        (.leakyRelu, -1, -0.2), (.leakyRelu, 2, 2),
        (.elu, -1, -0.632121), (.elu, 1, 1),
        (.selu, -1, -1.111331), (.selu, 1, 1.050701),
        (.gelu, 1, 0.841345), (.gelu, -1, -0.158655),
        (.swish, 1, 0.731059),
        (.softplus, 0, 0.693147), (.softplus, 30, 30),
    ])
    func knownValues(activation: Activation, z: Float, expected: Float) {
        #expect(abs(activation.scalar(z) - expected) < 1e-5)
    }

    @Test func softmaxSumsToOneAndIsStableForLargeInputs() {
        let a = Activation.softmax.apply([1000, 1001, 1002])
        #expect(abs(a.reduce(0, +) - 1) < 1e-6)
        #expect(abs(a[2] - 0.665241) < 1e-5)
        #expect(a.allSatisfy { $0.isFinite })
    }

    @Test func sigmoidIsStableForLargeMagnitudes() {
        #expect(Activation.sigmoid.scalar(-200) == 0)
        #expect(Activation.sigmoid.scalar(200) == 1)
    }

    @Test(arguments: Activation.allCases.filter { $0 != .softmax })
    func derivativeMatchesFiniteDifference(activation: Activation) {
        for z: Float in [-2.3, -0.7, 0.4, 1.9] {
            let h: Float = 1e-2
            let numeric = (activation.scalar(z + h) - activation.scalar(z - h)) / (2 * h)
            let analytic = activation.derivative(z: z, a: activation.scalar(z))
            #expect(abs(numeric - analytic) < 2e-3, "\(activation) at \(z): \(numeric) vs \(analytic)")
        }
    }

    @Test func kerasNamesAndAliases() {
        #expect(Activation(kerasName: "silu") == .swish)
        #expect(Activation(kerasName: "leaky_relu") == .leakyRelu)
        #expect(Activation(kerasName: "hard_sigmoid") == nil)
    }
}
