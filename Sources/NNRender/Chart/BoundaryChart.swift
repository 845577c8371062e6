import Foundation
import NNCore

/// What a decision-boundary chart shows: a model's network over the plane of two of its features,
/// and labelled data on top.
public struct BoundarySetup: Sendable {
    public var model: Model
    public var network: Network
    /// The data in the model's feature order, in raw units.
    public var data: Dataset
    /// The encoded targets of `data` (`Model.encodeTargets`): one value per output neuron and row.
    public var targets: [Float]
    public var xFeature: Int
    public var yFeature: Int
    /// Grid cells across the plot; nil gives one cell per output pixel.
    public var resolution: Int?
    /// The pixel density the picture will be drawn at (96 is one pixel per chart unit).
    public var dpi: Double
    /// The pixels a side of each grid cell when `resolution` is nil: 1 for stills, 2 for animation
    /// frames, which are many.
    public var pixelsPerCell: Double = 1
    public var title: String
    /// Said under the title before what nnviz says itself (the data's accuracy, held features).
    public var note: String?

    public init(model: Model, network: Network, data: Dataset, targets: [Float], xFeature: Int, yFeature: Int,
                resolution: Int? = nil, dpi: Double = 96, title: String, note: String? = nil) {
        precondition(data.width == network.inputSize && targets.count == data.rowCount * network.outputSize)
        self.model = model
        self.network = network
        self.data = data
        self.targets = targets
        self.xFeature = xFeature
        self.yFeature = yFeature
        self.resolution = resolution
        self.dpi = dpi
        self.title = title
        self.note = note
    }

    public var task: ModelTask { model.task }

    /// The class names, in output order; empty for regression.
    public var classNames: [String] { model.classLabels }

    /// The mean of each feature over the data: where the features that do not vary are held.
    public var means: [Float] {
        (0..<data.width).map { feature in
            var sum: Double = 0
            for row in 0..<data.rowCount { sum += Double(data.features[row * data.width + feature]) }
            return Float(sum / Double(max(data.rowCount, 1)))
        }
    }

    /// The axis scale of `feature`: the data's range widened by 5 % each side, rounded out to nice ticks.
    func scale(_ feature: Int) -> NiceScale {
        var low = Double.infinity
        var high = -Double.infinity
        for row in 0..<data.rowCount {
            let value = Double(data.features[row * data.width + feature])
            low = min(low, value)
            high = max(high, value)
        }
        if !(low < high) {
            low = low.isFinite ? low - 1 : -1
            high = high.isFinite ? high + 1 : 1
        }
        let pad = (high - low) * 0.05
        return NiceScale.linear(low - pad, high + pad, target: 5)
    }
}

/// One data point on the chart: where it is, its true class (or target) and whether the network gets it wrong.
public struct BoundaryPoint: Equatable, Sendable {
    public var x: Double
    public var y: Double
    /// The true class, or nil for regression.
    public var label: Int?
    /// The target value for regression.
    public var target: Double?
    public var misclassified: Bool
}

/// The input plane coloured by a network's prediction, with the decision boundary and the data on top.
public enum BoundaryChart {
    /// Data sets larger than this are drawn as an evenly spaced selection of rows, as the subtitle says.
    public static let maximumPoints = 2000
    /// Automatic grids never exceed this many cells a side.
    public static let maximumResolution = 2000

    /// Where the parts of a boundary chart went, for tests and for pictures built around one.
    public struct Frames: Equatable, Sendable {
        public var plot: ChartRect
        public var plane: InputPlane
        /// The colour of each grid cell, row by row from the top (as the raster draws them).
        public var cells: [RGB]
        public var points: [BoundaryPoint]
    }

    /// The chart of `setup` as a whole picture.
    public static func layout(_ setup: BoundarySetup, style: ChartStyle, measurer: any TextMeasuring) -> ChartDrawing {
        layoutWithFrames(setup, style: style, measurer: measurer).drawing
    }

    public static func layoutWithFrames(_ setup: BoundarySetup, style: ChartStyle, measurer: any TextMeasuring)
        -> (drawing: ChartDrawing, frames: Frames) {
        let frame = ChartRect(x: 0, y: 0, width: style.width, height: style.height)
        let panel = layout(setup, in: frame, theme: style.theme, measurer: measurer, titleSize: ChartMetrics(style.theme).titleSize)
        var drawing = ChartDrawing(width: style.width, height: style.height, background: style.theme.background, title: setup.title)
        drawing.marks = panel.marks
        return (drawing, panel.frames)
    }

    /// The colours the classes are drawn in: the theme's class colours (in the light and dark themes
    /// the negative colour for class 0, the positive for class 1, then the accent and a fixed set).
    public static func classColors(_ count: Int, theme: Theme) -> [RGB] {
        (0..<count).map(theme.classColor)
    }

    /// How strongly a cell shows its class: from `minimumTint` on the boundary to
    /// `minimumTint + confidenceTint` where the network is sure, so that points stay readable.
    static let minimumTint = 0.15
    static let confidenceTint = 0.5

    /// The colour of one grid point from the network's outputs there: its class's colour, mixed into
    /// the background by the confidence (|2p − 1| for a sigmoid; (p_max − 1/K)/(1 − 1/K) for K classes);
    /// for regression, the value on the diverging scale with ±`limit` at its ends.
    static func cellColor(_ outputs: ArraySlice<Float>, task: ModelTask, colors: [RGB], limit: Double, theme: Theme) -> RGB {
        guard let predicted = task.predictedClass(outputs) else {
            return theme.diverging(Double(outputs.first ?? 0), limit: limit)
        }
        let confidence: Double
        if case let .categorical(classes) = task {
            let best = Double(outputs[outputs.startIndex + predicted])
            confidence = classes > 1 ? (best - 1 / Double(classes)) / (1 - 1 / Double(classes)) : 1
        } else {
            confidence = abs(2 * Double(outputs.first ?? 0.5) - 1)
        }
        return theme.background.mixed(with: colors[predicted], minimumTint + confidenceTint * min(max(confidence, 0), 1))
    }

    /// The fields whose zero level is the decision boundary: p − ½ for a sigmoid; for K classes, one
    /// per class, p_k − max_{j≠k} p_j. For regression the output itself.
    static func boundaryFields(_ outputs: [Float], task: ModelTask, points: Int) -> [[Double]] {
        switch task {
        case .regression:
            return [outputs.map(Double.init)]
        case .binary:
            return [outputs.map { Double($0) - 0.5 }]
        case let .categorical(classes):
            return (0..<classes).map { k in
                (0..<points).map { p in
                    var other = -Double.infinity
                    for j in 0..<classes where j != k { other = max(other, Double(outputs[p * classes + j])) }
                    return Double(outputs[p * classes + k]) - other
                }
            }
        }
    }

    /// A boundary panel laid out in `frame`: title and subtitle, axes in the data's units, the coloured
    /// plane, contour lines, the data and the legend.
    static func layout(_ setup: BoundarySetup, in frame: ChartRect, theme: Theme, measurer: any TextMeasuring, titleSize: Double)
        -> (marks: [ChartMark], frames: Frames) {
        let placer = TextPlacer(measurer: measurer, theme: theme)
        let task = setup.task
        let names = setup.classNames
        let colors = classColors(names.count, theme: theme)
        let xScale = setup.scale(setup.xFeature)
        let yScale = setup.scale(setup.yFeature)
        let featureNames = setup.data.featureNames
        let points = dataPoints(setup)
        // The plane at the grid and the data, and what the data says about the network.
        var subtitleParts: [String] = []
        if let note = setup.note { subtitleParts.append(note) }
        subtitleParts.append(dataSummary(setup, points: points))
        let held = (0..<setup.data.width).filter { $0 != setup.xFeature && $0 != setup.yFeature }
        let means = setup.means
        // The features held still are said under the plot, with the axis they share it with.
        var xTitle = featureNames[setup.xFeature]
        if !held.isEmpty {
            let list = held.map { "\(featureNames[$0]) = \(chartNumber(Double(means[$0]), significant: 3))" }.joined(separator: ", ")
            xTitle += " · \(list) held at \(held.count == 1 ? "its mean" : "their means")"
        }
        var legend: [LegendEntry] = names.enumerated().map { LegendEntry(label: $1, color: colors[$0], swatch: .square) }
        if task.isClassification { legend.append(LegendEntry(label: "misclassified", color: theme.foreground, swatch: .ring)) }
        let rightMargin = task.isClassification ? 0 : ColorBar.width + 24 + ChartMetrics.tickGap + 40
        let panel = PanelFrame.layout(in: frame, title: setup.title, titleSize: titleSize, subtitle: subtitleParts.joined(separator: " · "),
                                      legend: legend, yTitle: featureNames[setup.yFeature], xTitle: xTitle,
                                      yScale: yScale, logarithmic: false, xLabelHeight: placer.metrics.tickSize,
                                      rightMargin: rightMargin, placer: placer)
        let plot = panel.plot
        var marks = panel.marks
        let plane = InputPlane(xFeature: setup.xFeature, yFeature: setup.yFeature, x: xScale.lower...xScale.upper,
                               y: yScale.lower...yScale.upper, columns: 1, rows: 1, fixed: means)
        let sized = gridSize(plot: plot, resolution: setup.resolution, dpi: setup.dpi / setup.pixelsPerCell)
        var grid = plane
        grid.columns = sized.columns
        grid.rows = sized.rows
        let outputs = grid.outputs(of: setup.network, normalization: setup.model.normalization)
        let width = setup.network.outputSize
        let limit = task.isClassification ? 1 : valueLimit(outputs, points: points)
        let cells = (0..<grid.pointCount).map { p in
            cellColor(outputs[p * width..<(p + 1) * width], task: task, colors: colors, limit: limit, theme: theme)
        }
        marks.append(.raster(plot, columns: grid.columns, rows: grid.rows, cells: cells))
        // Contour lines: the decision threshold, or for regression the colour bar's levels.
        let barScale = NiceScale.linear(-limit, limit, target: 4)
        let levels = task.isClassification ? [0.0] : barScale.ticks.map(\.value).filter { abs($0) < limit }
        let cellWidth = plot.width / Double(grid.columns)
        let cellHeight = plot.height / Double(grid.rows)
        for field in boundaryFields(outputs, task: task, points: grid.pointCount) {
            for level in levels {
                for line in Contour.lines(field, columns: grid.columns, rows: grid.rows, level: level) where line.count > 1 {
                    let path = line.map { ChartPoint(plot.x + ($0.column + 0.5) * cellWidth, plot.y + ($0.row + 0.5) * cellHeight) }
                    marks.append(.line(path, stroke: task.isClassification ? theme.foreground : theme.muted,
                                       width: task.isClassification ? 1.5 : 1, dash: task.isClassification ? [] : [4, 3]))
                }
            }
        }
        marks.append(.line(Heatmap.outline(plot), stroke: theme.muted, width: 1))
        // x ticks under the plot (the y axis came with the frame).
        for tick in xScale.ticks {
            let x = plot.x + xScale.fraction(tick.value) * plot.width
            marks.append(.line([ChartPoint(x, plot.maxY), ChartPoint(x, plot.maxY + 4)], stroke: theme.muted, width: 1))
            marks.append(.text(placer.centered(tick.label, x: x, y: plot.maxY + ChartMetrics.tickGap + placer.metrics.tickSize / 2,
                                               size: placer.metrics.tickSize, color: theme.muted)))
        }
        // The data: correct points with a ring of the background, wrong ones with a ring and a cross of the foreground.
        for point in points {
            let centre = ChartPoint(plot.x + xScale.fraction(point.x) * plot.width, plot.maxY - yScale.fraction(point.y) * plot.height)
            let fill = point.label.map { colors[$0] } ?? theme.diverging(point.target ?? 0, limit: limit)
            marks.append(.circle(center: centre, radius: 3.5, fill: fill, stroke: point.misclassified ? theme.foreground : theme.background))
        }
        if !task.isClassification {
            marks += ColorBar.marks(limit: limit, scale: barScale, frame: ChartRect(x: plot.maxX + 24, y: plot.y, width: ColorBar.width,
                                                                                    height: plot.height), placer: placer)
        }
        return (marks, Frames(plot: plot, plane: grid, cells: cells, points: points))
    }

    /// The grid for `plot`: `resolution` cells across (or one per output pixel), square cells down.
    static func gridSize(plot: ChartRect, resolution: Int?, dpi: Double) -> (columns: Int, rows: Int) {
        let columns = resolution ?? min(maximumResolution, max(2, Int((plot.width * dpi / 96).rounded())))
        let rows = max(2, min(maximumResolution, Int((Double(columns) * plot.height / plot.width).rounded())))
        return (columns, rows)
    }

    /// The end of the regression colour scale: the largest magnitude of the outputs and targets.
    static func valueLimit(_ outputs: [Float], points: [BoundaryPoint]) -> Double {
        let largest = max(outputs.map { abs(Double($0)) }.filter(\.isFinite).max() ?? 0,
                          points.compactMap { $0.target.map(abs) }.max() ?? 0)
        return largest > 0 ? largest : 1
    }

    /// The data points to draw (every row, or an evenly spaced `maximumPoints` of them), each with what
    /// the network predicts for the whole row.
    static func dataPoints(_ setup: BoundarySetup) -> [BoundaryPoint] {
        let data = setup.data
        let rows = data.rowCount
        let shown = rows <= maximumPoints ? Array(0..<rows) : (0..<maximumPoints).map { $0 * rows / maximumPoints }
        let inputs = data.subset(shown).features
        let outputs = setup.network.predict(setup.model.normalized(inputs))
        let width = setup.network.outputSize
        return shown.enumerated().map { index, row in
            let range = index * width..<(index + 1) * width
            let target = setup.targets[row * width..<(row + 1) * width]
            let label = setup.task.predictedClass(target)
            let predicted = setup.task.predictedClass(outputs[range])
            return BoundaryPoint(x: Double(data.features[row * data.width + setup.xFeature]),
                                 y: Double(data.features[row * data.width + setup.yFeature]),
                                 label: label, target: label == nil ? Double(target.first ?? 0) : nil,
                                 misclassified: label != nil && label != predicted)
        }
    }

    /// "accuracy 97.5 % on FILE (400 rows)", or the mean squared error for regression.
    static func dataSummary(_ setup: BoundarySetup, points: [BoundaryPoint]) -> String {
        let file = URL(fileURLWithPath: setup.data.file).lastPathComponent
        let rows = setup.data.rowCount
        let shown = points.count < rows ? ", \(points.count) shown" : ""
        let inputs = setup.model.normalized(setup.data.features)
        let outputs = setup.network.predict(inputs)
        let width = setup.network.outputSize
        if setup.task.isClassification {
            var correct = 0
            for row in 0..<rows where setup.task.predictedClass(outputs[row * width..<(row + 1) * width])
                == setup.task.predictedClass(setup.targets[row * width..<(row + 1) * width]) { correct += 1 }
            let accuracy = 100 * Double(correct) / Double(max(rows, 1))
            return "accuracy \(String(format: "%.1f", accuracy)) % on \(file) (\(rows) rows\(shown))"
        }
        var sum: Double = 0
        for index in outputs.indices { sum += pow(Double(outputs[index]) - Double(setup.targets[index]), 2) }
        return "mean squared error \(chartNumber(sum / Double(max(outputs.count, 1)))) on \(file) (\(rows) rows\(shown))"
    }
}

/// A vertical colour bar of the diverging scale: +limit at the top, −limit at the bottom, with ticks.
enum ColorBar {
    static let width: Double = 14

    static func marks(limit: Double, scale: NiceScale, frame bar: ChartRect, placer: TextPlacer) -> [ChartMark] {
        let theme = placer.theme
        let steps = 128
        var marks: [ChartMark] = [.raster(bar, columns: 1, rows: steps, cells: (0..<steps).map { index in
            theme.diverging(limit - (Double(index) + 0.5) / Double(steps) * 2 * limit, limit: limit)
        })]
        if theme.patterns { marks.append(.line(Heatmap.outline(bar), stroke: theme.muted, width: 1)) }
        for tick in scale.ticks where abs(tick.value) <= limit * (1 + 1e-9) && limit > 0 {
            let y = bar.maxY - (tick.value + limit) / (2 * limit) * bar.height
            marks.append(.line([ChartPoint(bar.maxX, y), ChartPoint(bar.maxX + 4, y)], stroke: theme.muted, width: 1))
            marks.append(.text(placer.leading(tick.label, x: bar.maxX + ChartMetrics.tickGap, y: y, size: placer.metrics.tickSize,
                                              color: theme.muted)))
        }
        return marks
    }
}
