import Foundation
import NNCore
import Testing
@testable import NNRender

@Suite struct DiagramNeuronsTests {
    @Test(arguments: [
        (784, 10, 0..<5, 779..<784, 774),
        (10, 10, 0..<10, 10..<10, 0),
        (4, 10, 0..<4, 4..<4, 0),
        (11, 10, 0..<5, 6..<11, 1),
        (100, 3, 0..<2, 99..<100, 97),
    ])
    func selection(count: Int, limit: Int, head: Range<Int>, tail: Range<Int>, hidden: Int) {
        let selection = NeuronDiagram.Selection(count: count, limit: limit)
        #expect(selection.head == head)
        #expect(selection.tail == tail)
        #expect(selection.hidden == hidden)
        #expect(selection.shown.count <= limit)
    }

    func node(_ diagram: DiagramDescription, _ id: String) -> DiagramNode? { diagram.nodes.first { $0.id == id } }

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
        #expect(caption[0].map(\.text).joined().hasPrefix("━━ positive weight     ━━ negative weight"))
        #expect(caption[0][0].color == theme.positive && caption[0][2].color == theme.negative)
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
        #expect(node(diagram, "n1_1").map { DiagramFixtures.text($0.label) } == "1.00")
        #expect(node(diagram, "n2_0").map { DiagramFixtures.text($0.label) } == "p(yes) | 0.96")
        // A sigmoid output is a probability: its fill is on a fixed scale of 1, not its own maximum.
        #expect(node(diagram, "n2_0")?.fill == theme.diverging(Double(trace.output[0]), limit: 1))
        #expect(node(diagram, "n0_1").map { DiagramFixtures.text($0.label) } == "weight | 2.00")
        #expect(DiagramFixtures.text(try #require(diagram.caption)).contains("activation a for the input 1,2"))
    }

    @Test func normalisedInputsShowBothValues() throws {
        var model = DiagramFixtures.smallTrained()
        model.normalization = Normalization(method: .standard, offset: [1, 1], scale: [2, 4])
        // x' = (x − 1) / scale: (3, −3) becomes (1, −1), and the fill follows x'.
        let raw: [Float] = [3, -3]
        let trace = try model.network().trace(model.normalization?.applied(to: raw) ?? raw)
        let values = NeuronActivations(rawInput: raw, trace: trace, source: "the input 3,-3")
        let diagram = try NeuronDiagram.describe(model, options: DiagramOptions(style: .neurons), activations: values)
        #expect(node(diagram, "n0_0").map { DiagramFixtures.text($0.label) } == "height | 3.00 | → 1.00")
        #expect(node(diagram, "n0_1").map { DiagramFixtures.text($0.label) } == "weight | -3.00 | → -1.00")
        #expect(node(diagram, "n0_1")?.fill?.hexString == Theme.light.negative.hexString)
        #expect(DiagramFixtures.text(try #require(diagram.caption)).contains("the normalised value the network sees"))
    }

    @Test func wideLayersAreElidedAndSaidSo() throws {
        let model = try DiagramFixtures.model("keras/mnist_784_1024_10_keras3.json")
        let diagram = try NeuronDiagram.describe(model, options: DiagramOptions(style: .neurons))
        #expect(diagram.ranks.map(\.count) == [1 + 10 + 1, 1 + 10 + 1, 1 + 10])
        #expect(node(diagram, "m0").map { DiagramFixtures.text($0.label) } == "⋮ | +774 more")
        #expect(node(diagram, "m1").map { DiagramFixtures.text($0.label) } == "⋮ | +1014 more")
        #expect(diagram.ranks[0].prefix(7) == ["h0", "n0_0", "n0_1", "n0_2", "n0_3", "n0_4", "m0"])
        #expect(diagram.edges.filter { !$0.invisible }.count == 10 * 10 + 10 * 10)
        let caption = DiagramFixtures.text(try #require(diagram.caption))
        #expect(caption.contains("No trained weights in this model"))
        #expect(caption.contains("774 of 784 in input_layer_2 (x6…x779); 1014 of 1024 in dense_5 (neurons 6…1019)"))
        #expect(DiagramFixtures.text(try #require(node(diagram, "h0")).label) == "input_layer_2 | 784 inputs | 10 of 784 shown")
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

    @Test(arguments: [(Float(0.5678), "0.57"), (-1.2, "-1.20"), (0, "0.00"), (-0.001, "0.00"), (130.4, "130"), (123456, "1.2e+05")])
    func compactValues(value: Float, expected: String) {
        #expect(NeuronDiagram.compact(value) == expected)
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
        #expect(diagram.ranks.count == 4)
        // dense's neurons show the values after bn and dropout: layer 2's output.
        #expect(node(diagram, "n1_0").map { DiagramFixtures.text($0.label) } == NeuronDiagram.compact(trace.layers[2].a[0]))
        #expect(node(diagram, "h2").map { DiagramFixtures.text($0.label) }?.contains("6 × leaky_relu") == true)
        let caption = DiagramFixtures.text(try #require(diagram.caption))
        #expect(caption.contains("BatchNormalization 'bn', Dropout 'dropout' folded into dense"))
        #expect(caption.contains("Activation 'leaky', BatchNormalization 'bn_1' folded into dense_1"))
        #expect(caption.contains("Dropout is shown as the identity"))
    }
}
