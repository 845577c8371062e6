import Foundation
import NNCore

/// Descriptions in words of what each picture shows, for the `alt` text of images in reports, so
/// that a reader who cannot see the picture learns what it says.
public enum AltText {
    /// The layer diagram: every layer with its size and activation, and the parameter count.
    public static func layerDiagram(_ model: Model) -> String {
        // "input_layer (input, (None, 4))", not "input input_layer".
        let inputs = model.inputs.map { "\($0.name) (input, \($0.shape.kerasDescription))" }
        let layers = model.layers.map { layer -> String in
            var words = "\(layer.name) (\(layer.className)"
            if let units = layer.units { words += ", \(units) \(units == 1 ? "unit" : "units")" }
            if let activation = layer.activationName, activation != "linear" { words += ", \(activation)" }
            return words + ")"
        }
        let subject = model.name.map { "Layer diagram of the model \($0): " } ?? "Layer diagram: "
        return subject + (inputs + layers).joined(separator: " → ")
            + "; \(ModelSummary.grouped(model.parameterCount)) parameters in all."
    }

    /// The neuron diagram: the neurons per layer and, for a trained network, the strongest weights,
    /// with the colours as `theme` draws them.
    public static func neuronDiagram(_ model: Model, network: Network?, trace: ForwardTrace?, theme: Theme = .light) -> String {
        let sizes = [model.inputSize ?? 0] + model.layers.compactMap(\.units)
        var text = "Neuron diagram: \(sizes.map(String.init).joined(separator: "-")) neurons from input to output, every weight drawn as an edge"
        if let network, model.isTrained {
            text += " coloured \(theme.positiveWord) when positive and \(theme.negativeWord)\(theme.patterns ? " and dashed" : "") when negative, thicker when larger"
            var strongest: (layer: String, from: Int, to: Int, weight: Float)?
            for layer in network.layers.compactMap(\.dense) {
                for to in 0..<layer.outputSize {
                    for from in 0..<layer.inputSize {
                        let w = layer.weight(from: from, to: to)
                        if strongest == nil || abs(w) > abs(strongest!.weight) { strongest = (layer.name, from, to, w) }
                    }
                }
            }
            if let strongest {
                text += "; the strongest weight is \(number(strongest.weight)) into neuron \(strongest.to + 1) of \(strongest.layer) from its input \(strongest.from + 1)"
            }
        } else {
            text += " (the model is untrained, so the edges carry no weights)"
        }
        if let trace {
            text += ". Each neuron is shaded by its activation for the chosen input; the output is "
                + trace.output.map(number).joined(separator: ", ")
        }
        return text + "."
    }

    /// A layer's activation bar chart: which neurons fired and the largest activation.
    public static func activations(layer: String, activation: String, values: [Float]) -> String {
        var text = "Bar chart of the \(values.count) activations of layer \(layer) (\(activation))"
        guard let largest = values.indices.max(by: { values[$0] < values[$1] }) else { return text + "." }
        let fired = values.indices.filter { values[$0] > 0 }.map { String($0 + 1) }
        let negative = values.filter { $0 < 0 }.count
        text += ": neuron\(fired.count == 1 ? "" : "s") " + (fired.isEmpty ? "none" : fired.joined(separator: ", ")) + " fired (above zero)"
        if negative > 0 { text += ", \(negative) \(negative == 1 ? "is" : "are") negative" }
        let zeros = values.filter { $0 == 0 }.count
        if zeros > 0 { text += ", \(zeros) \(zeros == 1 ? "is" : "are") exactly zero" }
        return text + "; the largest is neuron \(largest + 1) at \(number(values[largest]))."
    }

    /// A loss curve: the first and last loss, and the best validation epoch.
    public static func lossCurve(_ history: History) -> String {
        guard let first = history.loss.first, let last = history.loss.last else { return "An empty loss curve." }
        var text = "Loss curve over \(history.epochs) epochs: the training loss goes from \(number(first)) to \(number(last))"
        if let validation = history.validationLoss, let best = validation.indices.min(by: { validation[$0] < validation[$1] }) {
            text += "; the validation loss is lowest, \(number(validation[best])), at epoch \(best + 1)"
        }
        if let accuracy = history.accuracy?.last { text += "; the final training accuracy is \(number(accuracy))" }
        return text + "."
    }

    /// As every number of a report (`ReportPage.number`).
    static func number(_ value: Float) -> String {
        ReportPage.number(value)
    }
}
