import Foundation
import NNCore

/// The steps of layers without weights of their own (activation, dropout, batch normalisation,
/// reshapes), and the gradient step of a network that has them.
extension ExplanationBuilder {
    func otherLayerSection(_ index: Int) -> ExplanationSection {
        let layer = network.layers[index]
        let l = index + 1
        let values = trace.layers[index]
        let inputs = index == 0 ? trace.input : trace.layers[index - 1].a
        let (neurons, hidden) = shown(layer.outputSize, limit: limit)
        let x = previousVector(l)
        var blocks: [ExplanationBlock] = []
        let title: String
        switch layer {
        case let .activation(activation):
            title = "\(layer.name) (activation, \(activation.activationName))"
            blocks.append(.paragraph([.text("This layer has no weights: it applies \(activation.activationName) to each output of the layer before, "),
                                      .math(.row([vector("z", l), .op("="), x])), .text(".")]))
            if let alpha = activation.alpha {
                let name = activation.function == .leakyRelu ? "negative slope" : "α"
                blocks.append(.paragraph([.text("Its \(name) is "), .math(.number(Double(alpha))), .text(", as the model gives it:")]))
                blocks.append(.display(neurons.map { j in
                    DisplayRow(element("a", j, l), .row([.op("="), .identifier("f"), .parens(.number(Double(values.z[j]))), .op("="),
                                                          .number(Double(values.a[j]))]))
                }))
            } else {
                blocks += activationBlocks(activation.function, named: activation.activationName, l: l, neurons: neurons, z: values.z, a: values.a)
            }
        case let .dropout(dropout):
            title = "\(layer.name) (dropout, rate \(dropout.rate))"
            blocks.append(.paragraph([.text("Dropout is the identity when the network predicts: "), .math(.row([vector("a", l), .op("="), x])),
                                      .text(". Only while training does it set each value to 0 with probability \(dropout.rate) and multiply the others by 1/(1 − \(dropout.rate)), so that their expected sum stays the same.")]))
        case let .batchNormalization(bn):
            title = "\(layer.name) (batch normalisation)"
            blocks += batchNormalizationBlocks(bn, l: l, neurons: neurons, inputs: inputs, a: values.a)
        case let .passThrough(pass):
            title = "\(layer.name) (\(pass.className))"
            blocks.append(.paragraph([.text("A \(pass.className) layer only changes the shape of its input, and this input is already a flat row: "),
                                      .math(.row([vector("a", l), .op("="), x])), .text(".")]))
        case .dense:
            preconditionFailure("dense layers have their own section")
        }
        var rows: [[[Inline]]] = neurons.map { [[.math(.integer($0 + 1))], [number(inputs[$0])], [number(values.a[$0])]] }
        if hidden > 0 {
            let rest = neurons.count...
            rows.append([[.text("\(neurons.count + 1)–\(layer.outputSize)")], [.text(range(of: inputs[rest]))], [.text(range(of: values.a[rest]))]])
        }
        let j = Math.identifier("j")
        blocks.append(.table(ExplanationTable(caption: "Layer \(l) (\(layer.name)): inputs and outputs", columns: [
            .init([.math(j)], numeric: true),
            .init([.math(l == 1 ? .sub(.identifier(normalised ? "x′" : "x"), j) : .subSup(.identifier("a"), j, layerIndex(l - 1)))], numeric: true),
            .init([.math(.subSup(.identifier("a"), j, layerIndex(l)))], numeric: true),
        ], rows: rows)))
        return ExplanationSection(anchor: "layer-\(l)", title: "Layer \(l): \(title)", blocks: blocks)
    }

    /// a = γ(x − μ)/√(σ² + ε) + β with the moving statistics, and the numbers for the shown features.
    func batchNormalizationBlocks(_ bn: BatchNorm, l: Int, neurons: Range<Int>, inputs: [Float], a: [Float]) -> [ExplanationBlock] {
        let j = Math.identifier("j")
        func sub(_ name: String) -> Math { .sub(.identifier(name), j) }
        let input = l == 1 ? Math.sub(.identifier(normalised ? "x′" : "x"), j) : .subSup(.identifier("a"), j, layerIndex(l - 1))
        let normalised = Math.fraction(.row([input, .op("−"), sub("μ")]),
                                       .row([.op("√"), .parens(.row([.sup(sub("σ"), .integer(2)), .op("+"), .identifier("ε")]))]))
        var formula: [Math] = [.op("="), sub("γ"), .op("·"), normalised, .op("+"), sub("β")]
        if !bn.scale { formula = [.op("="), normalised] + (bn.center ? [.op("+"), sub("β")] : []) }
        var blocks: [ExplanationBlock] = [
            .paragraph([.text("Batch normalisation rescales each feature on its own, with no weights across features:")]),
            .display([DisplayRow(.subSup(.identifier("a"), j, layerIndex(l)), .row(formula))]),
            .paragraph([.text("μ and σ² are the moving mean and variance that training kept (while training, each batch uses its own and moves these by momentum "),
                        .math(.number(Double(bn.momentum))), .text("); γ and β are learned; "), .math(.row([.identifier("ε"), .op("="), .number(Double(bn.epsilon))])),
                        .text(" keeps the division safe. With the numbers:")]),
        ]
        let p = bn.parameters
        blocks.append(.display(neurons.map { k in
            DisplayRow(element("a", k, l), .row([
                .op("="), .factor(Double(p.gamma[k])), .op("·"),
                .fraction(.row([.factor(Double(inputs[k])), .op("−"), .factor(Double(p.movingMean[k]))]),
                          .row([.op("√"), .parens(.row([.number(Double(p.movingVariance[k])), .op("+"), .number(Double(bn.epsilon))]))])),
                .op("+"), .factor(Double(p.beta[k])), .op("="), .number(Double(a[k])),
            ]))
        }))
        return blocks
    }

    /// The gradient step of a network with layers other than dense ones: the same step as for a
    /// dense stack, its result given layer by layer rather than written out.
    func stepSummarySection(_ step: GradientStep) -> ExplanationSection {
        var blocks: [ExplanationBlock] = [
            .paragraph([.text("Backpropagation runs back through every layer as the network predicts: dropout passes the gradient through unchanged, batch normalisation multiplies it by γ/√(σ² + ε), activation layers by f′. nnviz's training step computes it; for a network with such layers it is summarised here rather than written out. Gradient descent then moves every weight, bias, γ and β against its gradient with the learning rate η = \(request.learningRate).")]),
        ]
        var rows: [[[Inline]]] = []
        for (index, layer) in network.layers.enumerated() where layer.parameters != nil {
            var tensors = step.gradients.layers[index].parameters
            if case let .batchNormalization(bn) = layer {
                tensors = (bn.scale ? [tensors[0]] : []) + (bn.center ? [tensors[1]] : [])
            }
            let gradients = tensors.flatMap { $0 }
            let norm = gradients.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
            let largest = gradients.map(abs).max() ?? 0
            rows.append([[.text(layer.name)], [.text(layer.className)], [.text("\(gradients.count)")], [.math(.number(norm))], [number(largest)]])
        }
        blocks.append(.table(ExplanationTable(caption: "The gradient of each layer with learned values", columns: [
            .init([.text("layer")], numeric: false), .init([.text("kind")], numeric: false), .init([.text("values")], numeric: true),
            .init([.text("‖∇L‖")], numeric: true), .init([.text("largest |∂L/∂w|")], numeric: true),
        ], rows: rows)))
        let change = step.lossAfter < step.lossBefore ? "fell" : step.lossAfter > step.lossBefore ? "rose" : "stayed the same"
        blocks.append(.display([DisplayRow(.identifier("L'"), .row([.op("="), .number(Double(step.lossAfter))]))]))
        blocks.append(.paragraph([.text("The loss \(change): from "), .math(.number(Double(step.lossBefore))), .text(" before the step to "),
                                  .math(.number(Double(step.lossAfter))), .text(" after it.")]))
        return ExplanationSection(anchor: "update", title: "Backpropagation and one step of gradient descent", blocks: blocks)
    }
}
