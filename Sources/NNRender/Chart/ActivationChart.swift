import NNCore

/// Activation bar charts from a forward trace: one bar per neuron, as the blog draws them, with
/// neurons numbered from 1 as in the maths (a₁ is the first).
public enum ActivationChart {
    /// The panel for layer `index` of `network` in `trace`: a = f(z) per neuron, and z beside it when
    /// `preActivation` is set.
    public static func panel(_ network: Network, trace: ForwardTrace, layer index: Int, preActivation: Bool, theme: Theme,
                             panelTitle: Bool = false) -> BarPanel {
        let layer = network.layers[index]
        let values = trace.layers[index]
        let activation = layer.activationName
        let a = BarSeries(name: "a = \(activation)(z)", values: values.a.map(Double.init), positive: theme.positive, negative: theme.negative)
        var series = [a]
        if preActivation {
            let z = BarSeries(name: layer.dense == nil ? "z = the layer's input" : "z = W·x + b", values: values.z.map(Double.init),
                              positive: theme.positive.mixed(with: theme.background, 0.55),
                              negative: theme.negative.mixed(with: theme.background, 0.55))
            series = [z, a]
        }
        let title = panelTitle ? "\(layer.name) (\(activation))"
            : "Activations of layer \(layer.name) (\(activation))"
        return BarPanel(title: title, categoryTitle: "neuron", valueTitle: preActivation ? "value" : "activation a = \(activation)(z)",
                        categories: (1...layer.outputSize).map(String.init), series: series)
    }
}
