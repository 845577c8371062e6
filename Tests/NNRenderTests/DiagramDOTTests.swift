import Foundation
import NNCore
import Testing
@testable import NNRender

/// The repository's Fixtures folder, found from this file's path.
private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures")

/// Compares `text` with Fixtures/golden/diagrams/`name`. With NNVIZ_RECORD=1 in the environment it
/// writes the file instead and fails, so that a recording run can never pass by accident.
private func expectGolden(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = fixtures.appendingPathComponent("golden/diagrams/\(name)")
    if ProcessInfo.processInfo.environment["NNVIZ_RECORD"] == "1" {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        Issue.record("recorded \(url.path); run again without NNVIZ_RECORD to compare", sourceLocation: sourceLocation)
        return
    }
    guard let golden = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record("no golden file \(url.path); record it with NNVIZ_RECORD=1", sourceLocation: sourceLocation)
        return
    }
    #expect(text == golden, "DOT differs from \(name); if the change is intended, re-record with NNVIZ_RECORD=1",
            sourceLocation: sourceLocation)
}

/// Models and helpers shared by the diagram tests.
enum DiagramFixtures {
    static func model(_ name: String) throws -> Model {
        try ModelFile.load(path: fixtures.appendingPathComponent(name).path)
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
        try expectGolden(DOTWriter.write(ModelDiagram.describe(model, options: DiagramOptions())), "blog_layers.dot")
    }

    @Test func blogModelNeuronView() throws {
        let model = try DiagramFixtures.model("blog_model.json")
        let diagram = try ModelDiagram.describe(model, options: DiagramOptions(style: .neurons))
        try expectGolden(DOTWriter.write(diagram), "blog_neurons.dot")
    }

    @Test func trainedNeuronViewWithInputAndBias() throws {
        let model = DiagramFixtures.smallTrained()
        let trace = try model.network().trace([1, 2])
        let values = NeuronActivations(rawInput: [1, 2], trace: trace, source: "the input 1,2")
        let options = DiagramOptions(style: .neurons, title: "A 2-3-1 model", showBias: true, dpi: 144)
        try expectGolden(DOTWriter.write(ModelDiagram.describe(model, options: options, activations: values)),
                         "small_trained_neurons.dot")
    }

    @Test func twoInputKerasModelWithMaths() throws {
        let model = try DiagramFixtures.model("keras/two_inputs_keras3.json")
        let options = DiagramOptions(rankDirection: .leftToRight, showMath: true)
        try expectGolden(DOTWriter.write(ModelDiagram.describe(model, options: options)), "two_inputs_layers.dot")
    }

    @Test func wideModelIsElided() throws {
        let model = try DiagramFixtures.model("keras/mnist_784_1024_10_keras3.json")
        let diagram = try ModelDiagram.describe(model, options: DiagramOptions(style: .neurons))
        try expectGolden(DOTWriter.write(diagram), "mnist_neurons.dot")
    }

    @Test(arguments: [DiagramOptions.Style.layers, .neurons])
    func hostileNamesAreEscaped(style: DiagramOptions.Style) throws {
        let options = DiagramOptions(style: style, title: "</table> & \"T\"")
        let diagram = try ModelDiagram.describe(DiagramFixtures.hostile(), options: options)
        let dot = DOTWriter.write(diagram)
        try expectGolden(dot, "escaping_\(style.rawValue).dot")
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

    @Test func rulesOnlyBetweenRows() {
        let label = DiagramLabel.table(rows: [.rule, .cells([DiagramCell("a")]), .rule, .rule, .cells([DiagramCell("b")]), .rule],
                                       border: nil, fill: nil)
        #expect(DOTWriter.htmlBody(label)
            == "<table border=\"0\" cellborder=\"0\" cellspacing=\"0\" cellpadding=\"4\"><tr><td>a</td></tr><hr/><tr><td>b</td></tr></table>")
    }

    @Test func sameDescriptionSameText() throws {
        let model = try DiagramFixtures.model("keras/cnn_keras3.json")
        let options = DiagramOptions(theme: .dark, showMath: true)
        #expect(DOTWriter.write(try ModelDiagram.describe(model, options: options))
            == DOTWriter.write(try ModelDiagram.describe(model, options: options)))
    }
}
