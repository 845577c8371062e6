import NNCore

/// Every neuron's activation over the input plane, as small multiples laid out like the network:
/// one column per hidden layer, and the output's decision boundary, largest, on the right.
public enum NeuronPlanes {
    static let thumbnail: Double = 64
    static let gap: Double = 10
    static let columnWidth: Double = thumbnail + 44
    static let outputSize = (width: 470.0, height: 500.0)

    /// Which neurons of a layer of `units` get a picture when at most `maximum` fit: all of them, or
    /// the first `maximum − 1` and the last, with the ones between said in words.
    static func shownNeurons(units: Int, maximum: Int) -> [Int] {
        units <= maximum ? Array(0..<units) : Array(0..<(maximum - 1)) + [units - 1]
    }

    /// Where the parts went, for tests.
    public struct Frames: Equatable, Sendable {
        /// One rectangle per pictured neuron: layer, neuron and where its picture is.
        public var thumbnails: [(layer: Int, neuron: Int, frame: ChartRect)]
        public var output: ChartRect

        public static func == (lhs: Frames, rhs: Frames) -> Bool {
            lhs.output == rhs.output && lhs.thumbnails.elementsEqual(rhs.thumbnails) { $0.layer == $1.layer && $0.neuron == $1.neuron && $0.frame == $1.frame }
        }
    }

    public static func layout(_ setup: BoundarySetup, maxNeurons: Int, theme: Theme, measurer: any TextMeasuring) -> ChartDrawing {
        layoutWithFrames(setup, maxNeurons: maxNeurons, theme: theme, measurer: measurer).drawing
    }

    public static func layoutWithFrames(_ setup: BoundarySetup, maxNeurons: Int, theme: Theme, measurer: any TextMeasuring)
        -> (drawing: ChartDrawing, frames: Frames) {
        precondition(maxNeurons >= 2)
        let placer = TextPlacer(measurer: measurer, theme: theme)
        let network = setup.network
        let hidden = Array(network.layers.indices.dropLast())
        let slots = hidden.map { shownNeurons(units: network.layers[$0].outputSize, maximum: maxNeurons).count
            + (network.layers[$0].outputSize > maxNeurons ? 1 : 0) }.max() ?? 0
        let pad = ChartMetrics.padding
        // The title's band, and each column's name and scale above its pictures, grow with the text.
        let scale = placer.metrics.scale
        let headerHeight = pad + 30 * scale
        let columnHeaderHeight = 36 * scale
        let columnsHeight = columnHeaderHeight + Double(slots) * (thumbnail + gap)
        let width = 2 * pad + Double(hidden.count) * columnWidth + outputSize.width
        let height = headerHeight + max(columnsHeight, outputSize.height) + pad
        var marks: [ChartMark] = []
        let titleSize = placer.metrics.titleSize
        marks.append(.text(placer.centered(placer.fitted(setup.title, maxWidth: width - 2 * pad, size: titleSize, bold: true),
                                           x: width / 2, y: pad + titleSize * 0.4, size: titleSize, bold: true)))
        // Every layer over one small grid, each hidden layer on the diverging scale of its own largest |a|.
        let pixels = max(2, min(BoundaryChart.maximumResolution, setup.resolution.map { min($0, 256) }
            ?? Int((thumbnail * setup.dpi / 96).rounded())))
        let plane = InputPlane(xFeature: setup.xFeature, yFeature: setup.yFeature,
                               x: setup.scale(setup.xFeature).lower...setup.scale(setup.xFeature).upper,
                               y: setup.scale(setup.yFeature).lower...setup.scale(setup.yFeature).upper,
                               columns: pixels, rows: pixels, fixed: setup.means)
        let activations = plane.activations(of: network, normalization: setup.model.normalization)
        var thumbnails: [(layer: Int, neuron: Int, frame: ChartRect)] = []
        for (position, index) in hidden.enumerated() {
            let layer = network.layers[index]
            let units = layer.outputSize
            let values = activations[index]
            let limit = values.lazy.map { abs(Double($0)) }.filter(\.isFinite).max() ?? 0
            let x = pad + Double(position) * columnWidth + (columnWidth - thumbnail) / 2 + 8
            let centre = x + thumbnail / 2
            let top = headerHeight
            marks.append(.text(placer.centered(placer.fitted(layer.name, maxWidth: columnWidth - 4,
                                                             size: placer.metrics.axisTitleSize, bold: true),
                                               x: centre, y: top + 6 * scale, size: placer.metrics.axisTitleSize, bold: true)))
            marks.append(.text(placer.centered("\(layer.activationName), ±\(chartNumber(limit, significant: 2))", x: centre,
                                               y: top + 22 * scale, size: placer.metrics.valueSize, color: theme.muted)))
            var y = top + columnHeaderHeight
            let shown = shownNeurons(units: units, maximum: maxNeurons)
            for (slot, neuron) in shown.enumerated() {
                if units > maxNeurons, slot == shown.count - 1 {
                    let hiddenCount = units - shown.count
                    marks.append(.text(placer.centered("⋮ \(hiddenCount) more", x: centre, y: y + (thumbnail + gap) / 2 - gap / 2,
                                                       size: placer.metrics.valueSize, color: theme.muted)))
                    y += thumbnail + gap
                }
                let frame = ChartRect(x: x, y: y, width: thumbnail, height: thumbnail)
                let cells = (0..<plane.pointCount).map { theme.diverging(Double(values[$0 * units + neuron]), limit: limit) }
                marks.append(.raster(frame, columns: pixels, rows: pixels, cells: cells))
                marks.append(.line(Heatmap.outline(frame), stroke: theme.grid, width: 1))
                marks.append(.text(placer.trailing(String(neuron + 1), x: x - 4, y: y + thumbnail / 2, size: placer.metrics.valueSize)))
                thumbnails.append((index, neuron, frame))
                y += thumbnail + gap
            }
        }
        // The output: the whole boundary chart, titled by the output layer.
        let outputFrame = ChartRect(x: pad + Double(hidden.count) * columnWidth, y: headerHeight - pad,
                                    width: outputSize.width, height: outputSize.height)
        var output = setup
        let last = network.layers[network.layers.count - 1]
        output.title = "output: \(last.name) (\(last.activationName))"
        marks += BoundaryChart.layout(output, in: outputFrame, theme: theme, measurer: measurer, titleSize: placer.metrics.panelTitleSize).marks
        var drawing = ChartDrawing(width: width, height: height, background: theme.background, title: setup.title)
        drawing.marks = marks
        return (drawing, Frames(thumbnails: thumbnails, output: outputFrame))
    }
}
