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
        let activation = layer.activation.rawValue
        let a = BarSeries(name: "a = \(activation)(z)", values: values.a.map(Double.init), positive: theme.positive, negative: theme.negative)
        var series = [a]
        if preActivation {
            let z = BarSeries(name: "z = W·x + b", values: values.z.map(Double.init),
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

/// Training curves from a history: loss, accuracy, or both.
public enum LossChart {
    /// Which curves to draw: the loss, the accuracy, or one panel of each.
    public enum Metric: String, CaseIterable, Sendable {
        case loss, accuracy, all
    }

    /// The panels for `metric`, smoothed over `smooth` epochs (the raw curves stay faint behind), the
    /// loss on a log axis when `logarithmic`, the best validation epoch marked.
    public static func panels(_ history: History, metric: Metric, smooth: Int, logarithmic: Bool, theme: Theme,
                              file: String) throws(ChartError) -> [LinePanel] {
        precondition(smooth >= 1)
        var panels: [LinePanel] = []
        if metric != .accuracy {
            if logarithmic, let (name, epoch, value) = firstNonPositive([("loss", history.loss), ("val_loss", history.validationLoss ?? [])]) {
                throw ChartError.notPositive(file: file, series: name, value: value, epoch: epoch)
            }
            panels.append(panel(title: "Loss", name: "loss", train: history.loss, validation: history.validationLoss, lowerIsBetter: true,
                                smooth: smooth, logarithmic: logarithmic, theme: theme))
        }
        if metric != .loss {
            if let accuracy = history.accuracy {
                panels.append(panel(title: "Accuracy", name: "accuracy", train: accuracy, validation: history.validationAccuracy,
                                    lowerIsBetter: false, smooth: smooth, logarithmic: false, theme: theme))
            } else if metric == .accuracy {
                throw ChartError.noAccuracy(file: file, columns: history.columns.map(\.name))
            }
        }
        if panels.count == 1 {
            panels[0].title = "Training " + panels[0].title.lowercased()
        }
        var subtitle = "\(history.epochs) epoch" + (history.epochs == 1 ? "" : "s")
        if smooth > 1 { subtitle += " · moving average over \(smooth) epochs" }
        if logarithmic { subtitle += " · loss on a log scale" }
        panels[0].subtitle = subtitle
        return panels
    }

    static func firstNonPositive(_ columns: [(String, [Float])]) -> (String, Int, Float)? {
        for (name, values) in columns {
            if let index = values.firstIndex(where: { $0 <= 0 }) { return (name, index + 1, values[index]) }
        }
        return nil
    }

    static func panel(title: String, name: String, train: [Float], validation: [Float]?, lowerIsBetter: Bool, smooth: Int,
                      logarithmic: Bool, theme: Theme) -> LinePanel {
        var series: [LineSeries] = []
        func add(_ label: String, _ values: [Float], _ color: RGB) {
            let doubles = values.map(Double.init)
            if smooth > 1 {
                series.append(LineSeries(name: label, values: doubles, color: color.mixed(with: theme.background, 0.6), width: 1,
                                         inLegend: false))
                series.append(LineSeries(name: label, values: LineChart.smoothed(doubles, window: smooth), color: color, width: 2.2))
            } else {
                series.append(LineSeries(name: label, values: doubles, color: color, width: 2.2))
            }
        }
        add("train", train, theme.positive)
        var marker: LineMarker?
        if let validation {
            add("validation", validation, theme.accent)
            let best = lowerIsBetter ? validation.indices.min { validation[$0] < validation[$1] }
                : validation.indices.max { validation[$0] < validation[$1] }
            if let best {
                let value = Double(validation[best])
                marker = LineMarker(epoch: best + 1, value: value,
                                    label: "best val_\(name) \(chartNumber(value)) at epoch \(best + 1)", color: theme.accent)
            }
        }
        return LinePanel(title: title, valueTitle: logarithmic ? "\(name) (log scale)" : name, series: series, marker: marker,
                         logarithmic: logarithmic)
    }
}

/// Weight heatmaps: one row per neuron, one column per input, the bias as an extra column.
public enum WeightsChart {
    /// The heatmap of layer `index`: the first layer's columns take the model's input names.
    public static func data(_ network: Network, layer index: Int, inputNames: [String], previousLayer: String) -> HeatmapData {
        let layer = network.layers[index]
        let columnLabels = index == 0 && inputNames.count == layer.inputSize ? inputNames : (1...layer.inputSize).map(String.init)
        let columnTitle = index == 0 ? "input feature" : "input: neuron of \(previousLayer)"
        return HeatmapData(title: "Weights of layer \(layer.name) (\(layer.outputSize) × \(layer.inputSize)\(layer.useBias ? " + bias" : ""))",
                           rowTitle: "neuron of \(layer.name)", columnTitle: columnTitle,
                           rowLabels: (1...layer.outputSize).map(String.init), columnLabels: columnLabels,
                           values: layer.weights.map(Double.init),
                           extraColumn: layer.useBias ? (label: "bias", values: layer.bias.map(Double.init)) : nil)
    }
}
