import NNCore
import Testing
@testable import NNRender

extension DiagramFixtures {
    /// All the text of a label, runs joined, lines and cells separated by " | ".
    /// The label's text as a reader sees it (the no-break space before a type reads as a space).
    static func text(_ label: DiagramLabel) -> String {
        func line(_ runs: TextLine) -> String { runs.map(\.text).joined().replacingOccurrences(of: "\u{00A0}", with: " ") }
        switch label {
        case let .lines(lines):
            return lines.map(line).joined(separator: " | ")
        case let .table(rows, _, _):
            return rows.compactMap { row -> String? in
                guard case let .cells(cells) = row else { return nil }
                return cells.map { $0.lines.map(line).joined(separator: " | ") }.joined(separator: " | ")
            }.joined(separator: " | ")
        }
    }
}

@Suite struct DiagramLayersTests {
    @Test func blogModelBoxes() throws {
        let diagram = LayerDiagram.describe(try DiagramFixtures.model("blog_model.json"), options: DiagramOptions())
        #expect(diagram.nodes.map(\.id) == ["i0", "l0", "l1", "l2"])
        #expect(diagram.edges.map { "\($0.from)>\($0.to)" } == ["i0>l0", "l0>l1", "l1>l2"])
        #expect(DiagramFixtures.text(diagram.nodes[0].label) == "input_layer (InputLayer) | Input shape | Output shape | (None, 4) | (None, 4)")
        #expect(DiagramFixtures.text(diagram.nodes[1].label)
            == "dense (Dense) | Input shape | Output shape | (None, 4) | (None, 8) | Activation | relu | Params | 40")
        #expect(DiagramFixtures.text(diagram.nodes[3].label).hasSuffix("(None, 4) | (None, 1) | Activation | sigmoid | Params | 5"))
        // A small blank line keeps the total clear of the last box.
        #expect(diagram.caption.map(DiagramFixtures.text) == "  | Total params: 81")
        #expect(diagram.rankDirection == .topToBottom)
    }

    @Test func twoInputModelIsAGraph() throws {
        let diagram = LayerDiagram.describe(try DiagramFixtures.model("keras/two_inputs_keras3.json"), options: DiagramOptions())
        let names = diagram.nodes.map { DiagramFixtures.text($0.label).components(separatedBy: " (")[0] }
        #expect(names == ["numeric", "categorical", "numeric_dense", "categorical_dense", "merge", "dropout", "output"])
        func name(_ id: String) -> String { diagram.nodes.firstIndex { $0.id == id }.map { names[$0] } ?? "?" }
        #expect(diagram.edges.map { name($0.from) + ">" + name($0.to) } == ["numeric>numeric_dense", "categorical>categorical_dense",
                                                     "numeric_dense>merge", "categorical_dense>merge", "merge>dropout", "dropout>output"])
        #expect(DiagramFixtures.text(diagram.nodes[4].label).contains("[(None, 8), (None, 4)] | (None, 12)"))
    }

    @Test func convolutionalShapesAndUnknowns() throws {
        let diagram = LayerDiagram.describe(try DiagramFixtures.model("keras/cnn_keras3.json"), options: DiagramOptions())
        let text = diagram.nodes.map { DiagramFixtures.text($0.label) }
        #expect(text.contains { $0.hasPrefix("conv2d (Conv2D) | Input shape | Output shape | (None, 28, 28, 1) | (None, 26, 26, 8)") })
        #expect(text.contains { $0.hasPrefix("flatten (Flatten)") && $0.contains("(None, 1352)") })
        #expect(diagram.caption.map(DiagramFixtures.text) == "  | Total params: 43,738 · Trainable: 43,722 · Non-trainable: 16")
    }

    /// Each box shows the settings it is built with, between the activation and the parameters.
    @Test func settingsAreShownWhereKnown() throws {
        let cnn = LayerDiagram.describe(try DiagramFixtures.model("keras/cnn_keras3.json"), options: DiagramOptions())
        let boxes = cnn.nodes.map { DiagramFixtures.text($0.label) }
        #expect(boxes[1] == "conv2d (Conv2D) | Input shape | Output shape | (None, 28, 28, 1) | (None, 26, 26, 8)"
            + " | Activation | relu | Filters | 8 | Kernel | 3×3 | Strides | 1×1 | Params | 80")
        #expect(boxes[2] == "max_pooling2d (MaxPooling2D) | Input shape | Output shape | (None, 26, 26, 8) | (None, 13, 13, 8)"
            + " | Pool size | 2×2 | Strides | 2×2 | Params | 0")
        #expect(boxes[3].hasSuffix(" | ε | 0.001 | Momentum | 0.99 | Params | 32"))
        #expect(boxes[4].hasSuffix(" | (None, 1352) | Params | 0"), "a Flatten has no settings")

        let bn = try DiagramFixtures.model("layers/bn_dropout_keras3.json")
        let math = LayerDiagram.describe(bn, options: DiagramOptions(showMath: true)).nodes.map { DiagramFixtures.text($0.label) }
        #expect(math[2].hasSuffix(" | ε | 0.001 | Momentum | 0.9 | Params | 32 | a = γ·(x − μ)/√(σ² + ε) + β"))
        #expect(math[3].hasSuffix(" | Rate | 0.25 | Params | 0 | a = x (drops inputs only in training)"))
    }

    @Test func partsCanBeTurnedOff() throws {
        let model = try DiagramFixtures.model("blog_model.json")
        let options = DiagramOptions(showTypes: false, showShapes: false, showActivations: false, showParameters: false)
        let diagram = LayerDiagram.describe(model, options: options)
        #expect(diagram.nodes.map { DiagramFixtures.text($0.label) } == ["input_layer", "dense", "dense_1", "dense_2"])
        #expect(diagram.caption == nil)
        let bare = LayerDiagram.describe(model, options: DiagramOptions(showNames: false, showTypes: false, showShapes: false,
                                                                        showActivations: false, showParameters: false))
        #expect(bare.nodes.allSatisfy { DiagramFixtures.text($0.label) == " " })
    }

    @Test(arguments: [
        (Layer.Kind.dense(units: 8, activation: .relu, useBias: true), ["a = relu(W·x + b)", "W: 8×4, b: 8"]),
        (.dense(units: 3, activation: .linear, useBias: false), ["a = W·x", "W: 3×4"]),
        (.other(className: "Activation", activation: "tanh"), ["a = tanh(x)"]),
        (.other(className: "Dropout", activation: nil), ["a = x (drops inputs only in training)"]),
    ])
    func maths(kind: Layer.Kind, expected: [String]) {
        let layer = Layer(name: "l", kind: kind, inbound: ["input_layer"], inputShapes: [[4]], outputShape: [8], parameterCount: nil)
        #expect(LayerDiagram.math(for: layer) == expected)
    }

    /// A merge names its inputs by their layers, never x1, x2, … (those are the model's input features).
    @Test(arguments: [
        ("Concatenate", ["a = [stem; side]"]),
        ("Add", ["a = stem + side"]),
        ("Subtract", ["a = stem − side"]),
        ("Multiply", ["a = stem ⊙ side"]),
        ("Average", ["a = (stem + side) / 2"]),
        ("Maximum", ["a = max(stem, side)"]),
        ("Minimum", ["a = min(stem, side)"]),
    ])
    func mergesNameTheirInputs(className: String, expected: [String]) {
        let layer = Layer(name: "m", kind: .other(className: className, activation: nil), inbound: ["stem", "side"],
                          inputShapes: [[4], [4]], outputShape: [4], parameterCount: 0)
        #expect(LayerDiagram.math(for: layer) == expected)
    }

    @Test func residualModelsMergesReadByName() throws {
        let diagram = LayerDiagram.describe(try DiagramFixtures.model("keras/residual_keras3.json"), options: DiagramOptions(showMath: true))
        let text = diagram.nodes.map { DiagramFixtures.text($0.label) }
        #expect(text.contains { $0.hasPrefix("residual (Add)") && $0.hasSuffix("a = stem + project") })
        #expect(text.contains { $0.hasPrefix("joined (Concatenate)") && $0.hasSuffix("a = [residual; side]") })
        #expect(!text.joined().contains("x1"))
    }

    /// Keras's `silu` stays `silu` in the boxes and their maths (nnviz runs it as swish).
    @Test func activationsAsTheFileSpellsThem() throws {
        let diagram = LayerDiagram.describe(try DiagramFixtures.model("keras/spelled_activations_keras3.json"), options: DiagramOptions(showMath: true))
        let text = diagram.nodes.map { DiagramFixtures.text($0.label) }
        #expect(text[1].contains("Activation | silu") && text[1].contains("a = silu(W·x + b)"))
        #expect(text[2].contains("Activation | silu") && text[2].hasSuffix("a = silu(x)"))
        #expect(text[3].contains("Activation | gelu") && text[3].contains("a = gelu(W·x + b)"))
        #expect(!text.joined().contains("swish"))
    }

    /// Boxes of one width: a chain is one column; with branches, the spine and each branch's chain.
    @Test(arguments: [
        ("blog_model.json", [["i0", "l0", "l1", "l2"]]),
        ("keras/cnn_keras3.json", [["i0", "l0", "l1", "l2", "l3", "l4", "l5", "l6"]]),
        // numeric → numeric_dense and categorical → categorical_dense side by side, then merge, dropout, output.
        ("keras/two_inputs_keras3.json", [["l2", "l3", "l4"], ["i0", "l0"], ["i1", "l1"]]),
        // features, stem, …, joined, scores down the middle; expand, drop, project beside residual's skip;
        // residual and side alone.
        ("keras/residual_keras3.json", [["i0", "l0", "l6", "l7"], ["l1", "l2", "l3"]]),
    ])
    func columnsOfOneWidth(file: String, expected: [[String]]) throws {
        let diagram = LayerDiagram.describe(try DiagramFixtures.model(file), options: DiagramOptions())
        #expect(diagram.equalWidths == expected)
    }

    @Test func columnsOfAGraphWithACycleEnd() {
        // Not a model Keras makes, but a file may claim it: every box still gets a group or none, once.
        let groups = LayerDiagram.columns(ids: ["a", "b", "c", "d"], edges: [("a", "b"), ("b", "c"), ("c", "b"), ("a", "d")])
        #expect(groups == [["b", "c"]] || groups.flatMap { $0 }.count == Set(groups.flatMap { $0 }).count)
        #expect(LayerDiagram.columns(ids: ["a"], edges: []) == [])
    }

    @Test func noHeaderNoEqualWidths() throws {
        let options = DiagramOptions(showNames: false, showTypes: false)
        #expect(LayerDiagram.describe(try DiagramFixtures.model("blog_model.json"), options: options).equalWidths == [])
    }

    @Test func equalizingWidthsTakesEachGroupsWidest() {
        var diagram = DiagramDescription(rankDirection: .topToBottom, theme: .light,
                                         nodes: ["a", "b", "c", "d", "e"].map { DiagramNode(id: $0, label: .text($0), shape: .none) })
        diagram.equalWidths = [["a", "b", "c"], ["d", "e"]]
        let measured = ["a": 120, "b": 157.004, "c": 90, "d": 60.2, "e": 58]
        #expect(diagram.equalizingWidths(measured).nodes.map(\.minimumWidth) == [157, 157, 157, 61, 61])
    }

    @Test func mathsShownOnlyWhenAsked() throws {
        let model = try DiagramFixtures.model("blog_model.json")
        let plain = LayerDiagram.describe(model, options: DiagramOptions())
        let maths = LayerDiagram.describe(model, options: DiagramOptions(showMath: true))
        #expect(!DiagramFixtures.text(plain.nodes[1].label).contains("W·x"))
        #expect(DiagramFixtures.text(maths.nodes[1].label).hasSuffix("a = relu(W·x + b) | W: 8×4, b: 8"))
    }
}
