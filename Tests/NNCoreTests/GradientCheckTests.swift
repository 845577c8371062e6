import Foundation
import Testing
@testable import NNCore

/// Checks backpropagation against finite differences of an independent Double-precision forward pass
/// (the oracle), for every activation in a hidden layer combined with every loss/output pair the
/// trainer accepts.
@Suite struct GradientCheckTests {
    struct OutputPair: CustomStringConvertible, Sendable {
        var loss: Loss
        var activation: Activation
        var description: String { "\(loss.rawValue)+\(activation.rawValue)" }
    }

    static let outputPairs: [OutputPair] =
        Activation.allCases.map { OutputPair(loss: .meanSquaredError, activation: $0) }
        + [OutputPair(loss: .binaryCrossEntropy, activation: .sigmoid),
           OutputPair(loss: .categoricalCrossEntropy, activation: .softmax)]

    @Test(arguments: Activation.allCases, outputPairs)
    func backpropagationMatchesFiniteDifferences(hidden: Activation, output: OutputPair) throws {
        var generator = SeededGenerator(seed: 42)
        let outputs = output.loss == .binaryCrossEntropy ? 1 : 3
        let network = Network(layers: [
            Dense(name: "a", inputSize: 4, outputSize: 5, activation: hidden, glorotUniformFrom: &generator),
            Dense(name: "b", inputSize: 5, outputSize: outputs, activation: output.activation, glorotUniformFrom: &generator),
        ].map { layer in
            var layer = layer
            layer.bias = layer.bias.map { _ in generator.uniform(-0.5, 0.5) }
            return layer
        })
        let input: [Float] = (0..<4).map { _ in generator.uniform(-1.5, 1.5) }
        var target = [Float](repeating: 0, count: outputs)
        switch output.loss {
        case .categoricalCrossEntropy: target[1] = 1
        case .binaryCrossEntropy: target[0] = 1
        case .meanSquaredError: target = target.map { _ in generator.uniform(-1, 1) }
        }

        let pass = network.backward(network.trace(input), target: target, loss: output.loss)
        let oracleLoss = OracleNetwork(network).loss(input: input.map(Double.init), target: target.map(Double.init), loss: output.loss)
        #expect(abs(Double(pass.loss) - oracleLoss) <= 1e-4 * max(1, abs(oracleLoss)))

        for (index, layer) in network.layers.compactMap(\.dense).enumerated() {
            for parameter in 0..<(layer.weights.count + layer.bias.count) {
                var oracle = OracleNetwork(network)
                let h = 1e-6
                oracle.nudge(layer: index, parameter: parameter, by: h)
                let up = oracle.loss(input: input.map(Double.init), target: target.map(Double.init), loss: output.loss)
                oracle.nudge(layer: index, parameter: parameter, by: -2 * h)
                let down = oracle.loss(input: input.map(Double.init), target: target.map(Double.init), loss: output.loss)
                let numeric = (up - down) / (2 * h)
                let analytic = parameter < layer.weights.count
                    ? Double(pass.layers[index].weights[parameter])
                    : Double(pass.layers[index].bias[parameter - layer.weights.count])
                let scale = max(abs(numeric), abs(analytic), 1e-3)
                #expect(abs(numeric - analytic) / scale < 1e-3,
                        "layer \(index) parameter \(parameter): numeric \(numeric), backprop \(analytic)")
            }
        }
    }
}

/// A plain Double-precision forward pass written independently of NNCore's, used as the oracle.
struct OracleNetwork {
    struct Layer {
        var inputs: Int
        var outputs: Int
        var activation: Activation
        var weights: [Double]
        var bias: [Double]
    }

    var layers: [Layer]

    init(_ network: Network) {
        layers = network.layers.compactMap(\.dense).map {
            Layer(inputs: $0.inputSize, outputs: $0.outputSize, activation: $0.activation,
                  weights: $0.weights.map(Double.init), bias: $0.bias.map(Double.init))
        }
    }

    mutating func nudge(layer: Int, parameter: Int, by amount: Double) {
        if parameter < layers[layer].weights.count {
            layers[layer].weights[parameter] += amount
        } else {
            layers[layer].bias[parameter - layers[layer].weights.count] += amount
        }
    }

    static func activate(_ z: [Double], _ activation: Activation) -> [Double] {
        func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
        switch activation {
        case .softmax:
            let m = z.max() ?? 0
            let e = z.map { exp($0 - m) }
            let s = e.reduce(0, +)
            return e.map { $0 / s }
        case .relu: return z.map { max(0, $0) }
        case .sigmoid: return z.map(sigmoid)
        case .tanh: return z.map { Foundation.tanh($0) }
        case .linear: return z
        case .leakyRelu: return z.map { $0 > 0 ? $0 : 0.2 * $0 }
        case .elu: return z.map { $0 > 0 ? $0 : exp($0) - 1 }
        case .selu: return z.map { 1.0507009873554805 * ($0 > 0 ? $0 : 1.6732632423543772 * (exp($0) - 1)) }
        case .gelu: return z.map { 0.5 * $0 * (1 + erf($0 / 2.0.squareRoot())) }
        case .swish: return z.map { $0 * sigmoid($0) }
        case .softplus: return z.map { log(1 + exp($0)) }
        }
    }

    func loss(input: [Double], target: [Double], loss: Loss) -> Double {
        var a = input
        for layer in layers {
            var z = [Double](repeating: 0, count: layer.outputs)
            for j in 0..<layer.outputs {
                z[j] = layer.bias[j]
                for i in 0..<layer.inputs { z[j] += layer.weights[j * layer.inputs + i] * a[i] }
            }
            a = Self.activate(z, layer.activation)
        }
        switch loss {
        case .meanSquaredError:
            return zip(a, target).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(a.count)
        case .binaryCrossEntropy:
            return zip(a, target).map { -($1 * log($0) + (1 - $1) * log(1 - $0)) }.reduce(0, +) / Double(a.count)
        case .categoricalCrossEntropy:
            return zip(a, target).map { -$1 * log($0) }.reduce(0, +)
        }
    }
}
