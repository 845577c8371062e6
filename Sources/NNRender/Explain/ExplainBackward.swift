import Foundation
import NNCore

/// The steps that need a target: the loss, backpropagation and one step of gradient descent.
extension ExplanationBuilder {
    // MARK: - Step 5: the loss

    func resolveTarget(_ label: String) throws(ExplainError) -> ResolvedTarget {
        let values: [Float]
        do {
            values = try model.target(forLabel: label)
        } catch {
            throw ExplainError.invalidTarget(label: label, reason: error.reason.replacingOccurrences(of: "'\(label)'", with: "--target '\(label)'"))
        }
        switch model.task {
        case .binary: return ResolvedTarget(values: values, classIndex: Int(values[0]))
        case .categorical: return ResolvedTarget(values: values, classIndex: values.firstIndex(of: 1))
        case .regression: return ResolvedTarget(values: values, classIndex: nil)
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
            // checkTrainable allows binary cross-entropy with one sigmoid output only.
            let t = Double(target.values[0])
            let p = Double(output[0])
            blocks.append(.display([
                DisplayRow(.identifier("L"), .row([.op("="), .negative(.fenced(.row([y, .function("ln"), yHat, .op("+"), .parens(.row([.integer(1), .op("−"), y])), .function("ln"), .parens(.row([.integer(1), .op("−"), yHat]))]), open: "[", close: "]"))])),
                DisplayRow(.row([]), .row([.op("="), .negative(.fenced(.row([.exact(t), .op("·"), .function("ln"), .parens(.number(p)), .op("+"), .exact(1 - t), .op("·"), .function("ln"), .parens(.number(1 - p))]), open: "[", close: "]")), .op("="), value])),
            ]))
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
        let L = layers.count
        let last = layers[L - 1]
        let gradients = step.gradients.layers
        let n = last.outputSize
        let y = Math.identifier("y")
        let yHat = Math.identifier("ŷ")
        let delta = Math.identifier("δ")
        var blocks: [ExplanationBlock] = [
            .paragraph([.text("Backpropagation applies the chain rule from the loss back to the first layer. The error of layer "),
                        .math(.identifier("l")), .text(", "), .math(.row([.sup(delta, .parens(.identifier("l"))), .op("="), partial(.identifier("L"), .sup(.identifier("z"), .parens(.identifier("l"))))])),
                        .text(", gives the gradients of that layer's weights and biases and the error of the layer below.")]),
            .heading("Output error"),
        ]
        let (outputs, hiddenOutputs) = shown(n, limit: limit)
        var rows: [DisplayRow] = []
        switch (loss, last.activation) {
        case (.binaryCrossEntropy, .sigmoid), (.categoricalCrossEntropy, .softmax):
            let words = loss == .binaryCrossEntropy ? "sigmoid and binary cross-entropy" : "softmax and cross-entropy"
            blocks.append(.paragraph([.text("For \(words) together the derivative simplifies to the difference between prediction and target:")]))
            let general: Math = .row([.sub(yHat, .identifier("k")), .op("−"), .sub(y, .identifier("k"))])
            rows.append(DisplayRow(.subSup(delta, .identifier("k"), layerIndex(L)),
                                   .row([.op("="), partial(.identifier("L"), .subSup(.identifier("z"), .identifier("k"), layerIndex(L))),
                                         .op("="), general])))
            for k in outputs {
                let difference: Math = .row([.number(Double(trace.output[k])), .op("−"), .exact(Double(target.values[k]))])
                rows.append(DisplayRow(element("δ", k, L), .row([.op("="), difference,
                                                                 .op("="), .number(Double(gradients[L - 1].z[k]))])))
            }
        default:
            blocks.append(.paragraph([.text("For the mean squared error the derivative with respect to the output, times the derivative of the output activation:")]))
            let general: Math = .row([.fraction(.integer(2), .integer(n)), .parens(.row([.sub(yHat, .identifier("k")), .op("−"), .sub(y, .identifier("k"))])),
                                      .op("·"), .identifier("f′"), .parens(.subSup(.identifier("z"), .identifier("k"), layerIndex(L)))])
            if last.activation == .softmax {
                blocks.append(.paragraph([.text("Softmax ties the outputs together, so with "), .math(.row([.sub(.identifier("g"), .identifier("k")), .op("="),
                                          .fraction(.integer(2), .integer(n)), .parens(.row([.sub(yHat, .identifier("k")), .op("−"), .sub(y, .identifier("k"))]))])),
                                          .text(" the error is "), .math(.row([.subSup(delta, .identifier("k"), layerIndex(L)), .op("="), .sub(yHat, .identifier("k")),
                                          .parens(.row([.sub(.identifier("g"), .identifier("k")), .op("−"), .bigOperator("Σ", under: .identifier("j"), over: nil),
                                                        .sub(.identifier("g"), .identifier("j")), .sub(yHat, .identifier("j"))]))])), .text(":")]))
                for k in outputs {
                    rows.append(DisplayRow(element("δ", k, L), .row([.op("="), .number(Double(gradients[L - 1].z[k]))])))
                }
            } else {
                rows.append(DisplayRow(.subSup(delta, .identifier("k"), layerIndex(L)), .row([.op("="), general])))
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
        let layer = layers[index]
        let l = index + 1
        let L = layers.count
        let gradients = step.gradients.layers[index]
        let inputs = index == 0 ? trace.input : trace.layers[index - 1].a
        let (neurons, hidden) = shown(layer.outputSize, limit: limit)
        let (columns, hiddenColumns) = shown(layer.inputSize, limit: limit)
        let delta = Math.identifier("δ")
        let j = Math.identifier("j")
        let i = Math.identifier("i")
        var blocks: [ExplanationBlock] = [.heading("Layer \(l): \(layer.name)")]
        if l < L { blocks += hiddenErrorBlocks(index, step: step) }
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
            for column in (active + columns.filter { inputs[$0] == 0 }).prefix(2) {
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

    /// How the error δ of hidden layer `index` comes from the layer above: back through its weights,
    /// then through this layer's activation.
    func hiddenErrorBlocks(_ index: Int, step: GradientStep) -> [ExplanationBlock] {
        let layer = layers[index]
        let l = index + 1
        let gradients = step.gradients.layers[index]
        let (neurons, _) = shown(layer.outputSize, limit: limit)
        let delta = Math.identifier("δ")
        let j = Math.identifier("j")
        var blocks: [ExplanationBlock] = []
        let above = layers[index + 1]
        let upper = step.gradients.layers[index + 1].z
        let k = Math.identifier("k")
        // g = ∂L/∂a⁽ˡ⁾, the error of the layer above sent back through its weights.
        let back: [Double] = (0..<layer.outputSize).map { neuron in
            (0..<above.outputSize).reduce(0.0) { $0 + Double(above.weight(from: neuron, to: $1)) * Double(upper[$1]) }
        }
        let sentBack = Math.row([.bigOperator("Σ", under: k, over: nil), .subSup(.identifier("w"), .row([k, .op(","), j]), layerIndex(l + 1)),
                                 .subSup(delta, k, layerIndex(l + 1))])
        var rows: [DisplayRow]
        if layer.activation == .softmax {
            blocks.append(.paragraph([.text("The error flows back through the weights of layer \(l + 1), "), .math(.row([.sub(.identifier("g"), j), .op("="), sentBack])),
                                      .text(", and then through softmax, whose every output depends on every input:")]))
            rows = [DisplayRow(.subSup(delta, j, layerIndex(l)), .row([.op("="), .subSup(.identifier("a"), j, layerIndex(l)),
                                                                       .parens(.row([.sub(.identifier("g"), j), .op("−"), .bigOperator("Σ", under: k, over: nil),
                                                                                     .sub(.identifier("g"), k), .subSup(.identifier("a"), k, layerIndex(l))]))]))]
            let dot = back.indices.reduce(0.0) { $0 + back[$1] * Double(trace.layers[index].a[$1]) }
            rows.append(DisplayRow(.row([.bigOperator("Σ", under: k, over: nil), .sub(.identifier("g"), k), .subSup(.identifier("a"), k, layerIndex(l))]),
                                   .row([.op("="), .number(dot)])))
            for neuron in neurons {
                rows.append(DisplayRow(element("δ", neuron, l), .row([.op("="), .number(Double(trace.layers[index].a[neuron])), .op("·"),
                                                                      .parens(.row([.number(back[neuron]), .op("−"), .factor(dot)])),
                                                                      .op("="), .number(Double(gradients.z[neuron]))])))
            }
        } else {
            blocks.append(.paragraph([.text("The error flows back through the weights of layer \(l + 1) and the derivative of this layer's \(layer.activationName):")]))
            rows = [
                DisplayRow(vector("δ", l), .row([.op("="), .parens(.row([.sup(vector("W", l + 1), .identifier("T")), vector("δ", l + 1)])), .op("⊙"), .identifier("f′"), .parens(vector("z", l))])),
                DisplayRow(.subSup(delta, j, layerIndex(l)), .row([.op("="), .parens(sentBack), .op("·"), .identifier("f′"), .parens(.subSup(.identifier("z"), j, layerIndex(l)))])),
            ]
            if let derivative = derivativeDefinition(layer.activation) {
                rows.append(DisplayRow(.row([.identifier("f′"), .parens(.identifier("z"))]), .row([.op("="), derivative])))
            }
            for neuron in neurons {
                let derivative = layer.activation.derivative(z: trace.layers[index].z[neuron], a: trace.layers[index].a[neuron])
                let slope: Math = derivative == 0 || derivative == 1 ? .integer(Int(derivative)) : .factor(Double(derivative))
                rows.append(DisplayRow(element("δ", neuron, l), .row([.op("="), .factor(back[neuron]), .op("·"), slope,
                                                                      .op("="), .number(Double(gradients.z[neuron]))])))
            }
        }
        blocks.append(.display(rows))
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
            .paragraph([.text(request.allUpdates ? "Every weight and bias before and after the step, layer by layer:"
                : "A few of them before and after the step: in each layer the first weight that changes, the weight with the largest gradient and the bias with the largest gradient:")]),
        ]
        var rows: [DisplayRow] = []
        var tableRows: [[[Inline]]] = []
        for (index, layer) in layers.enumerated() {
            let l = index + 1
            let gradients = step.gradients.layers[index]
            // The first weight that moves (or w₁,₁ when none does), the one that moves most, and the bias that moves most.
            func largest(_ values: [Float]) -> Int {
                values.indices.max { abs(values[$0]) < abs(values[$1]) || (abs(values[$0]) == abs(values[$1]) && $0 > $1) } ?? 0
            }
            let first = gradients.weights.firstIndex { $0 != 0 } ?? 0
            let most = largest(gradients.weights)
            let picks = request.allUpdates ? Array(gradients.weights.indices) : first == most ? [first] : [first, most]
            var parameters: [(Math, Float, Float, Float)] = picks.map { flat in
                (weight(flat / layer.inputSize, flat % layer.inputSize, l), layer.weights[flat], gradients.weights[flat], step.updated.layers[index].dense!.weights[flat])
            }
            if layer.useBias {
                let biases = request.allUpdates ? Array(gradients.bias.indices) : [largest(gradients.bias)]
                for j in biases {
                    parameters.append((element("b", j, l), layer.bias[j], gradients.bias[j], step.updated.layers[index].dense!.bias[j]))
                }
            }
            for (symbol, before, gradient, after) in parameters {
                rows.append(DisplayRow(symbol, .row([.op("←"), .number(Double(before)), .op("−"), rateText, .op("·"), .factor(Double(gradient)),
                                                     .op("="), .number(Double(after))])))
                tableRows.append([[.math(symbol)], [number(before)], [number(gradient)], [number(after)]])
            }
        }
        // Every parameter is too many for displayed sums: the table alone lists them.
        if !request.allUpdates { blocks.append(.display(rows)) }
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
