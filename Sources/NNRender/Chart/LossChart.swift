import NNCore

/// Training curves from a history: loss, accuracy, or both.
public enum LossChart {
    /// Which curves to draw: the loss, the accuracy, or one panel of each.
    public enum Metric: String, CaseIterable, Sendable {
        case loss, accuracy, all
    }

    /// The panels for `metric`, smoothed over `smooth` epochs (the raw curves stay visible behind), the
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
        return panels
    }

    /// What the figure shows, said once under its title: the number of epochs, the smoothing and the
    /// log scale.
    public static func subtitle(_ history: History, smooth: Int, logarithmic: Bool) -> String {
        var subtitle = "\(history.epochs) epoch" + (history.epochs == 1 ? "" : "s")
        if smooth > 1 { subtitle += " · thick: centred moving average over \(smooth) epochs, thin: each epoch" }
        if logarithmic { subtitle += " · loss on a log scale" }
        return subtitle
    }

    /// The line chart of `metric` in `history` (the file it came from, for messages): 720 × 440 for one
    /// panel, 720 × 720 for loss and accuracy.
    public static func drawing(_ history: History, file: String, metric: Metric, smooth: Int, logarithmic: Bool,
                               choices: ChartChoices, measurer: any TextMeasuring) throws(ChartError) -> ChartDrawing {
        let panels = try panels(history, metric: metric, smooth: smooth, logarithmic: logarithmic, theme: choices.theme, file: file)
        let style = choices.style(width: 720, height: panels.count == 1 ? 440 : 720)
        let title = choices.title ?? (panels.count > 1 ? "Training history" : nil)
        return LineChart.layout(panels, title: title, subtitle: subtitle(history, smooth: smooth, logarithmic: logarithmic), style: style,
                                measurer: measurer)
    }

    static func firstNonPositive(_ columns: [(String, [Float])]) -> (String, Int, Float)? {
        for (name, values) in columns {
            if let index = values.firstIndex(where: { $0 <= 0 }) { return (name, index + 1, values[index]) }
        }
        return nil
    }

    static func panel(title: String, name: String, train: [Float], validation: [Float]?, lowerIsBetter: Bool, smooth: Int,
                      logarithmic: Bool, theme: Theme) -> LinePanel {
        // Smoothed, every raw curve goes first, thin and lighter but clearly visible, and the smoothed
        // curves are drawn over all of them.
        var raw: [LineSeries] = []
        var series: [LineSeries] = []
        func add(_ label: String, _ values: [Float], _ color: RGB, dash: [Double] = []) {
            let doubles = values.map(Double.init)
            if smooth > 1 {
                raw.append(LineSeries(name: label, values: doubles, color: color.mixed(with: theme.background, 0.4), width: 1.3,
                                      inLegend: false))
                series.append(LineSeries(name: label, values: LineChart.smoothed(doubles, window: smooth), color: color, width: 2.2,
                                         dash: dash))
            } else {
                series.append(LineSeries(name: label, values: doubles, color: color, width: 2.2, dash: dash))
            }
        }
        add("train", train, theme.positive)
        var marker: LineMarker?
        if let validation {
            add("validation", validation, theme.accent, dash: theme.secondSeriesDash)
            let best = lowerIsBetter ? validation.indices.min { validation[$0] < validation[$1] }
                : validation.indices.max { validation[$0] < validation[$1] }
            if let best {
                let value = Double(validation[best])
                marker = LineMarker(epoch: best + 1, value: value,
                                    label: "best val_\(name) \(chartNumber(value)) at epoch \(best + 1)", color: theme.accent)
            }
        }
        return LinePanel(title: title, valueTitle: logarithmic ? "\(name) (log scale)" : name, series: raw + series, marker: marker,
                         logarithmic: logarithmic)
    }
}
