import Foundation
import NNCore
import Testing
@testable import NNRender

/// Models and helpers shared by the diagram tests.
enum DiagramFixtures {
    static func model(_ name: String) throws -> Model {
        try ModelFile.load(path: fixturesFolder.appendingPathComponent(name).path)
    }

    /// A 2-3-1 model with hand-picked weights, so that every value in its diagrams is known.
    static func smallTrained() -> Model {
        var model = Model(inputSize: 2, layers: [(3, .relu), (1, .sigmoid)])
        model.featureNames = ["height", "weight"]
        model.classNames = ["no", "yes"]
        model.layers[0].parameters = .dense(DenseParameters(weights: [1, -2, 0.5, 0.25, -1, 3], bias: [0.5, 0, -1]))
        model.layers[1].parameters = .dense(DenseParameters(weights: [2, -0.5, 1], bias: [-0.25]))
        return model
    }

    /// A model whose names try to break out of their labels.
    static func hostile() -> Model {
        var model = Model(inputSize: 2, layers: [(3, .relu), (2, .softmax)])
        model.layers[0].name = "a\" -> b [label=\"x"
        model.layers[1].name = "<b>"
        model.layers[1].inbound = [model.layers[0].name]
        model.featureNames = ["<td>&amp;", "back\\slash \\N"]
        model.classNames = ["}; digraph {", "]]>"]
        return model
    }
}

@Suite struct DiagramDOTTests {
    @Test func blogModelLayerView() throws {
        let model = try DiagramFixtures.model("blog_model.json")
        try expectGolden(DOTWriter.write(ModelDiagram.describe(model, options: DiagramOptions())), "golden/diagrams/blog_layers.dot")
    }

    @Test func blogModelNeuronView() throws {
        let model = try DiagramFixtures.model("blog_model.json")
        let diagram = try ModelDiagram.describe(model, options: DiagramOptions(style: .neurons))
        try expectGolden(DOTWriter.write(diagram), "golden/diagrams/blog_neurons.dot")
    }

    @Test func trainedNeuronViewWithInputAndBias() throws {
        let model = DiagramFixtures.smallTrained()
        let trace = try model.network().trace([1, 2])
        let values = NeuronActivations(rawInput: [1, 2], trace: trace, source: "the input 1,2")
        let options = DiagramOptions(style: .neurons, title: "A 2-3-1 model", showBias: true, dpi: 144)
        try expectGolden(DOTWriter.write(ModelDiagram.describe(model, options: options, activations: values)),
                         "golden/diagrams/small_trained_neurons.dot")
    }

    @Test func twoInputKerasModelWithMaths() throws {
        let model = try DiagramFixtures.model("keras/two_inputs_keras3.json")
        let options = DiagramOptions(rankDirection: .leftToRight, showMath: true)
        try expectGolden(DOTWriter.write(ModelDiagram.describe(model, options: options)), "golden/diagrams/two_inputs_layers.dot")
    }

    @Test func wideModelIsElided() throws {
        let model = try DiagramFixtures.model("keras/mnist_784_1024_10_keras3.json")
        let diagram = try ModelDiagram.describe(model, options: DiagramOptions(style: .neurons))
        try expectGolden(DOTWriter.write(diagram), "golden/diagrams/mnist_neurons.dot")
    }

    @Test(arguments: [DiagramOptions.Style.layers, .neurons])
    func hostileNamesAreEscaped(style: DiagramOptions.Style) throws {
        let options = DiagramOptions(style: style, title: "</table> & \"T\"")
        let diagram = try ModelDiagram.describe(DiagramFixtures.hostile(), options: options)
        let dot = DOTWriter.write(diagram)
        try expectGolden(dot, "golden/diagrams/escaping_\(style.rawValue).dot")
        // The names reach the DOT only as entities, so the graph has just the edges nnviz made.
        #expect(!dot.contains("a\" -> b"))
        #expect(dot.components(separatedBy: " -> ").count - 1 == diagram.edges.count)
        #expect(dot.contains("a&quot; -&gt; b [label=&quot;x"))
        if style == .neurons {
            #expect(dot.contains("&lt;td&gt;&amp;amp;"))
            #expect(dot.contains("back\\\\slash \\\\N"))
            #expect(dot.contains("}; digraph {") && dot.contains("]]&gt;"))
        }
    }

    @Test(arguments: [
        ("plain", "plain"),
        ("<b>", "&lt;b&gt;"),
        ("a & b", "a &amp; b"),
        ("say \"hi\"", "say &quot;hi&quot;"),
        ("\\N", "\\\\N"),
        ("two\nlines", "two lines"),
        ("nul\u{0}bell\u{7}", "nul\u{FFFD}bell\u{FFFD}"),
        ("σ(z) · W×x ⋮", "σ(z) · W×x ⋮"),
    ])
    func escapedHTML(text: String, expected: String) {
        #expect(DOTWriter.escapedHTML(text) == expected)
    }

    @Test(arguments: [(0.3, "0.3"), (1.25, "1.25"), (2, "2"), (0.0005, "0.001"), (-0.25, "-0.25"), (-1.5, "-1.5"), (1.4, "1.4")])
    func numbers(value: Double, expected: String) {
        #expect(DOTWriter.number(value) == expected)
    }

    @Test func translucentColours() {
        #expect(DOTWriter.colorWithOpacity(RGB(hex: 0x2166AC), 1) == "#2166ac")
        #expect(DOTWriter.colorWithOpacity(RGB(hex: 0x2166AC), 0.5) == "#2166ac80")
        #expect(DOTWriter.colorWithOpacity(RGB(hex: 0x2166AC), 0) == "#2166ac00")
    }

    /// The width goes on the first cell that spans every column (Graphviz spreads it over them), less the border.
    @Test func minimumWidthGoesOnTheSpanningCell() {
        let rows: [DiagramRow] = [.cells([DiagramCell("a"), DiagramCell("b")]), .rule, .cells([DiagramCell("head", columnSpan: 2)])]
        let table = DOTWriter.htmlBody(.table(rows: rows, border: RGB(0, 0, 0), fill: nil), minimumWidth: 157)
        #expect(table.contains("<tr><td>a</td><td>b</td></tr><hr/><tr><td colspan=\"2\" width=\"155\">head</td></tr>"))
        let narrow = DOTWriter.htmlBody(.table(rows: [rows[0]], border: nil, fill: nil), minimumWidth: 80)
        #expect(narrow.hasPrefix("<table border=\"0\" cellborder=\"0\" cellspacing=\"0\" cellpadding=\"4\" width=\"80\">"))
        var node = DiagramNode(id: "n", label: .text("x"), shape: .box)
        node.minimumWidth = 144
        #expect(DOTWriter.attributes(of: node).contains("width=2"))
    }

    @Test func rulesOnlyBetweenRows() {
        let label = DiagramLabel.table(rows: [.rule, .cells([DiagramCell("a")]), .rule, .rule, .cells([DiagramCell("b")]), .rule],
                                       border: nil, fill: nil)
        #expect(DOTWriter.htmlBody(label)
            == "<table border=\"0\" cellborder=\"0\" cellspacing=\"0\" cellpadding=\"4\"><tr><td>a</td></tr><hr/><tr><td>b</td></tr></table>")
    }

    /// Sizes in a description are given for 11 points and written scaled to the theme's font size.
    @Test func fontSizeScalesEveryTextSize() {
        var diagram = DiagramDescription(rankDirection: .topToBottom, theme: Theme.named(.light, fontSize: 22), title: "T")
        diagram.nodes = [DiagramNode(id: "a", label: .lines([[TextRun("x", size: 9)]]), shape: .box, fontSize: 10)]
        let dot = DOTWriter.write(diagram)
        #expect(dot.contains("fontsize=22 rankdir"))
        #expect(dot.contains("node [fontname=\"DejaVu Sans\" fontsize=22 "))
        #expect(dot.contains("<font point-size=\"30\"><b>T</b></font>"))
        #expect(dot.contains("fontsize=20 label=<<font point-size=\"18\">x</font>>"))
        let plain = DOTWriter.write(DiagramDescription(rankDirection: .topToBottom, theme: .light))
        #expect(plain.contains("fontsize=11 rankdir"))
    }

    @Test func themedNeuronViews() throws {
        let model = DiagramFixtures.smallTrained()
        let trace = try model.network().trace([1, 2])
        let values = NeuronActivations(rawInput: [1, 2], trace: trace, source: "the input 1,2")
        for name in [Theme.Name.colorblind, .print] {
            let options = DiagramOptions(style: .neurons, theme: Theme.named(name, fontSize: 14), showBias: true)
            try expectGolden(DOTWriter.write(ModelDiagram.describe(model, options: options, activations: values)),
                             "golden/diagrams/small_trained_neurons_\(name.rawValue).dot")
        }
    }

    @Test func sameDescriptionSameText() throws {
        let model = try DiagramFixtures.model("keras/cnn_keras3.json")
        let options = DiagramOptions(theme: .dark, showMath: true)
        #expect(DOTWriter.write(try ModelDiagram.describe(model, options: options))
            == DOTWriter.write(try ModelDiagram.describe(model, options: options)))
    }
}
