import NNCore
import Testing
@testable import NNRender

@Suite struct BoundaryChartTests {
    /// A data set of `rows` points on a 2-D grid, labelled by `label`.
    static func data(rows: Int = 64, label: (Float, Float) -> String) -> Dataset {
        var features: [Float] = []
        var labels: [String] = []
        for index in 0..<rows {
            let x = Float(index % 8) - 3.5
            let y = Float(index / 8) * 0.5 - 1
            features += [x, y]
            labels.append(label(x, y))
        }
        return Dataset(file: "points.csv", featureNames: ["a", "b"], features: features, targetName: "label", labels: labels,
                       lines: Array(2..<(rows + 2)))
    }

    static func setup(_ model: Model, network: Network, data: Dataset, resolution: Int? = nil) throws -> BoundarySetup {
        var model = model
        let targets = try model.encodeTargets(data)
        return BoundarySetup(model: model, network: network, data: data, targets: targets, xFeature: 0, yFeature: 1,
                             resolution: resolution, title: "t")
    }

    /// The class whose colour `color` is a tint of: the nearest of the lines from the background to each class colour.
    static func tintClass(_ color: RGB, colors: [RGB], background: RGB) -> Int {
        func distance(_ k: Int) -> Double {
            let d = (colors[k].red - background.red, colors[k].green - background.green, colors[k].blue - background.blue)
            let v = (color.red - background.red, color.green - background.green, color.blue - background.blue)
            let t = (v.0 * d.0 + v.1 * d.1 + v.2 * d.2) / (d.0 * d.0 + d.1 * d.1 + d.2 * d.2)
            let off = (v.0 - t * d.0, v.1 - t * d.1, v.2 - t * d.2)
            let squared: Double = off.0 * off.0 + off.1 * off.1 + off.2 * off.2
            return squared + (t <= 0 ? 1 : 0)
        }
        return colors.indices.min { distance($0) < distance($1) } ?? -1
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func theClassDrawnAtSampledGridPointsIsWhatPredictGives(seed: UInt64) throws {
        var model = Model(inputSize: 2, layers: [(6, .tanh), (3, .softmax)])
        model.normalization = Normalization(method: .standard, offset: [0.5, 0], scale: [2, 0.5])
        let network = try model.network(seed: seed)
        let data = Self.data { x, y in ["p", "q", "r"][Int(abs(x + 3 * y)) % 3] }
        let setup = try Self.setup(model, network: network, data: data, resolution: 50)
        let (_, frames) = BoundaryChart.layoutWithFrames(setup, style: ChartStyle(width: 500, height: 500), measurer: FixedMeasurer())
        let plane = frames.plane
        #expect(plane.columns == 50 && frames.cells.count == plane.pointCount)
        let colors = BoundaryChart.classColors(3, theme: .light)
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<200 {
            let column = Int(generator.next() % UInt64(plane.columns))
            let row = Int(generator.next() % UInt64(plane.rows))
            let (x, y) = plane.point(column: column, row: row)
            let outputs = network.predict(model.normalization!.applied(to: [Float(x), Float(y)]))
            let expected = outputs.indices.max { outputs[$0] < outputs[$1] }!
            let drawn = Self.tintClass(frames.cells[row * plane.columns + column], colors: colors, background: Theme.light.background)
            #expect(drawn == expected, "cell \(column), \(row) at (\(x), \(y))")
        }
    }

    @Test func aLinearModelsBoundaryIsTheLineItsWeightsDefine() throws {
        // p = sigmoid(2a − 4b + 1): class 1 where b < (2a + 1) / 4.
        var model = Model(inputSize: 2, layers: [(1, .sigmoid)])
        model.layers[0].parameters = .dense(DenseParameters(weights: [2, -4], bias: [1]))
        let network = try model.network()
        let data = Self.data { x, y in 2 * x - 4 * y + 1 > 0 ? "1" : "0" }
        let setup = try Self.setup(model, network: network, data: data, resolution: 80)
        let (drawing, frames) = BoundaryChart.layoutWithFrames(setup, style: ChartStyle(width: 500, height: 500), measurer: FixedMeasurer())
        let plane = frames.plane
        let colors = BoundaryChart.classColors(2, theme: .light)
        var checked = (above: 0, below: 0)
        for row in 0..<plane.rows {
            for column in 0..<plane.columns {
                let (x, y) = plane.point(column: column, row: row)
                let line = (2 * x + 1) / 4
                guard abs(y - line) > 0.1 else { continue }
                let drawn = Self.tintClass(frames.cells[row * plane.columns + column], colors: colors, background: Theme.light.background)
                #expect(drawn == (y < line ? 1 : 0))
                if y < line { checked.below += 1 } else { checked.above += 1 }
            }
        }
        #expect(checked.above > 100 && checked.below > 100)
        // The contour drawn is that line, in the plot's coordinates turned back into data units.
        let xScale = setup.scale(0)
        let yScale = setup.scale(1)
        let contours = drawing.marks.compactMap { mark -> [ChartPoint]? in
            if case let .line(points, _, width, _) = mark, width == 1.5 { return points }
            return nil
        }
        #expect(contours.count == 1)
        for point in contours.flatMap({ $0 }) {
            let x = xScale.lower + (point.x - frames.plot.x) / frames.plot.width * (xScale.upper - xScale.lower)
            let y = yScale.lower + (frames.plot.maxY - point.y) / frames.plot.height * (yScale.upper - yScale.lower)
            #expect(abs(y - (2 * x + 1) / 4) < 0.02, "(\(x), \(y))")
        }
        // Every point is on its right side, so none is marked.
        #expect(frames.points.count == 64 && frames.points.allSatisfy { !$0.misclassified })
    }

    @Test func misclassifiedPointsAreMarkedAndCounted() throws {
        var model = Model(inputSize: 2, layers: [(1, .sigmoid)])
        model.layers[0].parameters = .dense(DenseParameters(weights: [1, 0], bias: [0]))
        let network = try model.network()
        // Class 1 where a > 0, except the labels of the points with a = 0.5 are flipped.
        let data = Self.data { x, _ in (x > 0) != (x == 0.5) ? "1" : "0" }
        let setup = try Self.setup(model, network: network, data: data)
        let (drawing, frames) = BoundaryChart.layoutWithFrames(setup, style: ChartStyle(width: 500, height: 500), measurer: FixedMeasurer())
        #expect(frames.points.filter(\.misclassified).count == 8)
        #expect(frames.points.filter(\.misclassified).allSatisfy { $0.x == 0.5 })
        #expect(drawing.texts.contains { $0.string.hasPrefix("accuracy 87.5 % on points.csv (64 rows)") })
        let rings = drawing.marks.filter { if case let .circle(_, _, _, stroke) = $0 { return stroke == Theme.light.foreground } else { return false } }
        #expect(rings.count == 8 + 1)  // and the legend's ring
    }

    @Test func theAutomaticGridHasOneCellPerPixel() {
        let plot = ChartRect(x: 0, y: 0, width: 400, height: 300)
        #expect(BoundaryChart.gridSize(plot: plot, resolution: nil, dpi: 96) == (400, 300))
        #expect(BoundaryChart.gridSize(plot: plot, resolution: nil, dpi: 192) == (800, 600))
        #expect(BoundaryChart.gridSize(plot: plot, resolution: 40, dpi: 192) == (40, 30))
    }

    @Test func regressionIsColouredByValueWithContourLevels() throws {
        var model = Model(inputSize: 2, layers: [(1, .linear)])
        model.layers[0].parameters = .dense(DenseParameters(weights: [1, 1], bias: [0]))
        let data = Self.data { x, y in String(x + y) }
        let setup = try Self.setup(model, network: try model.network(), data: data, resolution: 20)
        let (drawing, frames) = BoundaryChart.layoutWithFrames(setup, style: ChartStyle(width: 500, height: 500), measurer: FixedMeasurer())
        #expect(frames.points.allSatisfy { $0.label == nil && !$0.misclassified })
        // The cell at the top right has the largest value: the positive end.
        let limit = BoundaryChart.valueLimit(frames.plane.outputs(of: setup.network, normalization: nil), points: frames.points)
        let (x, y) = frames.plane.point(column: 19, row: 0)
        #expect(ChartRendererTests.near(frames.cells[19], Theme.light.diverging(x + y, limit: limit)))
        #expect(drawing.texts.contains { $0.string.hasPrefix("mean squared error 0 on points.csv") })
    }

    @Test func heldFeaturesAreSaidInTheSubtitle() throws {
        let model = Model(inputSize: 3, layers: [(2, .softmax)])
        let base = Self.data { x, _ in x > 0 ? "1" : "0" }
        var features: [Float] = []
        for row in 0..<base.rowCount { features += base.row(row) + [Float(row % 2) * 4] }
        let data = Dataset(file: "points.csv", featureNames: ["a", "b", "c"], features: features, targetName: "label",
                           labels: base.labels, lines: base.lines)
        var setup = try Self.setup(model, network: try model.network(seed: 1), data: data, resolution: 10)
        setup.xFeature = 2
        setup.yFeature = 0
        let (drawing, frames) = BoundaryChart.layoutWithFrames(setup, style: ChartStyle(width: 500, height: 500), measurer: FixedMeasurer())
        #expect(drawing.texts.contains { $0.string == "c · b = 0.75 held at its mean" })
        #expect(frames.plane.fixed[1] == 0.75)
    }

    @Test func contourJoinsSegmentsIntoOneLineAndClosesLoops() {
        // A ramp crossing 0.5 between columns 1 and 2 of a 4 × 3 grid: one straight line.
        let ramp: [Double] = [0, 0.25, 0.75, 1, 0, 0.25, 0.75, 1, 0, 0.25, 0.75, 1]
        let lines = Contour.lines(ramp, columns: 4, rows: 3, level: 0.5)
        #expect(lines.count == 1 && lines[0].count == 3)
        #expect(lines[0].allSatisfy { abs($0.column - 1.5) < 1e-12 })
        // A peak in the middle of a 3 × 3 grid: a closed diamond through the four edge midpoints.
        let peak: [Double] = [0, 0, 0, 0, 1, 0, 0, 0, 0]
        let loop = Contour.lines(peak, columns: 3, rows: 3, level: 0.5)
        #expect(loop.count == 1 && loop[0].count == 5 && loop[0].first == loop[0].last)
        #expect(Set(loop[0].map { "\($0.column),\($0.row)" }) == ["1.5,1.0", "0.5,1.0", "1.0,0.5", "1.0,1.5"])
    }

    @Test func wideLayersShowTheirFirstNeuronsAndTheLast() throws {
        #expect(NeuronPlanes.shownNeurons(units: 5, maximum: 8) == [0, 1, 2, 3, 4])
        #expect(NeuronPlanes.shownNeurons(units: 20, maximum: 8) == [0, 1, 2, 3, 4, 5, 6, 19])
        let model = Model(inputSize: 2, layers: [(20, .relu), (3, .tanh), (1, .sigmoid)])
        let setup = try Self.setup(model, network: try model.network(seed: 2), data: Self.data { x, _ in x > 0 ? "1" : "0" })
        let (drawing, frames) = NeuronPlanes.layoutWithFrames(setup, maxNeurons: 8, theme: .light, measurer: FixedMeasurer())
        #expect(frames.thumbnails.map(\.layer) == Array(repeating: 0, count: 8) + [1, 1, 1])
        #expect(frames.thumbnails.map(\.neuron) == [0, 1, 2, 3, 4, 5, 6, 19, 0, 1, 2])
        #expect(drawing.texts.contains { $0.string == "⋮ 12 more" })
        // The output's picture is the largest.
        #expect(frames.thumbnails.allSatisfy { $0.frame.width * 4 < frames.output.width })
        #expect(frames.output.maxX <= drawing.width && frames.thumbnails.allSatisfy { $0.frame.maxY <= drawing.height })
    }
}
