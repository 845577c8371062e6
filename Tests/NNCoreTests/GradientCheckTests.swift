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

/// Backpropagation through activation, dropout and batch normalisation layers, in a batch of rows,
/// against finite differences of a Double oracle that runs the same chain.
@Suite struct LayerGradientCheckTests {
    /// Dense → BatchNorm → LeakyReLU(0.1) → Dropout → Dense → Activation(softmax or sigmoid), with
    /// batch statistics (training) or moving ones (inference), over a batch of 5 rows.
    @Test(arguments: [ForwardMode.training, .inference], [Loss.categoricalCrossEntropy, .binaryCrossEntropy, .meanSquaredError])
    func chainsOfEveryKindMatchFiniteDifferences(mode: ForwardMode, loss: Loss) throws {
        var generator = SeededGenerator(seed: 17)
        let outputs = loss == .binaryCrossEntropy ? 1 : 3
        let output: Activation = loss == .binaryCrossEntropy ? .sigmoid : loss == .categoricalCrossEntropy ? .softmax : .tanh
        func values(_ count: Int, _ low: Float, _ high: Float) -> [Float] { (0..<count).map { _ in generator.uniform(low, high) } }
        let network = Network(layers: [
            .dense(Dense(name: "a", inputSize: 3, outputSize: 4, activation: .linear, weights: values(12, -1, 1), bias: values(4, -0.5, 0.5))),
            .batchNormalization(BatchNorm(name: "bn", epsilon: 0.01, parameters: BatchNormParameters(
                gamma: values(4, 0.5, 1.5), beta: values(4, -0.5, 0.5), movingMean: values(4, -0.3, 0.3), movingVariance: values(4, 0.5, 2)))),
            .activation(ActivationLayer(name: "leaky", size: 4, function: .leakyRelu, alpha: 0.1)),
            .dropout(Dropout(name: "drop", size: 4, rate: 0.3)),
            .dense(Dense(name: "b", inputSize: 4, outputSize: outputs, activation: .linear, weights: values(4 * outputs, -1, 1),
                         bias: values(outputs, -0.5, 0.5))),
            .activation(ActivationLayer(name: "out", size: outputs, function: output)),
        ])
        let rows = 5
        let inputs = values(rows * 3, -2, 2)
        var targets = [Float](repeating: 0, count: rows * outputs)
        for r in 0..<rows {
            if loss == .meanSquaredError {
                for k in 0..<outputs { targets[r * outputs + k] = generator.uniform(-1, 1) }
            } else {
                targets[r * outputs + (outputs == 1 ? 0 : r % outputs)] = outputs == 1 ? Float(r % 2) : 1
            }
        }
        // The dropout mask of the pass, read back so that the oracle drops the same values.
        let seed: UInt64 = 3
        let pass = network.backward(inputs: inputs, targets: targets, loss: loss, mode: mode, seed: seed)
        var mask = [Double](repeating: 1, count: rows * 4)
        if mode == .training {
            let workspace = Workspace(network: network, rows: rows)
            var masks = SeededGenerator(seed: seed)
            inputs.withUnsafeBufferPointer { workspace.forward(network, input: $0.baseAddress!, rows: rows, mode: .training, generator: &masks) }
            mask = workspace.buffers[3].z.prefix(rows * 4).map(Double.init)
        }
        let oracle = ChainOracle(network: network, training: mode == .training, mask: mask)
        let x = inputs.map(Double.init)
        let t = targets.map(Double.init)
        let oracleLoss = oracle.loss(x, t, rows: rows, loss: loss)
        #expect(abs(Double(pass.loss) - oracleLoss) <= 1e-4 * max(1, abs(oracleLoss)))
        for (layer, tensors) in oracle.parameters.enumerated() {
            for (tensor, count) in tensors.enumerated() {
                for i in 0..<count {
                    var nudged = oracle
                    let h = 1e-6
                    nudged.nudge(layer: layer, tensor: tensor, index: i, by: h)
                    let up = nudged.loss(x, t, rows: rows, loss: loss)
                    nudged.nudge(layer: layer, tensor: tensor, index: i, by: -2 * h)
                    let down = nudged.loss(x, t, rows: rows, loss: loss)
                    let numeric = (up - down) / (2 * h)
                    let analytic = Double(pass.layers[layer].parameters[tensor][i])
                    let scale = max(abs(numeric), abs(analytic), 1e-3)
                    #expect(abs(numeric - analytic) / scale < 2e-3,
                            "\(network.layers[layer].name) tensor \(tensor)[\(i)]: numeric \(numeric), backprop \(analytic)")
                }
            }
        }
    }
}

/// The chain of `LayerGradientCheckTests` in Double precision, written apart from NNCore's passes.
struct ChainOracle {
    enum Step {
        case dense(w: [Double], b: [Double], inputs: Int, outputs: Int)
        case batchNorm(gamma: [Double], beta: [Double], mean: [Double], variance: [Double], epsilon: Double)
        case activation(Activation, alpha: Double?)
        case dropout
    }

    var steps: [Step]
    var training: Bool
    var mask: [Double]

    init(network: Network, training: Bool, mask: [Double]) {
        self.training = training
        self.mask = mask
        steps = network.layers.map { layer in
            switch layer {
            case let .dense(d):
                return .dense(w: d.weights.map(Double.init), b: d.bias.map(Double.init), inputs: d.inputSize, outputs: d.outputSize)
            case let .batchNormalization(bn):
                let p = bn.parameters
                return .batchNorm(gamma: p.gamma.map(Double.init), beta: p.beta.map(Double.init), mean: p.movingMean.map(Double.init),
                                  variance: p.movingVariance.map(Double.init), epsilon: Double(bn.epsilon))
            case let .activation(a): return .activation(a.function, alpha: a.alpha.map(Double.init))
            case .dropout, .passThrough: return .dropout
            }
        }
    }

    /// The sizes of each step's learned tensors.
    var parameters: [[Int]] {
        steps.map { step in
            switch step {
            case let .dense(w, b, _, _): return [w.count, b.count]
            case let .batchNorm(gamma, beta, _, _, _): return [gamma.count, beta.count]
            default: return []
            }
        }
    }

    mutating func nudge(layer: Int, tensor: Int, index: Int, by amount: Double) {
        switch steps[layer] {
        case var .dense(w, b, inputs, outputs):
            if tensor == 0 { w[index] += amount } else { b[index] += amount }
            steps[layer] = .dense(w: w, b: b, inputs: inputs, outputs: outputs)
        case var .batchNorm(gamma, beta, mean, variance, epsilon):
            if tensor == 0 { gamma[index] += amount } else { beta[index] += amount }
            steps[layer] = .batchNorm(gamma: gamma, beta: beta, mean: mean, variance: variance, epsilon: epsilon)
        default:
            break
        }
    }

    func loss(_ x: [Double], _ target: [Double], rows: Int, loss: Loss) -> Double {
        var a = x
        var width = x.count / rows
        for step in steps {
            switch step {
            case let .dense(w, b, inputs, outputs):
                var z = [Double](repeating: 0, count: rows * outputs)
                for r in 0..<rows {
                    for j in 0..<outputs {
                        z[r * outputs + j] = b[j] + (0..<inputs).reduce(0) { $0 + w[j * inputs + $1] * a[r * inputs + $1] }
                    }
                }
                a = z
                width = outputs
            case let .batchNorm(gamma, beta, movingMean, movingVariance, epsilon):
                for j in 0..<width {
                    let column = (0..<rows).map { a[$0 * width + j] }
                    let mean = training ? column.reduce(0, +) / Double(rows) : movingMean[j]
                    let variance = training ? column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(rows) : movingVariance[j]
                    for r in 0..<rows { a[r * width + j] = gamma[j] * (a[r * width + j] - mean) / (variance + epsilon).squareRoot() + beta[j] }
                }
            case let .activation(function, alpha):
                for r in 0..<rows {
                    let row = Array(a[r * width..<(r + 1) * width])
                    let out: [Double] = if function == .leakyRelu, let alpha { row.map { $0 > 0 ? $0 : alpha * $0 } }
                        else { OracleNetwork.activate(row, function) }
                    a.replaceSubrange(r * width..<(r + 1) * width, with: out)
                }
            case .dropout:
                if training { a = zip(a, mask).map { $0 * $1 } }
            }
        }
        var total = 0.0
        for r in 0..<rows {
            let y = Array(a[r * width..<(r + 1) * width])
            let t = Array(target[r * width..<(r + 1) * width])
            switch loss {
            case .meanSquaredError: total += zip(y, t).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(width)
            case .binaryCrossEntropy: total += zip(y, t).map { -($1 * log($0) + (1 - $1) * log(1 - $0)) }.reduce(0, +) / Double(width)
            case .categoricalCrossEntropy: total += zip(y, t).map { -$1 * log($0) }.reduce(0, +)
            }
        }
        return total / Double(rows)
    }
}
