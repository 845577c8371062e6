import NNCore

/// Training as it happens: for each kept epoch, the decision boundary, the weights and the loss curve
/// with that epoch marked (one frame of an animation), or the boundaries side by side on one sheet.
public struct Evolution: Sendable {
    /// The boundary of the trained model; each frame swaps in the network of its epoch.
    public var setup: BoundarySetup
    public var epochs: [Int]
    public var networks: [Network]
    public var history: History?

    public init(setup: BoundarySetup, epochs: [Int], networks: [Network], history: History?) {
        precondition(epochs.count == networks.count && !epochs.isEmpty)
        self.setup = setup
        self.epochs = epochs
        self.networks = networks
        self.history = history
    }

    /// The largest |weight| of any layer in any snapshot: the weights panel's scale, the same in every frame.
    public var weightLimit: Double {
        networks.flatMap { $0.layers.compactMap(\.dense).flatMap(\.weights) }.lazy.map { abs(Double($0)) }.filter(\.isFinite).max() ?? 0
    }
}

public enum EvolutionChart {
    public static let frameSize = (width: 900.0, height: 420.0)
    /// The static sheet shows at most this many epochs, evenly spaced from the first to the last.
    public static let sheetPanels = 12

    /// The boundary setup of snapshot `index`, titled by its epoch.
    static func boundary(_ evolution: Evolution, index: Int) -> BoundarySetup {
        var setup = evolution.setup
        setup.network = evolution.networks[index]
        let epoch = evolution.epochs[index]
        let epochs = evolution.history?.epochs
        setup.title = epoch == 0 ? "epoch 0 (before training)" : "epoch \(epoch)" + (epochs.map { " of \($0)" } ?? "")
        return setup
    }

    /// One animation frame: the boundary at snapshot `index`, every layer's weights, and the loss curve
    /// with the snapshot's epoch marked.
    public static func frame(_ evolution: Evolution, index: Int, theme: Theme, measurer: any TextMeasuring) -> ChartDrawing {
        let placer = TextPlacer(measurer: measurer, theme: theme)
        let size = frameSize
        var drawing = ChartDrawing(width: size.width, height: size.height, background: theme.background,
                                   title: evolution.setup.title)
        let boundaryFrame = ChartRect(x: 0, y: 0, width: size.height, height: size.height)
        drawing.marks += BoundaryChart.layout(boundary(evolution, index: index), in: boundaryFrame, theme: theme, measurer: measurer,
                                              titleSize: placer.metrics.panelTitleSize).marks
        let weightsFrame = ChartRect(x: boundaryFrame.maxX, y: 0, width: 220, height: size.height)
        drawing.marks += weightsPanel(evolution.networks[index], limit: evolution.weightLimit, in: weightsFrame, placer: placer)
        let lossFrame = ChartRect(x: weightsFrame.maxX, y: 0, width: size.width - weightsFrame.maxX, height: size.height)
        if let panel = lossPanel(evolution, marking: index, theme: theme) {
            drawing.marks += LineChart.layoutPanel(panel, in: lossFrame, titleSize: placer.metrics.panelTitleSize, placer: placer).marks
        }
        return drawing
    }

    /// The loss curve of the run, with snapshot `index`'s epoch marked (epoch 0 at the first epoch).
    static func lossPanel(_ evolution: Evolution, marking index: Int?, theme: Theme) -> LinePanel? {
        guard let history = evolution.history, !history.loss.isEmpty else { return nil }
        var series = [LineSeries(name: "loss", values: history.loss.map(Double.init), color: theme.positive)]
        if let validation = history.validationLoss, !validation.isEmpty {
            series.append(LineSeries(name: "val_loss", values: validation.map(Double.init), color: theme.accent, dash: theme.secondSeriesDash))
        }
        var marker: LineMarker?
        if let index {
            let epoch = min(max(evolution.epochs[index], 1), history.loss.count)
            marker = LineMarker(epoch: epoch, value: Double(history.loss[epoch - 1]),
                                label: evolution.epochs[index] == 0 ? "before training" : "epoch \(epoch)", color: theme.foreground)
        }
        return LinePanel(title: "loss", valueTitle: "loss", series: series, marker: marker)
    }

    /// Each dense layer's weight matrix as a small heatmap (one row per neuron, one column per input),
    /// side by side, on one diverging scale of ±`limit`.
    static func weightsPanel(_ network: Network, limit: Double, in frame: ChartRect, placer: TextPlacer) -> [ChartMark] {
        let theme = placer.theme
        var marks: [ChartMark] = []
        let top = frame.y + ChartMetrics.padding
        marks.append(.text(placer.centered("weights", x: frame.x + frame.width / 2, y: top + placer.metrics.panelTitleSize * 0.4,
                                           size: placer.metrics.panelTitleSize, bold: true)))
        marks.append(.text(placer.centered("±\(chartNumber(limit, significant: 2)), \(theme.positiveWord) > 0 > \(theme.negativeWord)", x: frame.x + frame.width / 2,
                                           y: top + 24 * placer.metrics.scale, size: placer.metrics.valueSize, color: theme.muted)))
        let gap = 10.0
        let header = 44 * placer.metrics.scale
        let area = ChartRect(x: frame.x + 10, y: top + header, width: frame.width - 20, height: frame.height - top - header - 40)
        let dense = network.layers.compactMap(\.dense)
        let columns = dense.reduce(0) { $0 + $1.inputSize }
        let rows = dense.map(\.outputSize).max() ?? 1
        let cell = min(18, (area.width - gap * Double(dense.count - 1)) / Double(max(columns, 1)), area.height / Double(rows))
        var x = area.x + (area.width - cell * Double(columns) - gap * Double(dense.count - 1)) / 2
        for layer in dense {
            let block = ChartRect(x: x, y: area.y, width: cell * Double(layer.inputSize), height: cell * Double(layer.outputSize))
            marks.append(.raster(block, columns: layer.inputSize, rows: layer.outputSize,
                                 cells: layer.weights.map { theme.diverging(Double($0), limit: limit) }))
            marks.append(.line(Heatmap.outline(block), stroke: theme.grid, width: 1))
            marks.append(.text(placer.centered(placer.fitted(layer.name, maxWidth: max(block.width + gap, 48), size: placer.metrics.valueSize),
                                               x: block.x + block.width / 2, y: block.maxY + 10 * placer.metrics.scale, size: placer.metrics.valueSize,
                                               color: theme.muted)))
            x = block.maxX + gap
        }
        return marks
    }

    /// The snapshots the sheet shows: all of them, or `sheetPanels` evenly spaced from the first to the last.
    static func sheetIndices(_ count: Int) -> [Int] {
        guard count > sheetPanels else { return Array(0..<count) }
        return (0..<sheetPanels).map { $0 * (count - 1) / (sheetPanels - 1) }
    }

    /// The static sheet for paper and PDF: the boundaries at the kept epochs, four to a row, and the loss
    /// curve underneath.
    public static func sheet(_ evolution: Evolution, theme: Theme, measurer: any TextMeasuring) -> ChartDrawing {
        let placer = TextPlacer(measurer: measurer, theme: theme)
        let indices = sheetIndices(evolution.epochs.count)
        let columns = min(4, indices.count)
        let rows = (indices.count + columns - 1) / columns
        let panel = 320.0
        let header = ChartMetrics.padding + 34 * placer.metrics.scale
        let lossHeight = evolution.history == nil ? 0 : 260.0
        let width = Double(columns) * panel
        let height = header + Double(rows) * panel + lossHeight
        var drawing = ChartDrawing(width: width, height: height, background: theme.background, title: evolution.setup.title)
        let size = placer.metrics.titleSize
        drawing.marks.append(.text(placer.centered(placer.fitted(evolution.setup.title, maxWidth: width - 28, size: size, bold: true),
                                                   x: width / 2, y: ChartMetrics.padding + size * 0.4, size: size, bold: true)))
        let shown = indices.count < evolution.epochs.count ? "\(indices.count) of \(evolution.epochs.count) kept epochs"
            : "\(indices.count) kept epoch\(indices.count == 1 ? "" : "s")"
        drawing.marks.append(.text(placer.centered(shown, x: width / 2, y: ChartMetrics.padding + size * 1.45 + 6,
                                                   size: placer.metrics.subtitleSize, color: theme.muted)))
        for (position, index) in indices.enumerated() {
            let frame = ChartRect(x: Double(position % columns) * panel, y: header + Double(position / columns) * panel, width: panel, height: panel)
            drawing.marks += BoundaryChart.layout(boundary(evolution, index: index), in: frame, theme: theme, measurer: measurer,
                                                  titleSize: placer.metrics.panelTitleSize).marks
        }
        if let loss = lossPanel(evolution, marking: nil, theme: theme) {
            let frame = ChartRect(x: 0, y: header + Double(rows) * panel, width: width, height: lossHeight)
            drawing.marks += LineChart.layoutPanel(loss, in: frame, titleSize: placer.metrics.panelTitleSize, placer: placer).marks
        }
        return drawing
    }
}
