import Foundation
import NNCore

/// A problem with what `explain` was asked to show, e.g. a target that is not a class of the model.
public struct ExplainError: Swift.Error, CustomStringConvertible, Equatable, Sendable {
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}

/// What to explain: a model with its runnable network, one input, and the options of `nnviz explain`.
public struct ExplanationRequest: Sendable {
    public var model: Model
    public var network: Network
    /// The input as the user gave it, before the model's normalisation.
    public var rawInput: [Float]
    /// Where the input came from, for people: "row 3 of data.csv".
    public var inputDescription: String
    /// The expected output: a class name or index for classifiers, a number for regression.
    public var target: String?
    public var learningRate: Float
    /// Layers wider than this are written out for their first `maxNeurons` neurons only.
    public var maxNeurons: Int
    /// Significant digits of every number written.
    public var precision: Int
    /// The seed the weights were drawn from, when the model had none.
    public var seed: UInt64?

    public init(model: Model, network: Network, rawInput: [Float], inputDescription: String, target: String? = nil,
                learningRate: Float = 0.01, maxNeurons: Int = 4, precision: Int = 4, seed: UInt64? = nil) {
        self.model = model
        self.network = network
        self.rawInput = rawInput
        self.inputDescription = inputDescription
        self.target = target
        self.learningRate = learningRate
        self.maxNeurons = maxNeurons
        self.precision = precision
        self.seed = seed
    }
}

/// One step of plain gradient descent on one input, and the loss before and after it.
public struct GradientStep: Sendable {
    public var trace: ForwardTrace
    public var gradients: BackwardPass
    /// The network after w ← w − η·∂L/∂w for every weight and bias.
    public var updated: Network
    public var lossBefore: Float
    public var lossAfter: Float
    /// ‖∇L‖², over every weight and bias.
    public var gradientNormSquared: Double

    /// Runs the core's forward pass, backpropagation and SGD update, then the forward pass again.
    public init(network: Network, input: [Float], target: [Float], loss: Loss, learningRate: Float) {
        trace = network.trace(input)
        gradients = network.backward(trace, target: target, loss: loss)
        var sgd = SGD(learningRate: learningRate)
        var next = network
        var normSquared: Double = 0
        for index in next.layers.indices {
            let layerGradients = gradients.layers[index]
            layerGradients.weights.withUnsafeBufferPointer { sgd.update(&next.layers[index].weights, gradient: $0, slot: 2 * index) }
            if next.layers[index].useBias {
                layerGradients.bias.withUnsafeBufferPointer { sgd.update(&next.layers[index].bias, gradient: $0, slot: 2 * index + 1) }
                normSquared += layerGradients.bias.reduce(0) { $0 + Double($1) * Double($1) }
            }
            normSquared += layerGradients.weights.reduce(0) { $0 + Double($1) * Double($1) }
        }
        sgd.finishStep()
        updated = next
        lossBefore = gradients.loss
        lossAfter = next.backward(next.trace(input), target: target, loss: loss).loss
        gradientNormSquared = normSquared
    }
}

extension Explanation {
    /// Builds the step-by-step explanation of one input through `request.network`.
    public init(_ request: ExplanationRequest) throws(ExplainError) {
        self = try ExplanationBuilder(request).build()
    }
}

/// The encoded target row for a label given on the command line, and how to say it.
struct ResolvedTarget {
    var values: [Float]
    /// The class index, for classifiers.
    var classIndex: Int?
}

private struct ExplanationBuilder {
    let request: ExplanationRequest
    let model: Model
    let network: Network
    let trace: ForwardTrace
    let limit: Int
    let termLimit: Int
    let names: [String]

    init(_ request: ExplanationRequest) {
        self.request = request
        model = request.model
        network = request.network
        let input = request.model.normalization?.applied(to: request.rawInput) ?? request.rawInput
        trace = request.network.trace(input)
        limit = max(request.maxNeurons, 1)
        termLimit = max(2 * limit, 2)
        names = request.model.inputNames.count == request.network.inputSize
            ? request.model.inputNames : (0..<request.network.inputSize).map { "x\($0 + 1)" }
    }

    var normalised: Bool {
        guard let normalization = model.normalization else { return false }
        return normalization.method != .none && normalization.offset.count == network.inputSize
    }

    func build() throws(ExplainError) -> Explanation {
        guard request.rawInput.count == network.inputSize else {
            throw ExplainError("the input has \(request.rawInput.count) values but the model expects \(network.inputSize)")
        }
        guard request.learningRate > 0, request.learningRate.isFinite else {
            throw ExplainError("the learning rate must be a positive number (got \(request.learningRate))")
        }
        var sections = [inputSection()]
        for index in network.layers.indices { sections.append(layerSection(index)) }
        sections.append(outputSection())
        if let label = request.target {
            let target = try resolveTarget(label)
            let loss = model.effectiveLoss
            do {
                try model.checkTrainable(loss: loss)
            } catch {
                throw ExplainError(error.description)
            }
            let step = GradientStep(network: network, input: trace.input, target: target.values, loss: loss,
                                    learningRate: request.learningRate)
            sections.append(lossSection(target, loss: loss, step: step))
            sections.append(backpropagationSection(target, loss: loss, step: step))
            sections.append(updateSection(step))
        } else {
            sections.append(ExplanationSection(anchor: "loss", title: "Loss and backpropagation", blocks: [
                .paragraph([.text("Give the expected output with --target to see the loss, backpropagation and one step of gradient descent for this input.")]),
            ]))
        }
        return Explanation(title: "How \(model.name.map { "“\($0)”" } ?? "the network") computes its output", introduction: introduction(),
                           sections: sections, precision: request.precision)
    }

    // MARK: - Notation

    func layerIndex(_ l: Int) -> Math { .parens(.integer(l)) }

    /// A layer's vector: z⁽ˡ⁾.
    func vector(_ name: String, _ l: Int) -> Math { .sup(.identifier(name), layerIndex(l)) }

    /// One neuron's value: z_j⁽ˡ⁾ (indices from 1).
    func element(_ name: String, _ j: Int, _ l: Int) -> Math { .subSup(.identifier(name), .integer(j + 1), layerIndex(l)) }

    func weight(_ j: Int, _ i: Int, _ l: Int) -> Math {
        .subSup(.identifier("w"), .row([.integer(j + 1), .op(","), .integer(i + 1)]), layerIndex(l))
    }

    /// The value fed into a layer's neuron i: x_i (or x′_i) for the first layer, a_i⁽ˡ⁻¹⁾ after.
    func previous(_ i: Int, layer l: Int) -> Math {
        l == 1 ? .sub(.identifier(normalised ? "x′" : "x"), .integer(i + 1)) : element("a", i, l - 1)
    }

    func previousVector(_ l: Int) -> Math { l == 1 ? .identifier(normalised ? "x′" : "x") : vector("a", l - 1) }

    func partial(_ of: Math, _ by: Math) -> Math {
        .fraction(.row([.op("∂"), of]), .row([.op("∂"), by]))
    }

    func joined(_ items: [Math], by separator: String) -> Math {
        var parts: [Math] = []
        for (index, item) in items.enumerated() {
            if index > 0 { parts.append(.op(separator)) }
            parts.append(item)
        }
        return .row(parts)
    }

    func tuple(_ items: [Math]) -> Math { .parens(joined(items, by: ",")) }

    /// The first `limit` indices of `count`, and how many are left out (none when only one would be:
    /// writing it takes no more room than summarising it).
    func shown(_ count: Int, limit: Int) -> (indices: Range<Int>, hidden: Int) {
        let n = count <= limit + 1 ? count : limit
        return (0..<n, count - n)
    }

    func number(_ value: Float) -> Inline { .math(.number(Double(value))) }

    func range(of values: ArraySlice<Float>) -> String {
        let low = values.min() ?? 0
        let high = values.max() ?? 0
        return "\(RoundedNumber(Double(low), digits: request.precision).plain) to \(RoundedNumber(Double(high), digits: request.precision).plain)"
    }

    func className(_ index: Int) -> String {
        if let classNames = model.classNames, index < classNames.count { return classNames[index] }
        return String(index)
    }

    // MARK: - Introduction

    func introduction() -> [[Inline]] {
        let widths = [network.inputSize] + network.layers.map(\.outputSize)
        let activations = network.layers.map(\.activation.rawValue).joined(separator: ", ")
        let parameters = network.layers.reduce(0) { $0 + $1.weights.count + ($1.useBias ? $1.bias.count : 0) }
        var paragraphs: [[Inline]] = [[
            .text("A dense network of shape "), .strong(widths.map(String.init).joined(separator: " → ")),
            .text(" (activations \(activations); \(parameters) parameters), shown one step at a time for \(request.inputDescription)."),
        ]]
        if let seed = request.seed {
            paragraphs.append([.text("The model has no trained weights, so they were drawn at random (Glorot uniform, zero bias) from seed \(seed), as an untrained Keras model starts.")])
        } else if let training = model.training {
            paragraphs.append([.text("The weights are the trained ones (\(training.optimizer), \(training.epochs) epochs, learning rate \(training.learningRate)).")])
        }
        paragraphs.append([.text("Every number is rounded to \(request.precision) significant digits. Inputs, weighted sums, activations, losses, gradients and updated weights are the values nnviz's network computed in 32-bit floating point; the few intermediate sums that connect them are worked out from those values. A hand calculation from the rounded numbers can differ in the last digit.")])
        if widths.contains(where: { $0 > limit }) {
            paragraphs.append([.text("Layers with more than \(limit) neurons are written out for their first \(limit) neurons; the others are summarised.")])
        }
        return paragraphs
    }

    // MARK: - Step 1: the input layer

    func inputSection() -> ExplanationSection {
        let n = network.inputSize
        let raw = request.rawInput
        let (indices, hidden) = shown(n, limit: limit)
        var blocks: [ExplanationBlock] = [
            .paragraph([.text("The input layer has one neuron per feature. It computes nothing: it holds the input values and passes them to the first layer.")]),
        ]
        var components = indices.map { Math.sub(.identifier("x"), .integer($0 + 1)) }
        var values = indices.map { Math.number(Double(raw[$0])) }
        if hidden > 0 {
            components += [.op("⋯"), .sub(.identifier("x"), .integer(n))]
            values += [.op("⋯"), .number(Double(raw[n - 1]))]
        }
        blocks.append(.display([DisplayRow(.identifier("x"), .row([.op("="), tuple(components), .op("="), tuple(values)]))]))
        var columns: [ExplanationTable.Column] = [
            .init([.math(.identifier("i"))], numeric: true),
            .init([.text("feature")], numeric: false),
            .init([.math(.sub(.identifier("x"), .identifier("i")))], numeric: true),
        ]
        if normalised { columns.append(.init([.math(.sub(.identifier("x′"), .identifier("i")))], numeric: true)) }
        var rows: [[[Inline]]] = indices.map { i in
            var row: [[Inline]] = [[.math(.integer(i + 1))], [.text(names[i])], [number(raw[i])]]
            if normalised { row.append([number(trace.input[i])]) }
            return row
        }
        if hidden > 0 {
            var row: [[Inline]] = [[.text("\(indices.count + 1)–\(n)")], [.text("\(hidden) more")], [.text(range(of: raw[indices.count...]))]]
            if normalised { row.append([.text(range(of: trace.input[indices.count...]))]) }
            rows.append(row)
        }
        blocks.append(.table(ExplanationTable(caption: "Input values", columns: columns, rows: rows)))
        if normalised, let normalization = model.normalization {
            blocks += normalisationBlocks(normalization, indices: indices)
        }
        return ExplanationSection(anchor: "input", title: "Input layer", blocks: blocks)
    }

    func normalisationBlocks(_ normalization: Normalization, indices: Range<Int>) -> [ExplanationBlock] {
        let standard = normalization.method == .standard
        let (offset, scale) = standard ? ("μ", "σ") : ("m", "r")
        let words: [Inline] = [
            .text(standard ? "the mean " : "the minimum "), .math(.sub(.identifier(offset), .identifier("i"))),
            .text(standard ? " and standard deviation " : " and range (maximum minus minimum) "), .math(.sub(.identifier(scale), .identifier("i"))),
            .text(" of each feature in the training data"),
        ]
        let x = Math.sub(.identifier("x"), .identifier("i"))
        var rows = [DisplayRow(.sub(.identifier("x′"), .identifier("i")),
                               .row([.op("="), .fraction(.row([x, .op("−"), .sub(.identifier(offset), .identifier("i"))]),
                                                         .sub(.identifier(scale), .identifier("i")))]))]
        for i in indices {
            rows.append(DisplayRow(.sub(.identifier("x′"), .integer(i + 1)), .row([
                .op("="), .fraction(.row([.number(Double(request.rawInput[i])), .op("−"), .factor(Double(normalization.offset[i]))]),
                                    .number(Double(normalization.scale[i]))),
                .op("="), .number(Double(trace.input[i])),
            ])))
        }
        return [
            .paragraph([.text("The model rescales its inputs (\(normalization.method.rawValue) normalisation) with ")] + words
                       + [.text(", so the network sees "), .math(.identifier("x′")), .text(":")]),
            .display(rows),
        ]
    }

    // MARK: - Steps 2 and 3: weighted sums and activations, layer by layer

    func layerSection(_ index: Int) -> ExplanationSection {
        let layer = network.layers[index]
        let l = index + 1
        let values = trace.layers[index]
        let inputs = index == 0 ? trace.input : trace.layers[index - 1].a
        let isOutput = index == network.layers.count - 1
        let (neurons, hidden) = shown(layer.outputSize, limit: limit)
        var blocks: [ExplanationBlock] = [.heading("Weighted sum")]
        let k = layer.inputSize
        let i = Math.identifier("i")
        let j = Math.identifier("j")
        var general: [Math] = [.op("="), .bigOperator("Σ", under: .row([i, .op("="), .integer(1)]), over: .integer(k)),
                               .subSup(.identifier("w"), .row([j, .op(","), i]), layerIndex(l)),
                               l == 1 ? .sub(.identifier(normalised ? "x′" : "x"), i) : .subSup(.identifier("a"), i, layerIndex(l - 1))]
        if layer.useBias { general += [.op("+"), .subSup(.identifier("b"), j, layerIndex(l))] }
        blocks.append(.paragraph([.text("Each neuron "), .math(j), .text(" multiplies each of its \(k) inputs by a weight and adds a bias:")]))
        blocks.append(.display([DisplayRow(.subSup(.identifier("z"), j, layerIndex(l)), .row(general))]))
        var matrix: [Math] = [.op("="), vector("W", l), previousVector(l)]
        if layer.useBias { matrix += [.op("+"), vector("b", l)] }
        blocks.append(.paragraph([.text(layer.outputSize == 1 ? "In matrix form, with one row of " : "All \(layer.outputSize) at once, in matrix form, with one row of "),
                                  .math(vector("W", l)), .text(" per neuron:")]))
        blocks.append(.display([DisplayRow(vector("z", l), .row(matrix))]))
        func shape(_ m: Math, _ dims: [Int]) -> Inline {
            .math(.row([m, .op("∈"), .sup(.identifier("ℝ"), joined(dims.map { .integer($0) }, by: "×"))]))
        }
        var shapes: [Inline] = [.text("Shapes: "), shape(vector("W", l), [layer.outputSize, k]), .text(", "),
                                shape(previousVector(l), [k])]
        if layer.useBias { shapes += [.text(", "), shape(vector("b", l), [layer.outputSize])] }
        shapes += [.text(", so "), shape(vector("z", l), [layer.outputSize]), .text(".")]
        blocks.append(.paragraph(shapes))
        blocks.append(.paragraph([.text(hidden > 0 ? "With the numbers, for the first \(neurons.count) neurons:" : "With the numbers:")]))
        var rows: [DisplayRow] = []
        for neuron in neurons { rows += weightedSumRows(layer: layer, l: l, neuron: neuron, inputs: inputs, z: values.z[neuron]) }
        blocks.append(.display(rows))
        if k > termLimit {
            blocks.append(.paragraph([.math(.op("⋯")), .text(" stands for the \(k - termLimit) terms that are not written out.")]))
        }

        blocks.append(.heading("Activation"))
        blocks += activationBlocks(layer.activation, l: l, neurons: neurons, z: values.z, a: values.a)
        var tableRows: [[[Inline]]] = neurons.map { [[.math(.integer($0 + 1))], [number(values.z[$0])], [number(values.a[$0])]] }
        if hidden > 0 {
            let rest = neurons.count...
            tableRows.append([[.text("\(neurons.count + 1)–\(layer.outputSize)")], [.text(range(of: values.z[rest]))], [.text(range(of: values.a[rest]))]])
        }
        blocks.append(.table(ExplanationTable(caption: "Layer \(l) (\(layer.name)): weighted sums and activations", columns: [
            .init([.math(j)], numeric: true),
            .init([.math(.subSup(.identifier("z"), j, layerIndex(l)))], numeric: true),
            .init([.math(.subSup(.identifier("a"), j, layerIndex(l)))], numeric: true),
        ], rows: tableRows)))
        if hidden > 0 {
            let rest = values.a[neurons.count...]
            var summary = "Neurons \(neurons.count + 1) to \(layer.outputSize) (\(hidden) more) are computed the same way"
            if [.relu, .leakyRelu, .elu, .selu].contains(layer.activation) {
                summary += "; \(rest.filter { $0 > 0 }.count) of them are active (a > 0)"
            }
            blocks.append(.paragraph([.text(summary + ".")]))
        }
        let role = isOutput ? "output layer, " : ""
        let plural = layer.outputSize == 1 ? "neuron" : "neurons"
        return ExplanationSection(anchor: "layer-\(l)",
                                  title: "Layer \(l): \(layer.name) (\(role)\(layer.outputSize) \(plural), \(layer.activation.rawValue))",
                                  blocks: blocks)
    }

    /// z_j = w·a + w·a + … + b = value, four terms to a line.
    func weightedSumRows(layer: DenseLayer, l: Int, neuron: Int, inputs: [Float], z: Float) -> [DisplayRow] {
        let k = layer.inputSize
        let written: [Int?] = k > termLimit ? Array(0..<(termLimit - 1)).map { $0 } + [nil, k - 1] : Array(0..<k)
        var terms: [Math] = written.map { i in
            guard let i else { return .op("⋯") }
            return .row([.factor(Double(layer.weight(from: i, to: neuron))), .op("·"), .factor(Double(inputs[i]))])
        }
        if layer.useBias { terms.append(.factor(Double(layer.bias[neuron]))) }
        var rows: [DisplayRow] = []
        let perLine = 4
        var start = 0
        while start < terms.count {
            let chunk = Array(terms[start..<min(start + perLine, terms.count)])
            var right: [Math] = [.op(start == 0 ? "=" : "+")]
            right.append(joined(chunk, by: "+"))
            if start + perLine >= terms.count { right += [.op("="), .number(Double(z))] }
            rows.append(DisplayRow(start == 0 ? element("z", neuron, l) : .row([]), .row(right)))
            start += perLine
        }
        return rows
    }

    func activationBlocks(_ activation: Activation, l: Int, neurons: Range<Int>, z: [Float], a: [Float]) -> [ExplanationBlock] {
        var blocks: [ExplanationBlock] = []
        let zj = Math.identifier("z")
        if activation == .softmax {
            let k = Math.identifier("k")
            let sum = z.reduce(0.0) { $0 + Foundation.exp(Double($1)) }
            blocks.append(.paragraph([.text("Softmax turns the weighted sums into probabilities that add up to 1:")]))
            blocks.append(.display([DisplayRow(.subSup(.identifier("a"), k, layerIndex(l)), .row([.op("="), softmaxFraction(l)]))]))
            var terms = Array(z.prefix(limit)).map { Math.sup(.identifier("e"), .number(Double($0))) }
            if z.count > limit { terms.append(.op("⋯")) }
            blocks.append(.paragraph([.text("With the numbers, the denominator first:")]))
            var rows = [DisplayRow(.bigOperator("Σ", under: .identifier("j"), over: nil),
                                   .row([.sup(.identifier("e"), .subSup(.identifier("z"), .identifier("j"), layerIndex(l))),
                                         .op("="), joined(terms, by: "+"), .op("="), .number(sum)]))]
            for j in neurons {
                rows.append(DisplayRow(element("a", j, l), .row([.op("="), .fraction(.sup(.identifier("e"), .number(Double(z[j]))), .number(sum)),
                                                                 .op("="), .number(Double(a[j]))])))
            }
            blocks.append(.display(rows))
            return blocks
        }
        blocks.append(.paragraph([.text("Each neuron passes its weighted sum through the activation function, here \(activation.rawValue):")]))
        blocks.append(.display([DisplayRow(.row([.identifier("f"), .parens(zj)]), .row([.op("="), definition(activation, of: zj)]))]))
        blocks.append(.display([DisplayRow(vector("a", l), .row([.op("="), .identifier("f"), .parens(vector("z", l))]))]))
        var rows: [DisplayRow] = []
        for j in neurons {
            let value = Math.number(Double(z[j]))
            rows.append(DisplayRow(element("a", j, l), .row([
                .op("="), .identifier("f"), .parens(element("z", j, l)),
                .op("="), substituted(activation, value: value, z: Double(z[j])),
                .op("="), .number(Double(a[j])),
            ])))
        }
        blocks.append(.paragraph([.text("With the numbers:")]))
        blocks.append(.display(rows))
        return blocks
    }

    func softmaxFraction(_ l: Int) -> Math {
        let k = Math.identifier("k")
        let j = Math.identifier("j")
        return .fraction(.sup(.identifier("e"), .subSup(.identifier("z"), k, layerIndex(l))),
                         .row([.bigOperator("Σ", under: j, over: nil), .sup(.identifier("e"), .subSup(.identifier("z"), j, layerIndex(l)))]))
    }

    /// The definition of an activation function as mathematics.
    func definition(_ activation: Activation, of z: Math) -> Math {
        let e = Math.identifier("e")
        let positive = Math.row([z, .op(">"), .integer(0)])
        switch activation {
        case .relu: return .row([.function("max"), .parens(.row([.integer(0), .op(","), z]))])
        case .sigmoid: return .fraction(.integer(1), .row([.integer(1), .op("+"), .sup(e, .negative(z))]))
        case .tanh: return .fraction(.row([.sup(e, z), .op("−"), .sup(e, .negative(z))]), .row([.sup(e, z), .op("+"), .sup(e, .negative(z))]))
        case .softmax: return softmaxFraction(0)
        case .linear: return z
        case .leakyRelu:
            return .cases([MathCase(z, if: positive), MathCase(.row([.number(Double(Activation.leakySlope)), .op("·"), z]), if: nil)])
        case .elu:
            return .cases([MathCase(z, if: positive), MathCase(.row([.sup(e, z), .op("−"), .integer(1)]), if: nil)])
        case .selu:
            let scale = Math.number(Double(Activation.seluScale))
            return .cases([MathCase(.row([scale, .op("·"), z]), if: positive),
                           MathCase(.row([scale, .op("·"), .number(Double(Activation.seluAlpha)), .op("·"), .parens(.row([.sup(e, z), .op("−"), .integer(1)]))]), if: nil)])
        case .gelu:
            return .row([z, .op("·"), .identifier("Φ"), .parens(z), .op("="), .fraction(z, .integer(2)), .op("·"),
                         .parens(.row([.integer(1), .op("+"), .function("erf"), .parens(.fraction(z, .op("√2")))]))])
        case .swish: return .row([z, .op("·"), .function("sigmoid"), .parens(z)])
        case .softplus: return .row([.function("ln"), .parens(.row([.integer(1), .op("+"), .sup(e, z)]))])
        }
    }

    /// f(value) with the number put in, in the definition's own form where it is short.
    func substituted(_ activation: Activation, value: Math, z: Double) -> Math {
        switch activation {
        case .relu: return .row([.function("max"), .parens(.row([.integer(0), .op(","), value]))])
        case .sigmoid: return .fraction(.integer(1), .row([.integer(1), .op("+"), .sup(.identifier("e"), .number(-z))]))
        case .linear: return value
        default: return .row([.function(activation.rawValue), .parens(value)])
        }
    }

    // MARK: - Step 4: the output

    func outputSection() -> ExplanationSection {
        let output = trace.output
        let last = network.layers[network.layers.count - 1]
        let L = network.layers.count
        var blocks: [ExplanationBlock] = []
        let yHat = Math.identifier("ŷ")
        switch model.task {
        case .binary:
            let negative = className(0)
            let positive = className(1)
            let p = output[0]
            blocks.append(.paragraph([.text("The output neuron's \(last.activation.rawValue) gives the probability that the input belongs to class “\(positive)”:")]))
            blocks.append(.display([
                DisplayRow(probability(positive), .row([.op("="), yHat, .op("="), element("a", 0, L), .op("="), .number(Double(p))])),
                DisplayRow(probability(negative), .row([.op("="), .integer(1), .op("−"), yHat, .op("="), .number(Double(1 - p))])),
            ]))
            let chosen = p > 0.5 ? positive : negative
            blocks.append(.paragraph([.text("The model predicts class "), .strong("“\(chosen)”"),
                                      .text(p > 0.5 ? " because " : " because not "), .math(.row([yHat, .op(">"), .literal("0.5")])), .text(".")]))
        case let .categorical(classes):
            let best = output.indices.max { output[$0] < output[$1] } ?? 0
            if last.activation == .softmax {
                blocks.append(.paragraph([.text("The softmax of the last layer gives the probability of each class:")]))
                blocks.append(.display([DisplayRow(.row([.identifier("P"), .parens(.row([.identifier("y"), .op("="), .identifier("k"), .op("∣"), .identifier("x")]))]),
                                                   .row([.op("="), softmaxFraction(L)]))]))
            } else {
                blocks.append(.paragraph([.text("Each output neuron scores one class; the highest score wins:")]))
            }
            let (indices, hidden) = shown(classes, limit: max(limit, 10))
            var rows: [[[Inline]]] = indices.map { k in
                [[.math(.integer(k + 1))], [.text(className(k))], [number(trace.layers[L - 1].z[k])], [number(output[k])]]
            }
            if hidden > 0 {
                rows.append([[.text("\(indices.count + 1)–\(classes)")], [.text("\(hidden) more")],
                             [.text(range(of: trace.layers[L - 1].z[indices.count...]))], [.text(range(of: output[indices.count...]))]])
            }
            blocks.append(.table(ExplanationTable(caption: "Output: class probabilities", columns: [
                .init([.math(.identifier("k"))], numeric: true),
                .init([.text("class")], numeric: false),
                .init([.math(.subSup(.identifier("z"), .identifier("k"), layerIndex(L)))], numeric: true),
                .init([.math(.sub(yHat, .identifier("k")))], numeric: true),
            ], rows: rows)))
            blocks.append(.paragraph([.text("The model predicts class "), .strong("“\(className(best))”"),
                                      .text(", the one with the highest probability, "), .math(.row([.sub(yHat, .integer(best + 1)), .op("="), .number(Double(output[best]))])), .text(".")]))
        case .regression:
            blocks.append(.paragraph([.text("The output layer's activations are the prediction:")]))
            let shownOutputs = Array(output.prefix(max(limit, 10)))
            blocks.append(.display(shownOutputs.indices.map { k in
                DisplayRow(output.count == 1 ? yHat : .sub(yHat, .integer(k + 1)), .row([.op("="), element("a", k, L), .op("="), .number(Double(output[k]))]))
            }))
            blocks.append(.paragraph([.text("(\(model.outputNames.prefix(shownOutputs.count).joined(separator: ", ")))")]))
        }
        return ExplanationSection(anchor: "output", title: "Output", blocks: blocks)
    }

    func probability(_ className: String) -> Math {
        .row([.identifier("P"), .parens(.row([.identifier("y"), .op("="), .text(className), .op("∣"), .identifier("x")]))])
    }

    // MARK: - Step 5: the loss

    func resolveTarget(_ label: String) throws(ExplainError) -> ResolvedTarget {
        let width = network.outputSize
        func index(in names: [String]) -> Int? {
            if let index = names.firstIndex(of: label) { return index }
            if let value = Double(label), let index = names.firstIndex(where: { Double($0) == value }) { return index }
            return nil
        }
        switch model.task {
        case .binary:
            let names = model.classNames?.count == 2 ? model.classNames ?? [] : ["0", "1"]
            guard let index = index(in: names) else {
                throw ExplainError("--target '\(label)' is not a class of this model; its classes are \(names.joined(separator: ", "))")
            }
            return ResolvedTarget(values: [Float(index)], classIndex: index)
        case let .categorical(classes):
            let names = model.classNames?.count == classes ? model.classNames ?? [] : (0..<classes).map(String.init)
            guard let index = index(in: names) else {
                throw ExplainError("--target '\(label)' is not a class of this model; its classes are \(names.joined(separator: ", "))")
            }
            var values = [Float](repeating: 0, count: classes)
            values[index] = 1
            return ResolvedTarget(values: values, classIndex: index)
        case .regression:
            let parts = label.split(separator: ",").map { Float($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == width, parts.allSatisfy({ $0?.isFinite ?? false }) else {
                throw ExplainError("--target '\(label)' must be \(width) finite number\(width == 1 ? "" : "s, comma-separated") for this regression model")
            }
            return ResolvedTarget(values: parts.compactMap { $0 }, classIndex: nil)
        }
    }

    func lossSection(_ target: ResolvedTarget, loss: Loss, step: GradientStep) -> ExplanationSection {
        let output = trace.output
        let n = output.count
        let y = Math.identifier("y")
        let yHat = Math.identifier("ŷ")
        var blocks: [ExplanationBlock] = []
        if let classIndex = target.classIndex {
            if model.task == .binary {
                blocks.append(.paragraph([.text("The expected class is “\(className(classIndex))”, so "), .math(.row([y, .op("="), .integer(classIndex)])), .text(".")]))
            } else {
                let (indices, hidden) = shown(n, limit: max(limit, 10))
                var items = indices.map { Math.integer(Int(target.values[$0])) }
                if hidden > 0 { items.append(.op("⋯")) }
                blocks.append(.paragraph([.text("The expected class is “\(className(classIndex))” (number \(classIndex + 1)), so the target is one-hot: "),
                                          .math(.row([y, .op("="), tuple(items)])), .text(".")]))
            }
        } else {
            blocks.append(.paragraph([.text("The expected output is "), .math(.row([y, .op("="), n == 1 ? .exact(Double(target.values[0])) : tuple(target.values.prefix(10).map { .exact(Double($0)) })])), .text(".")]))
        }
        let value = Math.number(Double(step.lossBefore))
        switch loss {
        case .binaryCrossEntropy:
            blocks.append(.paragraph([.text("The loss is the binary cross-entropy:")]))
            if n == 1 {
                let t = Double(target.values[0])
                let p = Double(output[0])
                blocks.append(.display([
                    DisplayRow(.identifier("L"), .row([.op("="), .negative(.fenced(.row([y, .function("ln"), yHat, .op("+"), .parens(.row([.integer(1), .op("−"), y])), .function("ln"), .parens(.row([.integer(1), .op("−"), yHat]))]), open: "[", close: "]"))])),
                    DisplayRow(.row([]), .row([.op("="), .negative(.fenced(.row([.exact(t), .op("·"), .function("ln"), .parens(.number(p)), .op("+"), .exact(1 - t), .op("·"), .function("ln"), .parens(.number(1 - p))]), open: "[", close: "]")), .op("="), value])),
                ]))
            } else {
                blocks.append(.display([DisplayRow(.identifier("L"), .row([.op("="), .negative(.row([.fraction(.integer(1), .integer(n)), .bigOperator("Σ", under: .identifier("k"), over: nil), .fenced(.row([.sub(y, .identifier("k")), .function("ln"), .sub(yHat, .identifier("k")), .op("+"), .parens(.row([.integer(1), .op("−"), .sub(y, .identifier("k"))])), .function("ln"), .parens(.row([.integer(1), .op("−"), .sub(yHat, .identifier("k"))]))]), open: "[", close: "]")])), .op("="), value]))]))
            }
        case .categoricalCrossEntropy:
            let c = target.classIndex ?? 0
            blocks.append(.paragraph([.text("The loss is the categorical cross-entropy; only the expected class's term is not zero:")]))
            blocks.append(.display([
                DisplayRow(.identifier("L"), .row([.op("="), .negative(.row([.bigOperator("Σ", under: .identifier("k"), over: nil), .sub(y, .identifier("k")), .function("ln"), .sub(yHat, .identifier("k"))])),
                                                   .op("="), .negative(.row([.function("ln"), .sub(yHat, .integer(c + 1))]))])),
                DisplayRow(.row([]), .row([.op("="), .negative(.row([.function("ln"), .parens(.number(Double(output[c])))])), .op("="), value])),
            ]))
        case .meanSquaredError:
            blocks.append(.paragraph([.text("The loss is the mean squared error over the \(n) output\(n == 1 ? "" : "s"):")]))
            let (indices, hidden) = shown(n, limit: limit)
            var terms: [Math] = indices.map { k in
                .sup(.parens(.row([.number(Double(output[k])), .op("−"), .exact(Double(target.values[k]))])), .integer(2))
            }
            if hidden > 0 { terms.append(.op("⋯")) }
            blocks.append(.display([
                DisplayRow(.identifier("L"), .row([.op("="), .fraction(.integer(1), .integer(n)), .bigOperator("Σ", under: .identifier("k"), over: nil),
                                                   .sup(.parens(.row([.sub(yHat, .identifier("k")), .op("−"), .sub(y, .identifier("k"))])), .integer(2))])),
                DisplayRow(.row([]), .row([.op("="), .fraction(.integer(1), .integer(n)), .fenced(joined(terms, by: "+"), open: "[", close: "]"), .op("="), value])),
            ]))
        }
        return ExplanationSection(anchor: "loss", title: "Loss", blocks: blocks)
    }

    // MARK: - Step 6: backpropagation

    func backpropagationSection(_ target: ResolvedTarget, loss: Loss, step: GradientStep) -> ExplanationSection {
        let L = network.layers.count
        let last = network.layers[L - 1]
        let gradients = step.gradients.layers
        let n = last.outputSize
        let y = Math.identifier("y")
        let yHat = Math.identifier("ŷ")
        let delta = Math.identifier("δ")
        var blocks: [ExplanationBlock] = [
            .paragraph([.text("Backpropagation applies the chain rule from the loss back to the first layer. The error of layer "),
                        .math(.identifier("l")), .text(", "), .math(.row([.sup(delta, .parens(.identifier("l"))), .op("="), partial(.identifier("L"), vector("z", 0).replacingLayer("l"))])),
                        .text(", gives the gradients of that layer's weights and biases and the error of the layer below.")]),
            .heading("Output error"),
        ]
        let (outputs, hiddenOutputs) = shown(n, limit: limit)
        var rows: [DisplayRow] = []
        switch (loss, last.activation) {
        case (.binaryCrossEntropy, .sigmoid), (.categoricalCrossEntropy, .softmax):
            let scaled = loss == .binaryCrossEntropy && n > 1
            let words = loss == .binaryCrossEntropy ? "sigmoid and binary cross-entropy" : "softmax and cross-entropy"
            blocks.append(.paragraph([.text("For \(words) together the derivative simplifies to the difference between prediction and target:")]))
            let general: Math = .row([.sub(yHat, .identifier("k")), .op("−"), .sub(y, .identifier("k"))])
            rows.append(DisplayRow(.subSup(delta, .identifier("k"), layerIndex(L)),
                                   .row([.op("="), partial(.identifier("L"), .subSup(.identifier("z"), .identifier("k"), layerIndex(L))),
                                         .op("="), scaled ? .fraction(general, .integer(n)) : general])))
            for k in outputs {
                let difference: Math = .row([.number(Double(trace.output[k])), .op("−"), .exact(Double(target.values[k]))])
                rows.append(DisplayRow(element("δ", k, L), .row([.op("="), scaled ? .fraction(difference, .integer(n)) : difference,
                                                                 .op("="), .number(Double(gradients[L - 1].z[k]))])))
            }
        default:
            blocks.append(.paragraph([.text("For the mean squared error the derivative with respect to the output, times the derivative of the output activation:")]))
            let general: Math = .row([.fraction(.integer(2), .integer(n)), .parens(.row([.sub(yHat, .identifier("k")), .op("−"), .sub(y, .identifier("k"))])),
                                      .op("·"), .identifier("f′"), .parens(.subSup(.identifier("z"), .identifier("k"), layerIndex(L)))])
            rows.append(DisplayRow(.subSup(delta, .identifier("k"), layerIndex(L)), .row([.op("="), general])))
            if last.activation != .softmax {
                for k in outputs {
                    let derivative = last.activation.derivative(z: trace.layers[L - 1].z[k], a: trace.output[k])
                    rows.append(DisplayRow(element("δ", k, L), .row([
                        .op("="), .fraction(.integer(2), .integer(n)), .parens(.row([.number(Double(trace.output[k])), .op("−"), .exact(Double(target.values[k]))])),
                        .op("·"), derivative == 0 || derivative == 1 ? .integer(Int(derivative)) : .factor(Double(derivative)),
                        .op("="), .number(Double(gradients[L - 1].z[k])),
                    ])))
                }
            }
        }
        blocks.append(.display(rows))
        if hiddenOutputs > 0 {
            blocks.append(.paragraph([.text("The other \(hiddenOutputs) outputs' errors range from \(range(of: gradients[L - 1].z[outputs.count...])).")]))
        }
        for index in stride(from: L - 1, through: 0, by: -1) {
            blocks += layerGradientBlocks(index, step: step)
        }
        return ExplanationSection(anchor: "backpropagation", title: "Backpropagation", blocks: blocks)
    }

    func layerGradientBlocks(_ index: Int, step: GradientStep) -> [ExplanationBlock] {
        let layer = network.layers[index]
        let l = index + 1
        let L = network.layers.count
        let gradients = step.gradients.layers[index]
        let inputs = index == 0 ? trace.input : trace.layers[index - 1].a
        let (neurons, hidden) = shown(layer.outputSize, limit: limit)
        let (columns, hiddenColumns) = shown(layer.inputSize, limit: limit)
        let delta = Math.identifier("δ")
        let j = Math.identifier("j")
        let i = Math.identifier("i")
        var blocks: [ExplanationBlock] = [.heading("Layer \(l): \(layer.name)")]
        if l < L {
            let above = network.layers[index + 1]
            let upper = step.gradients.layers[index + 1].z
            let k = Math.identifier("k")
            blocks.append(.paragraph([.text("The error flows back through the weights of layer \(l + 1) and the derivative of this layer's \(layer.activation.rawValue):")]))
            var rows = [
                DisplayRow(vector("δ", l), .row([.op("="), .parens(.row([.sup(vector("W", l + 1), .identifier("T")), vector("δ", l + 1)])), .op("⊙"), .identifier("f′"), .parens(vector("z", l))])),
                DisplayRow(.subSup(delta, j, layerIndex(l)), .row([.op("="), .parens(.row([.bigOperator("Σ", under: k, over: nil), .subSup(.identifier("w"), .row([k, .op(","), j]), layerIndex(l + 1)),
                                                                                            .subSup(delta, k, layerIndex(l + 1))])),
                                                                   .op("·"), .identifier("f′"), .parens(.subSup(.identifier("z"), j, layerIndex(l)))])),
            ]
            if let derivative = derivativeDefinition(layer.activation) {
                rows.append(DisplayRow(.row([.identifier("f′"), .parens(.identifier("z"))]), .row([.op("="), derivative])))
            }
            if layer.activation != .softmax {
                for neuron in neurons {
                    var back: Double = 0
                    for upperNeuron in 0..<above.outputSize {
                        back += Double(above.weight(from: neuron, to: upperNeuron)) * Double(upper[upperNeuron])
                    }
                    let derivative = layer.activation.derivative(z: trace.layers[index].z[neuron], a: trace.layers[index].a[neuron])
                    let slope: Math = derivative == 0 || derivative == 1 ? .integer(Int(derivative)) : .factor(Double(derivative))
                    rows.append(DisplayRow(element("δ", neuron, l), .row([.op("="), .factor(back), .op("·"), slope,
                                                                          .op("="), .number(Double(gradients.z[neuron]))])))
                }
            }
            blocks.append(.display(rows))
        }
        let previousElement: Math = l == 1 ? .sub(.identifier(normalised ? "x′" : "x"), i) : .subSup(.identifier("a"), i, layerIndex(l - 1))
        var general = [DisplayRow(partial(.identifier("L"), .subSup(.identifier("w"), .row([j, .op(","), i]), layerIndex(l))),
                                  .row([.op("="), .subSup(delta, j, layerIndex(l)), previousElement])),
                       DisplayRow(partial(.identifier("L"), vector("W", l)),
                                  .row([.op("="), vector("δ", l), .sup(previousVector(l), .identifier("T")), .op("∈"),
                                        .sup(.identifier("ℝ"), .row([.integer(layer.outputSize), .op("×"), .integer(layer.inputSize)]))]))]
        if layer.useBias {
            general.append(DisplayRow(partial(.identifier("L"), .subSup(.identifier("b"), j, layerIndex(l))), .row([.op("="), .subSup(delta, j, layerIndex(l))])))
        }
        blocks.append(.paragraph([.text("The gradients of the weights and biases of layer \(l):")]))
        blocks.append(.display(general))
        var examples: [DisplayRow] = []
        if let first = neurons.first(where: { gradients.z[$0] != 0 }) ?? neurons.first {
            let active = columns.filter { inputs[$0] != 0 }
            for column in (active.count >= 2 ? active : Array(columns)).prefix(2) {
                examples.append(DisplayRow(partial(.identifier("L"), weight(first, column, l)), .row([
                    .op("="), .factor(Double(gradients.z[first])), .op("·"), .factor(Double(inputs[column])),
                    .op("="), .number(Double(gradients.weights[first * layer.inputSize + column])),
                ])))
            }
        }
        blocks.append(.paragraph([.text("For example:")]))
        blocks.append(.display(examples))
        var tableColumns: [ExplanationTable.Column] = [
            .init([.math(j)], numeric: true),
            .init([.math(.subSup(delta, j, layerIndex(l))), .text(" = "), .math(partial(.identifier("L"), .subSup(.identifier("z"), j, layerIndex(l))))], numeric: true),
        ]
        if layer.useBias { tableColumns.append(.init([.math(partial(.identifier("L"), .subSup(.identifier("b"), j, layerIndex(l))))], numeric: true)) }
        for column in columns {
            tableColumns.append(.init([.math(partial(.identifier("L"), .subSup(.identifier("w"), .row([j, .op(","), .integer(column + 1)]), layerIndex(l))))], numeric: true))
        }
        var rows: [[[Inline]]] = neurons.map { neuron in
            var row: [[Inline]] = [[.math(.integer(neuron + 1))], [number(gradients.z[neuron])]]
            if layer.useBias { row.append([number(gradients.bias[neuron])]) }
            for column in columns { row.append([number(gradients.weights[neuron * layer.inputSize + column])]) }
            return row
        }
        if hidden > 0 {
            let rest = neurons.count...
            var row: [[Inline]] = [[.text("\(neurons.count + 1)–\(layer.outputSize)")], [.text(range(of: gradients.z[rest]))]]
            if layer.useBias { row.append([.text(range(of: gradients.bias[rest]))]) }
            for _ in columns { row.append([.text("⋯")]) }
            rows.append(row)
        }
        blocks.append(.table(ExplanationTable(caption: "Layer \(l) (\(layer.name)): gradients", columns: tableColumns, rows: rows)))
        if hiddenColumns > 0 {
            blocks.append(.paragraph([.text("The gradients of the weights from inputs \(columns.count + 1) to \(layer.inputSize) are not written out.")]))
        }
        return blocks
    }

    func derivativeDefinition(_ activation: Activation) -> Math? {
        let z = Math.identifier("z")
        let a = Math.identifier("a")
        let positive = Math.row([z, .op(">"), .integer(0)])
        switch activation {
        case .relu: return .cases([MathCase(.integer(1), if: positive), MathCase(.integer(0), if: nil)])
        case .sigmoid: return .row([a, .parens(.row([.integer(1), .op("−"), a]))])
        case .tanh: return .row([.integer(1), .op("−"), .sup(a, .integer(2))])
        case .linear: return .integer(1)
        case .leakyRelu: return .cases([MathCase(.integer(1), if: positive), MathCase(.number(Double(Activation.leakySlope)), if: nil)])
        case .elu: return .cases([MathCase(.integer(1), if: positive), MathCase(.row([a, .op("+"), .integer(1)]), if: nil)])
        case .softplus: return .row([.function("sigmoid"), .parens(z)])
        case .swish: return .row([.function("sigmoid"), .parens(z), .op("+"), z, .op("·"), .function("sigmoid"), .parens(z), .parens(.row([.integer(1), .op("−"), .function("sigmoid"), .parens(z)]))])
        case .softmax, .selu, .gelu: return nil
        }
    }

    // MARK: - Step 7: one step of gradient descent

    func updateSection(_ step: GradientStep) -> ExplanationSection {
        let eta = Math.identifier("η")
        let rate = Double(request.learningRate)
        let rateText = Math.literal(String(request.learningRate))
        var blocks: [ExplanationBlock] = [
            .paragraph([.text("Gradient descent moves every weight and bias a small step against its gradient, with the learning rate "),
                        .math(.row([eta, .op("="), rateText])), .text(":")]),
            .display([
                DisplayRow(.identifier("w"), .row([.op("←"), .identifier("w"), .op("−"), eta, partial(.identifier("L"), .identifier("w"))])),
                DisplayRow(.identifier("b"), .row([.op("←"), .identifier("b"), .op("−"), eta, partial(.identifier("L"), .identifier("b"))])),
            ]),
            .paragraph([.text("A few of them before and after the step: in each layer the first weight that changes, the weight with the largest gradient and the bias with the largest gradient:")]),
        ]
        var rows: [DisplayRow] = []
        var tableRows: [[[Inline]]] = []
        for (index, layer) in network.layers.enumerated() {
            let l = index + 1
            let gradients = step.gradients.layers[index]
            // The first weight that moves (or w₁,₁ when none does), the one that moves most, and the bias that moves most.
            func largest(_ values: [Float]) -> Int {
                values.indices.max { abs(values[$0]) < abs(values[$1]) || (abs(values[$0]) == abs(values[$1]) && $0 > $1) } ?? 0
            }
            let first = gradients.weights.firstIndex { $0 != 0 } ?? 0
            let most = largest(gradients.weights)
            let picks = first == most ? [first] : [first, most]
            var parameters: [(Math, Float, Float, Float)] = picks.map { flat in
                (weight(flat / layer.inputSize, flat % layer.inputSize, l), layer.weights[flat], gradients.weights[flat], step.updated.layers[index].weights[flat])
            }
            if layer.useBias {
                let j = largest(gradients.bias)
                parameters.append((element("b", j, l), layer.bias[j], gradients.bias[j], step.updated.layers[index].bias[j]))
            }
            for (symbol, before, gradient, after) in parameters {
                rows.append(DisplayRow(symbol, .row([.op("←"), .number(Double(before)), .op("−"), rateText, .op("·"), .factor(Double(gradient)),
                                                     .op("="), .number(Double(after))])))
                tableRows.append([[.math(symbol)], [number(before)], [number(gradient)], [number(after)]])
            }
        }
        blocks.append(.display(rows))
        blocks.append(.table(ExplanationTable(caption: "One step of gradient descent", columns: [
            .init([.text("parameter")], numeric: false),
            .init([.text("before")], numeric: true),
            .init([.text("gradient")], numeric: true),
            .init([.text("after")], numeric: true),
        ], rows: tableRows)))
        blocks.append(.heading("The loss after one step"))
        let gradientNorm = Math.sup(.fenced(.row([.op("∇"), .identifier("L")]), open: "‖", close: "‖"), .integer(2))
        let change = Double(step.lossAfter) - Double(step.lossBefore)
        let predicted = -rate * step.gradientNormSquared
        blocks.append(.paragraph([.text("After this one step (every weight and bias updated, not only those above) the same input goes through the network again; "),
                                  .math(.identifier("L")), .text(" is the loss before the step and "), .math(.identifier("L′")),
                                  .text(" the loss after it:")]))
        let before = Math.identifier("L")
        let after = Math.identifier("L′")
        blocks.append(.display([
            DisplayRow(before, .row([.op("="), .number(Double(step.lossBefore))])),
            DisplayRow(after, .row([.op("="), .number(Double(step.lossAfter))])),
            DisplayRow(.row([after, .op("−"), before]), .row([.op("="), .number(change)])),
            DisplayRow(.negative(.row([eta, gradientNorm])), .row([.op("="), .number(predicted)])),
        ]))
        let verdict: [Inline]
        if step.gradientNormSquared == 0 {
            verdict = [.text("The gradient is zero, so the step changes nothing and the loss stays where it was: no neuron on the way passes an error back (for example every ReLU on the path is inactive, or the output is saturated).")]
        } else if step.lossAfter < step.lossBefore {
            verdict = [.text("The loss fell, as it must for a small enough learning rate: to first order the change is "), .math(.negative(.row([eta, gradientNorm]))),
                       .text(", which is negative whenever the gradient is not zero.")]
        } else if step.lossAfter == step.lossBefore {
            verdict = [.text("The loss did not change within 32-bit precision: the step is too small to show in the loss, although the weights moved.")]
        } else {
            verdict = [.text("The loss rose: a learning rate of \(request.learningRate) is too large at this point, so the step overshoots (the first-order estimate "),
                       .math(.negative(.row([eta, gradientNorm]))), .text(" ignores the curvature of the loss). A smaller learning rate makes it fall.")]
        }
        blocks.append(.paragraph(verdict))
        return ExplanationSection(anchor: "update", title: "Weight update (one step of gradient descent)", blocks: blocks)
    }
}

extension Math {
    var inline: Inline { .math(self) }

    /// z⁽⁰⁾ with its layer index replaced by a symbol: z⁽ˡ⁾.
    func replacingLayer(_ symbol: String) -> Math {
        if case let .sup(base, _) = self { return .sup(base, .parens(.identifier(symbol))) }
        return self
    }
}

extension RoundedNumber {
    /// The number in plain text, with × 10ⁿ written as e-notation: for sentences and ranges.
    public var plain: String {
        (negative ? "−" : "") + mantissa + (exponent.map { "e\($0)" } ?? "")
    }
}
