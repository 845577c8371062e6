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

    /// The bar chart of `layers` for one traced input: one panel per layer, in rows of up to three, each
    /// as wide as its neurons ask, on one y scale for every layer (`scale` `.network`) or each on its
    /// own (`.layer`), with one legend for the figure; 720 × 440 for one layer.
    public static func drawing(_ network: Network, trace: ForwardTrace, layers indices: [Int], preActivation: Bool,
                               subtitle: String, scale: ValueScale = .network, choices: ChartChoices,
                               measurer: any TextMeasuring) -> ChartDrawing {
        let panels = indices.map {
            panel(network, trace: trace, layer: $0, preActivation: preActivation, theme: choices.theme, panelTitle: indices.count > 1)
        }
        let columns = min(indices.count, 3)
        let rows = (indices.count + columns - 1) / columns
        let style = indices.count == 1 ? choices.style(width: 720, height: 440)
            : choices.style(width: Double(columns) * 340, height: 70 + Double(rows) * 330)
        let title = choices.title ?? (indices.count == 1 ? nil : "Activations of every layer")
        var subtitle = subtitle
        if indices.count > 1 {
            let note = scale == .network ? "one y scale for every layer" : "each layer on its own y scale"
            subtitle += (subtitle.isEmpty ? "" : " · ") + note
        }
        return BarChart.layout(panels, title: title, subtitle: subtitle, legend: legend(panels), style: style, columns: columns, scale: scale,
                               measurer: measurer)
    }

    /// One legend for the figure: each series in its colour, and its colour below zero when some value
    /// is negative (the red bars); a series named differently in different panels (a = relu(z),
    /// a = sigmoid(z)) gets the general name. Empty for one series without negative values.
    static func legend(_ panels: [BarPanel]) -> [LegendEntry] {
        let seriesCount = panels[0].series.count
        var entries: [LegendEntry] = []
        for s in 0..<seriesCount {
            let series = panels.map { $0.series[s] }
            let names = Set(series.map(\.name))
            let symbol = s == seriesCount - 1 ? "a" : "z"
            let general = symbol == "a" ? "a = f(z)" : "z, before the activation"
            entries.append(LegendEntry(label: names.count == 1 ? series[0].name : general, color: series[0].positive, swatch: .square))
            if series.contains(where: { $0.values.contains { $0 < 0 } }) {
                entries.append(LegendEntry(label: "\(symbol) < 0", color: series[0].negative, swatch: .square))
            }
        }
        return seriesCount == 1 && entries.count == 1 ? [] : entries
    }

    /// The subtitle saying which input is drawn: up to twelve values after `source` (`row 3 of
    /// iris.csv: `, or nil for an input typed on the command line), or for a longer input only how
    /// many values and where from (`input: 784 values (row 3 of x.csv)`); for weights drawn from a
    /// seed, `untrained, seed 0 · ` before it.
    public static func subtitle(input: [Float], source: String?, untrainedSeed: UInt64?) -> String {
        var subtitle = untrainedSeed.map { "untrained, seed \($0) · " } ?? ""
        if input.count > 12 {
            return subtitle + "input: \(input.count) values" + (source.map { " (\($0))" } ?? "")
        }
        subtitle += source.map { $0 + ": " } ?? "input "
        subtitle += input.map { chartNumber(Double($0)) }.joined(separator: ", ")
        return subtitle
    }
}
