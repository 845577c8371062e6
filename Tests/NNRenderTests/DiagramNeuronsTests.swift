import Foundation
import NNCore
import Testing
@testable import NNRender

@Suite struct DiagramNeuronsTests {
    @Test(arguments: [
        (784, 10, 0..<5, 779..<784, 774),
        (10, 10, 0..<10, 10..<10, 0),
        (4, 10, 0..<4, 4..<4, 0),
        // Hiding one or two neurons would save nothing (the "more" node takes a place): drawn in full.
        (11, 10, 0..<11, 11..<11, 0),
        (12, 10, 0..<12, 12..<12, 0),
        (13, 10, 0..<5, 8..<13, 3),
        (100, 3, 0..<2, 99..<100, 97),
    ])
    func selection(count: Int, limit: Int, head: Range<Int>, tail: Range<Int>, hidden: Int) {
        let selection = NeuronDiagram.Selection(count: count, limit: limit)
        #expect(selection.head == head)
        #expect(selection.tail == tail)
        #expect(selection.hidden == hidden)
        #expect(selection.shown.count <= limit + 2)
    }

    func node(_ diagram: DiagramDescription, _ id: String) -> DiagramNode? { diagram.nodes.first { $0.id == id } }

    /// The caption as prose: its wrapped lines joined again with spaces.
    func prose(_ caption: DiagramLabel?) -> String {
        guard case let .lines(lines)? = caption else { return "" }
        return lines.map { $0.map(\.text).joined() }.joined(separator: " ")
    }

    @Test func defaultLimitGrowsWithTheNumberOfLayers() {
        #expect(NeuronDiagram.defaultLimit(for: Model(inputSize: 4, layers: [(8, .relu), (1, .sigmoid)])) == 10)
        let deep = Model(inputSize: 4, layers: Array(repeating: (12, Activation.relu), count: 20) + [(1, .sigmoid)])
        #expect(NeuronDiagram.defaultLimit(for: deep) == 22)
    }

    @Test func everyNodeIsPinnedToItsColumnAndPlace() throws {
        // Inputs "height", "weight" and output "p(yes)" are boxes 6 × 6.5 + 18 = 57 points wide; hidden
        // neurons circles of 36. Gaps of 110 points: centres at 0, 28.5 + 110 + 18 = 156.5 and 156.5 + 18 + 110 + 28.5 = 313.
        // Neurons 45 points apart, each column centred on 0; headers all on one line 135 / 2 + 34 = 101.5 up.
        let diagram = try NeuronDiagram.describe(DiagramFixtures.smallTrained(), options: DiagramOptions(style: .neurons))
        #expect(diagram.pinned)
        #expect(diagram.nodes.allSatisfy { $0.position != nil })
        #expect(["h0", "h1", "h2"].map { node(diagram, $0)?.position } == [DiagramPoint(x: 0, y: 101.5), DiagramPoint(x: 156.5, y: 101.5),
                                                                          DiagramPoint(x: 313, y: 101.5)])
        #expect(["n0_0", "n0_1"].map { node(diagram, $0)?.position } == [DiagramPoint(x: 0, y: 22.5), DiagramPoint(x: 0, y: -22.5)])
        #expect(["n1_0", "n1_1", "n1_2"].map { node(diagram, $0)?.position }
            == [DiagramPoint(x: 156.5, y: 45), DiagramPoint(x: 156.5, y: 0), DiagramPoint(x: 156.5, y: -45)])
        #expect(node(diagram, "n2_0")?.position == DiagramPoint(x: 313, y: 0))
        #expect(node(diagram, "n1_0")?.size == DiagramSize(width: 0.5, height: 0.5))
        // Every weight leaves the side facing the next layer and enters the side facing the last.
        #expect(diagram.edges.allSatisfy { $0.tailPort == .east && $0.headPort == .west })
    }

    @Test func topToBottomTurnsTheFrame() throws {
        let diagram = try NeuronDiagram.describe(DiagramFixtures.smallTrained(), options: DiagramOptions(style: .neurons, rankDirection: .topToBottom))
        // Across the flow, places are as wide as the widest name plus 10: 57 + 10 = 67 points.
        // Along the flow: boxes 40 tall, circles 36, gaps 110, so the hidden column is 20 + 110 + 18 = 148 down.
        #expect(node(diagram, "n1_0")?.position == DiagramPoint(x: -67, y: -148))
        // Headers sit 3 × 67 / 2 + 34 = 134.5 points to the side.
        #expect(["h0", "h1", "h2"].compactMap { node(diagram, $0)?.position?.x } == [-134.5, -134.5, -134.5])
        #expect(diagram.edges.allSatisfy { $0.tailPort == .south && $0.headPort == .north })
    }

    @Test func hiddenNeuronsAreNumberedFromOne() throws {
        let diagram = try NeuronDiagram.describe(DiagramFixtures.smallTrained(), options: DiagramOptions(style: .neurons))
        #expect(["n1_0", "n1_1", "n1_2"].compactMap { node(diagram, $0).map { DiagramFixtures.text($0.label) } } == ["1", "2", "3"])
    }

    @Test func denseLayersAreThinnedToTheStrongestWeightsAndSaidSo() throws {
        // 40 inputs to 40 neurons: 1,600 weights, more than max(300, 3 × 80) = 300.
        var model = Model(inputSize: 40, layers: [(40, .relu)])
        let weights = (0..<1600).map { Float(($0 * 7919) % 1600) - 800 }
        model.layers[0].parameters = .dense(DenseParameters(weights: weights, bias: [Float](repeating: 0, count: 40)))
        let diagram = try NeuronDiagram.describe(model, options: DiagramOptions(style: .neurons, maxNeurons: 40))
        let drawn = diagram.edges.filter { !$0.invisible }
        #expect(drawn.count == 300)
        // The 300 largest |w| of −800…799 all have |w| ≥ 650 (301 do: the tie at ±650 goes by position).
        let kept = Set(drawn.map { edge -> Float in
            let i = Int(edge.from.dropFirst(3))!
            let j = Int(edge.to.dropFirst(3))!
            return weights[j * 40 + i]
        })
        #expect(kept.allSatisfy { abs($0) >= 650 } && kept.count == 300)
        #expect(prose(diagram.caption).contains("input_layer → dense shows the strongest 300 of 1,600 weights"))
    }

    /// A 1,000 × 1,000 layer with its inputs and an output is drawn in full at --max-neurons 1000
    /// (2,001 neurons); past 3,000 neurons the view is refused in one sentence before any drawing.
    @Test func aThousandByAThousandLayerIsDrawnInFull() throws {
        let wide = Model(inputSize: 1000, layers: [(1000, .relu), (1, .sigmoid)])
        let diagram = try NeuronDiagram.describe(wide, options: DiagramOptions(style: .neurons, maxNeurons: 1000))
        #expect(diagram.nodes.filter { $0.id.wholeMatch(of: /n[0-9]+_[0-9]+/) != nil }.count == 2001)
        #expect(!prose(diagram.caption).contains("Not drawn"))
        let wider = Model(inputSize: 1000, layers: [(1000, .relu), (1000, .relu), (1, .sigmoid)])
        #expect {
            try NeuronDiagram.describe(wider, options: DiagramOptions(style: .neurons, maxNeurons: 1000))
        } throws: { error in
            String(describing: error).contains("would draw 3001 neurons, more than nnviz draws (3000); lower --max-neurons")
        }
    }

    /// Beside a column of 1,000 dots, the 4 inputs and the output keep full-size, named neurons at the
    /// full pitch of 45 points, centred: inputs at y = 67.5, 22.5, −22.5, −67.5, the output at 0.
    @Test func shortColumnsKeepFullSizeNeuronsBesideATallOne() throws {
        let model = Model(inputSize: 4, layers: [(1000, .relu), (1, .sigmoid)])
        let diagram = try NeuronDiagram.describe(model, options: DiagramOptions(style: .neurons, maxNeurons: 1000))
        let inputs = (0..<4).compactMap { node(diagram, "n0_\($0)") }
        #expect(inputs.map { DiagramFixtures.text($0.label) } == ["x1", "x2", "x3", "x4"])
        #expect(inputs.compactMap { $0.position?.y } == [67.5, 22.5, -22.5, -67.5])
        let output = try #require(node(diagram, "n2_0"))
        // One sigmoid output without class names is p(1), as `predict` heads its column.
        #expect(DiagramFixtures.text(output.label) == "p(1)" && output.position?.y == 0)
        // The tall column's neurons are dots, 2 points apart (2,000 points for 1,000), without text.
        let hidden = try #require(node(diagram, "n1_0"))
        #expect(DiagramFixtures.text(hidden.label) == "" && hidden.position?.y == 999)
        #expect(hidden.size == DiagramSize(width: 1.6 / 72, height: 1.6 / 72))
        #expect(prose(diagram.caption).contains("The neurons of the tall columns are too small here for their names and values"))
    }

    @Test func untrainedDenseLayersKeepAnEvenSpread() throws {
        let model = Model(inputSize: 40, layers: [(40, .relu)])
        let diagram = try NeuronDiagram.describe(model, options: DiagramOptions(style: .neurons, maxNeurons: 40))
        let drawn = diagram.edges.filter { !$0.invisible }
        #expect(drawn.count == 300)
        // Every input keeps some of its connections.
        #expect(Set(drawn.map(\.from)).count == 40)
        #expect(prose(diagram.caption).contains("shows an even spread of 300 of 1,600 connections"))
    }

    @Test func oneScaleForTheWholeNetwork() throws {
        let model = DiagramFixtures.smallTrained()
        let trace = try model.network().trace([1, 2])
        let values = NeuronActivations(rawInput: [1, 2], trace: trace, source: "the input 1,2")
        let diagram = try NeuronDiagram.describe(model, options: DiagramOptions(style: .neurons, scale: .network), activations: values)
        // The largest |value| anywhere is 4 (hidden neuron 3): the output's 0.96 is no longer on a scale of 1.
        #expect(node(diagram, "n2_0")?.fill == Theme.light.diverging(Double(trace.output[0]), limit: 4))
        #expect(node(diagram, "n0_1")?.fill == Theme.light.diverging(2, limit: 4))
        // The largest |w| anywhere is 3: layer 2's weight 2 is two thirds wide.
        let edge = try #require(diagram.edges.first { $0.from == "n1_0" && $0.to == "n2_0" })
        #expect(abs(edge.penWidth - (0.3 + 2.7 * 2 / 3)) < 1e-6)
        let caption = prose(diagram.caption)
        #expect(caption.contains("up to the network's largest |w|, 3 (one scale for every layer)"))
        #expect(caption.contains("in full at the network's largest |a|, 4 (one scale for every layer)"))
    }

    @Test func captionWrapsBetweenWords() {
        let line: TextLine = [TextRun("━━ ", bold: true), TextRun("positive weight     "), TextRun("width grows with |w| up to one")]
        let wrapped = NeuronDiagram.wrap(line, characters: 30)
        #expect(wrapped.map { $0.map(\.text).joined() } == ["━━ positive weight     width", "grows with |w| up to one"])
        #expect(wrapped[0][0].bold && !wrapped[1][0].bold)
        // Words of one run stay one run: "positive weight     " and "width" are both plain, so they merge.
        #expect(wrapped.map(\.count) == [2, 1])
        #expect(NeuronDiagram.wrap([TextRun("short")], characters: 30).map { $0.map(\.text).joined() } == ["short"])
    }

    @Test func aCaptionAsWideAsTheDiagram() throws {
        let model = try DiagramFixtures.model("keras/mnist_784_1024_10_keras3.json")
        let diagram = try NeuronDiagram.describe(model, options: DiagramOptions(style: .neurons))
        guard case let .lines(lines)? = diagram.caption else {
            Issue.record("expected a caption")
            return
        }
        // The columns span 344 points (boxes 44 wide for x784 and y10, gaps of 110): 344 / 5.5 → 62 characters a line.
        #expect(lines.allSatisfy { $0.map(\.text).joined().count <= 62 })
        #expect(lines.count > 2)
    }

    @Test func biasUnitsSitBelowTheirColumn() throws {
        let diagram = try NeuronDiagram.describe(DiagramFixtures.smallTrained(), options: DiagramOptions(style: .neurons, showBias: true))
        // Column 1: three neurons and the bias 1.5 places below: 4.5 places, centred, the bias at the bottom.
        // The top neuron at (4.5 − 1) / 2 × 45 = 78.75, the third two places lower, the bias 1.5 places below that.
        #expect(node(diagram, "n1_2")?.position?.y == -11.25)
        #expect(node(diagram, "b1")?.position?.y == -78.75)
        // Dashed bias edges are drawn at least 0.8 wide and 35 % opaque.
        #expect(diagram.edges.filter(\.dashed).allSatisfy { $0.penWidth >= 0.8 && $0.opacity >= 0.35 })
    }

    @Test func everyShownWeightIsAnEdgeColouredBySign() throws {
        let model = DiagramFixtures.smallTrained()
        let theme = Theme.light
        let diagram = try NeuronDiagram.describe(model, options: DiagramOptions(style: .neurons))
        let weights = diagram.edges.filter { !$0.invisible }
        #expect(weights.count == 2 * 3 + 3 * 1)
        // Layer 1's largest |w| is 3 (input 2 → neuron 3): full width and opacity; −2 is two thirds of it.
        let strongest = try #require(weights.first { $0.from == "n0_1" && $0.to == "n1_2" })
        #expect(strongest.color == theme.positive && strongest.penWidth == 3 && strongest.opacity == 1)
        let negative = try #require(weights.first { $0.from == "n0_1" && $0.to == "n1_0" })
        #expect(negative.color == theme.negative)
        // The strength |w| / max |w| is computed in Float: a tolerance of 1e-6.
        #expect(abs(negative.penWidth - (0.3 + 2.7 * 2 / 3)) < 1e-6)
        #expect(abs(negative.opacity - (0.15 + 0.85 * 2 / 3)) < 1e-6)
        // Weakest first, so the strongest edges are drawn on top.
        let firstLayer = weights.filter { $0.from.hasPrefix("n0_") }
        #expect(firstLayer.map(\.penWidth) == firstLayer.map(\.penWidth).sorted())
        #expect(firstLayer.last == strongest)
        guard case let .lines(caption)? = diagram.caption else {
            Issue.record("expected a caption of lines")
            return
        }
        // The swatches on their own line and the sentence that explains them whole on the next.
        #expect(caption[0].map(\.text).joined() == "━━ positive weight     ━━ negative weight")
        #expect(caption[0].filter { $0.text == "━━ " }.map(\.color) == [theme.positive, theme.negative])
        #expect(caption[1].map(\.text).joined() == "Width and opacity grow with |w|, up to each layer's largest |w|.")
        #expect(caption[1].allSatisfy { $0.color == theme.muted })
    }

    /// With one scale the sentence is longer than the caption's width: it wraps between its own
    /// words, under the swatches, never beside them.
    @Test func theWeightLegendWrapsOnlyWithinItsSentence() throws {
        let model = try DiagramFixtures.model("blog_model.trained.json")
        let diagram = try NeuronDiagram.describe(model, options: DiagramOptions(style: .neurons, scale: .network))
        guard case let .lines(caption)? = diagram.caption else {
            Issue.record("expected a caption of lines")
            return
        }
        #expect(caption.prefix(3).map { $0.map(\.text).joined() } == [
            "━━ positive weight     ━━ negative weight",
            "Width and opacity grow with |w|, up to the network's largest |w|, 2.16 (one scale for",
            "every layer).",
        ])
    }

    /// A Keras model without class names: its output neurons are the classes 0…9, the names `predict`
    /// gives them (Keras's argmax indices), not y1…y10.
    @Test func kerasOutputsAreNamedAsPredictNamesThem() throws {
        let model = try DiagramFixtures.model("keras/mnist_784_1024_10_keras3.json")
        let diagram = try NeuronDiagram.describe(model, options: DiagramOptions(style: .neurons))
        let outputs = (0..<10).compactMap { node(diagram, "n2_\($0)") }.map { DiagramFixtures.text($0.label) }
        #expect(outputs == ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"])
        let header = model.predictionCSV([Float](repeating: 0.1, count: 10), rows: 1).prefix { $0 != "\n" }
        #expect(header == "prediction,p(0),p(1),p(2),p(3),p(4),p(5),p(6),p(7),p(8),p(9)")
    }

    /// At 18 points the neurons, their places and the names' room grow by 18/11; at 8 they keep the
    /// default's places (Graphviz's boxes keep their least size), and only the names' room shrinks.
    @Test func neuronsGrowWithLargerText() throws {
        let model = DiagramFixtures.smallTrained()
        let large = try NeuronDiagram.describe(model, options: DiagramOptions(style: .neurons, theme: Theme.named(.light, fontSize: 18)))
        let s = 18.0 / 11
        // Names of six characters: 6 × 6.5 × s + 18 = 81.82 wide; circles 36 × s = 58.91; places 45 × s = 73.64 apart.
        let nameWidth = 6 * 6.5 * s + 18
        let hidden = 36 * s
        #expect(node(large, "n1_0")?.size == DiagramSize(width: hidden / 72, height: hidden / 72))
        #expect(close(node(large, "n1_0")?.position?.y ?? 0, 45 * s))
        let centre1 = nameWidth / 2 + 110 + hidden / 2
        #expect(close(node(large, "n1_0")?.position?.x ?? 0, centre1))
        #expect(close(node(large, "n2_0")?.position?.x ?? 0, centre1 + hidden / 2 + 110 + nameWidth / 2))
        #expect(close(node(large, "h0")?.position?.y ?? 0, 3 * 45 * s / 2 + 34 * s))
        #expect(close(centre1, 180.36363636363637) && close(node(large, "h0")?.position?.y ?? 0, 166.0909090909091))

        let small = try NeuronDiagram.describe(model, options: DiagramOptions(style: .neurons, theme: Theme.named(.light, fontSize: 8)))
        #expect(node(small, "n1_0")?.size == DiagramSize(width: 0.5, height: 0.5))
        #expect(node(small, "n1_0")?.position?.y == 45 && node(small, "h0")?.position?.y == 101.5)
        let smallNames: Double = 6 * 6.5 * 8 / 11 + 18
        #expect(close(node(small, "n1_0")?.position?.x ?? 0, smallNames / 2 + 110 + 18))
    }

    /// In print, signs differ in line style too: negative weights (bias edges included) are dashed.
    @Test func printDashesNegativeWeights() throws {
        let model = DiagramFixtures.smallTrained()
        let diagram = try NeuronDiagram.describe(model, options: DiagramOptions(style: .neurons, theme: .print, showBias: true))
        let weights = diagram.edges.filter { !$0.invisible }
        #expect(weights.count == 2 * 3 + 3 + 3 + 1)
        #expect(weights.allSatisfy { $0.dashed == ($0.color == Theme.print.negative) })
        // −2 (input 2 → neuron 1), −1 and −0.5 and the bias −1 and −0.25 are the negative ones.
        #expect(weights.filter(\.dashed).count == 5)
        let caption = prose(diagram.caption)
        #expect(caption.contains("╍╍ negative weight (dashed)"))
        #expect(caption.contains("each edge from one carries a bias b"))
    }

    @Test func activationsFillTheNeurons() throws {
        let model = DiagramFixtures.smallTrained()
        let theme = Theme.light
        // z = W·x + b for x = (1, 2): (1 − 4 + 0.5, 0.5 + 0.5 + 0, −1 + 6 − 1) = (−2.5, 1, 4), so a = (0, 1, 4);
        // the output is sigmoid(2·0 − 0.5·1 + 1·4 − 0.25) = sigmoid(3.25) ≈ 0.9627.
        let trace = try model.network().trace([1, 2])
        let values = NeuronActivations(rawInput: [1, 2], trace: trace, source: "the input 1,2")
        let diagram = try NeuronDiagram.describe(model, options: DiagramOptions(style: .neurons), activations: values)
        #expect(node(diagram, "n1_0")?.fill == theme.background)
        #expect(node(diagram, "n1_1")?.fill == theme.diverging(1, limit: 4))
        #expect(node(diagram, "n1_2")?.fill?.hexString == theme.positive.hexString)
        #expect(node(diagram, "n1_2")?.textColor == RGB(hex: 0xFFFFFF))
        #expect(node(diagram, "n1_1").map { DiagramFixtures.text($0.label) } == "2 | 1")
        #expect(node(diagram, "n2_0").map { DiagramFixtures.text($0.label) } == "p(yes) | 0.963")
        // A sigmoid output is a probability: its fill is on a fixed scale of 1, not its own maximum.
        #expect(node(diagram, "n2_0")?.fill == theme.diverging(Double(trace.output[0]), limit: 1))
        #expect(node(diagram, "n0_1").map { DiagramFixtures.text($0.label) } == "weight | 2")
        #expect(prose(diagram.caption).contains("activation a for the input 1,2"))
    }

    @Test func normalisedInputsShowBothValues() throws {
        var model = DiagramFixtures.smallTrained()
        model.normalization = Normalization(method: .standard, offset: [1, 1], scale: [2, 4])
        // x' = (x − 1) / scale: (3, −3) becomes (1, −1), and the fill follows x'.
        let raw: [Float] = [3, -3]
        let trace = try model.network().trace(model.normalization?.applied(to: raw) ?? raw)
        let values = NeuronActivations(rawInput: raw, trace: trace, source: "the input 3,-3")
        let diagram = try NeuronDiagram.describe(model, options: DiagramOptions(style: .neurons), activations: values)
        #expect(node(diagram, "n0_0").map { DiagramFixtures.text($0.label) } == "height | 3 | → 1")
        #expect(node(diagram, "n0_1").map { DiagramFixtures.text($0.label) } == "weight | \u{2212}3 | → \u{2212}1")
        #expect(node(diagram, "n0_1")?.fill?.hexString == Theme.light.negative.hexString)
        #expect(prose(diagram.caption).contains("the normalised value the network sees"))
    }

    @Test func wideLayersAreElidedAndSaidSo() throws {
        let model = try DiagramFixtures.model("keras/mnist_784_1024_10_keras3.json")
        let diagram = try NeuronDiagram.describe(model, options: DiagramOptions(style: .neurons))
        #expect(node(diagram, "m0").map { DiagramFixtures.text($0.label) } == "⋮ | +774 | more")
        #expect(node(diagram, "m1").map { DiagramFixtures.text($0.label) } == "⋮ | +1014 | more")
        // The "more" node takes the place after neuron 5: 11 places of 45 points, centred on 0.
        #expect(["n0_4", "m0", "n0_779"].map { node(diagram, $0)?.position?.y } == [0 + 45, 0, -45])
        #expect(diagram.edges.filter { !$0.invisible }.count == 10 * 10 + 10 * 10)
        let caption = prose(diagram.caption)
        #expect(caption.contains("No trained weights in this model"))
        #expect(caption.contains("774 of 784 in input_layer_2 (x6…x779); 1014 of 1024 in dense_5 (neurons 6…1019)"))
        #expect(DiagramFixtures.text(try #require(node(diagram, "h0")).label) == "input_layer_2 | 784 inputs · 10 shown")
    }

    @Test func biasUnitsFeedTheNextLayer() throws {
        let diagram = try NeuronDiagram.describe(DiagramFixtures.smallTrained(), options: DiagramOptions(style: .neurons, showBias: true))
        #expect(node(diagram, "b0")?.dashed == true)
        #expect(node(diagram, "b1") != nil)
        #expect(node(diagram, "b2") == nil)
        let fromBias = diagram.edges.filter { $0.from == "b0" }
        #expect(fromBias.map(\.to).sorted() == ["n1_0", "n1_1", "n1_2"])
        #expect(fromBias.first { $0.to == "n1_2" }?.color == Theme.light.negative)
    }

    @Test(arguments: [
        ("keras/cnn_keras3.json", "inputs are 'input_layer_1' (None, 28, 28, 1); use --style layers"),
        ("keras/two_inputs_keras3.json", "inputs are 'numeric' (None, 4), 'categorical' (None, 6); use --style layers"),
    ])
    func onlyDenseStacks(fixture: String, message: String) throws {
        let model = try DiagramFixtures.model(fixture)
        #expect {
            try NeuronDiagram.describe(model, options: DiagramOptions(style: .neurons))
        } throws: { error in
            String(describing: error).contains(message)
        }
    }

    @Test func otherLayerKindsAreNamed() {
        var model = Model(inputSize: 4, layers: [(8, .relu), (1, .sigmoid)])
        model.layers.insert(Layer(name: "noise", kind: .other(className: "GaussianNoise", activation: nil), inbound: ["dense"],
                                  inputShapes: [[8]], outputShape: [8], parameterCount: 0), at: 1)
        model.layers[2].inbound = ["noise"]
        #expect {
            try NeuronDiagram.describe(model, options: DiagramOptions(style: .neurons))
        } throws: { error in
            String(describing: error) == "the neuron view draws Dense layers and the layers nnviz runs, and 'noise' is a GaussianNoise; use --style layers"
        }
    }

    /// Three significant digits, as the charts and the report write every number.
    @Test(arguments: [(Float(0.5678), "0.568"), (-1.2, "\u{2212}1.2"), (0, "0"), (-0.001, "\u{2212}0.001"), (0.084015, "0.084"),
                      (130.4, "130"), (123456, "123456"), (2_500_000, "2.5e6")])
    func compactValues(value: Float, expected: String) {
        #expect(NeuronDiagram.compact(value) == expected)
        #expect(NeuronDiagram.compact(value) == ReportPage.number(value))
    }

    /// Batch normalisation, dropout and activation layers have no neurons: they are drawn in the
    /// neurons of the dense layer before them, which show the values after them, and the caption says so.
    @Test func layersWithoutNeuronsAreFoldedAndNamed() throws {
        let model = try ModelFile.load(path: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/layers/bn_dropout_trained.json").path)
        let network = try model.network()
        let trace = network.trace([1, 2, 0.5, 3, -1])
        let values = NeuronActivations(rawInput: [1, 2, 0.5, 3, -1], trace: trace, source: "the input")
        let diagram = try NeuronDiagram.describe(model, options: DiagramOptions(style: .neurons, maxNeurons: 20), activations: values)
        // Columns: the input, dense (with bn and dropout), dense_1 (with leaky and bn_1), dense_2 (with softmax).
        #expect(["h0", "h1", "h2", "h3"].allSatisfy { node(diagram, $0) != nil } && node(diagram, "h4") == nil)
        // dense's neurons show the values after bn and dropout: layer 2's output.
        let first = try #require(node(diagram, "n1_0").map { DiagramFixtures.text($0.label) })
        #expect(first.hasSuffix(NeuronDiagram.compact(trace.layers[2].a[0])), "\(first)")
        #expect(node(diagram, "h2").map { DiagramFixtures.text($0.label) }?.contains("6 × leaky_relu") == true)
        let caption = DiagramFixtures.text(try #require(diagram.caption))
        #expect(caption.contains("BatchNormalization 'bn', Dropout 'dropout' folded into dense"))
        #expect(caption.contains("Activation 'leaky', BatchNormalization 'bn_1' folded into dense_1"))
        #expect(caption.contains("Dropout is shown as the identity"))
    }
}
