import NNCore

/// Weight heatmaps: one row per neuron, one column per input, the bias as an extra column.
public enum WeightsChart {
    /// The heatmap of layer `index`, a dense layer: the first layer's columns take the model's input names.
    public static func data(_ network: Network, layer index: Int, inputNames: [String],
                            previousLayer: String) throws(ChartError) -> HeatmapData {
        guard let layer = network.layers[index].dense else {
            throw ChartError.noWeights(layer: network.layers[index].name, className: network.layers[index].className)
        }
        let columnLabels = index == 0 && inputNames.count == layer.inputSize ? inputNames : (1...layer.inputSize).map(String.init)
        let columnTitle = index == 0 ? "input feature" : "input: neuron of \(previousLayer)"
        return HeatmapData(title: "Weights of layer \(layer.name) (\(layer.outputSize) × \(layer.inputSize)\(layer.useBias ? " + bias" : ""))",
                           rowTitle: "neuron of \(layer.name)", columnTitle: columnTitle,
                           rowLabels: (1...layer.outputSize).map(String.init), columnLabels: columnLabels,
                           values: layer.weights.map(Double.init),
                           extraColumn: layer.useBias ? (label: "bias", values: layer.bias.map(Double.init)) : nil)
    }
}
