import Foundation
import NNCore

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
    /// True to list every updated weight and bias in the update step, not a few of each layer.
    public var allUpdates: Bool

    public init(model: Model, network: Network, rawInput: [Float], inputDescription: String, target: String? = nil,
                learningRate: Float = 0.01, maxNeurons: Int = 4, precision: Int = 4, seed: UInt64? = nil, allUpdates: Bool = false) {
        self.model = model
        self.network = network
        self.rawInput = rawInput
        self.inputDescription = inputDescription
        self.target = target
        self.learningRate = learningRate
        self.maxNeurons = maxNeurons
        self.precision = precision
        self.seed = seed
        self.allUpdates = allUpdates
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

/// Builds the sections of an explanation from a request; the backward steps are in ExplainBackward.swift.
struct ExplanationBuilder {
    let request: ExplanationRequest
    let model: Model
    let network: Network
    /// The network's dense layers, in order; when the network has only dense layers, `layers[i]` is
    /// network layer i, which the backpropagation sections rely on.
    let layers: [Dense]
    let trace: ForwardTrace
    let limit: Int
    let termLimit: Int
    let names: [String]

    init(_ request: ExplanationRequest) {
        self.request = request
        model = request.model
        network = request.network
        layers = request.network.layers.compactMap(\.dense)
        trace = request.network.trace(request.model.normalized(request.rawInput))
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
        for index in network.layers.indices {
            sections.append(network.layers[index].dense == nil ? otherLayerSection(index) : layerSection(index))
        }
        sections.append(outputSection())
        if let label = request.target {
            let target = try resolveTarget(label)
            let loss = model.effectiveLoss
            do {
                try model.checkTrainable(loss: loss)
            } catch {
                throw ExplainError(error.description)
            }
            let step = network.gradientStep(input: trace.input, target: target.values, loss: loss, learningRate: request.learningRate)
            sections.append(lossSection(target, loss: loss, step: step))
            if layers.count == network.layers.count {
                sections.append(backpropagationSection(target, loss: loss, step: step))
                sections.append(updateSection(step))
            } else {
                sections.append(stepSummarySection(step))
            }
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
        let labels = model.classLabels
        return index < labels.count ? labels[index] : String(index)
    }

    // MARK: - Introduction

    func introduction() -> [[Inline]] {
        let widths = [network.inputSize] + layers.map(\.outputSize)
        let activations = network.layers.filter { $0.dense != nil || $0.className == "Activation" }.map(\.activationName).joined(separator: ", ")
        let parameters = model.parameterCount
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
        let layer = network.layers[index].dense!
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
        blocks += activationBlocks(layer.activation, named: layer.activationName, l: l, neurons: neurons, z: values.z, a: values.a)
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
                                  title: "Layer \(l): \(layer.name) (\(role)\(layer.outputSize) \(plural), \(layer.activationName))",
                                  blocks: blocks)
    }

    /// z_j = w·a + w·a + … + b = value, four terms to a line.
    func weightedSumRows(layer: Dense, l: Int, neuron: Int, inputs: [Float], z: Float) -> [DisplayRow] {
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

    func activationBlocks(_ activation: Activation, named name: String, l: Int, neurons: Range<Int>, z: [Float], a: [Float]) -> [ExplanationBlock] {
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
        blocks.append(.paragraph([.text("Each neuron passes its weighted sum through the activation function, here \(name):")]))
        blocks.append(.display([DisplayRow(.row([.identifier("f"), .parens(zj)]), .row([.op("="), definition(activation, of: zj)]))]))
        blocks.append(.display([DisplayRow(vector("a", l), .row([.op("="), .identifier("f"), .parens(vector("z", l))]))]))
        var rows: [DisplayRow] = []
        for j in neurons {
            let value = Math.number(Double(z[j]))
            rows.append(DisplayRow(element("a", j, l), .row([
                .op("="), .identifier("f"), .parens(element("z", j, l)),
                .op("="), substituted(activation, named: name, value: value, z: Double(z[j])),
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
    func substituted(_ activation: Activation, named name: String, value: Math, z: Double) -> Math {
        switch activation {
        case .relu: return .row([.function("max"), .parens(.row([.integer(0), .op(","), value]))])
        case .sigmoid: return .fraction(.integer(1), .row([.integer(1), .op("+"), .sup(.identifier("e"), .number(-z))]))
        case .linear: return value
        default: return .row([.function(name), .parens(value)])
        }
    }

    // MARK: - Step 4: the output

    func outputSection() -> ExplanationSection {
        let output = trace.output
        let lastActivation = model.outputActivation ?? .linear
        let L = network.layers.count
        var blocks: [ExplanationBlock] = []
        let yHat = Math.identifier("ŷ")
        switch model.task {
        case .binary:
            let negative = className(0)
            let positive = className(1)
            let p = output[0]
            blocks.append(.paragraph([.text("The output neuron's \(lastActivation.rawValue) gives the probability that the input belongs to class “\(positive)”:")]))
            blocks.append(.display([
                DisplayRow(probability(positive), .row([.op("="), yHat, .op("="), element("a", 0, L), .op("="), .number(Double(p))])),
                DisplayRow(probability(negative), .row([.op("="), .integer(1), .op("−"), yHat, .op("="), .number(Double(1 - p))])),
            ]))
            let chosen = p > 0.5 ? positive : negative
            blocks.append(.paragraph([.text("The model predicts class "), .strong("“\(chosen)”"),
                                      .text(p > 0.5 ? " because " : " because not "), .math(.row([yHat, .op(">"), .literal("0.5")])), .text(".")]))
        case let .categorical(classes):
            let best = output.indices.max { output[$0] < output[$1] } ?? 0
            if lastActivation == .softmax {
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
}

extension RoundedNumber {
    /// The number in plain text, with × 10ⁿ written as e-notation: for sentences and ranges.
    public var plain: String {
        (negative ? "−" : "") + mantissa + (exponent.map { "e\($0)" } ?? "")
    }
}
