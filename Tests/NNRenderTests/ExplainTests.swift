import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import NNCore
import NNRender
import Testing

/// The blog's 4-8-4-1 model, trained on Fixtures/tiny_binary.csv, explained for row 1 with target 1.
struct BlogCase {
    let model: Model
    let network: Network
    let raw: [Float]
    let label: String
    let target: [Float] = [1]
    let learningRate: Float

    init(row: Int = 0, learningRate: Float = 0.01) throws {
        model = try ModelFile.load(path: ExplainFixtures.path("blog_model.trained.json"))
        network = try model.network()
        let data = try Dataset.labelled(CSVTable.read(path: ExplainFixtures.path("tiny_binary.csv")), target: "label", features: nil)
        raw = data.row(row)
        label = data.labels[row]
        self.learningRate = learningRate
    }

    var request: ExplanationRequest {
        ExplanationRequest(model: model, network: network, rawInput: raw, inputDescription: "row 1 of tiny_binary.csv",
                           target: "1", learningRate: learningRate, maxNeurons: 4, precision: 4)
    }
}

@Suite struct ExplainTests {
    /// Every number in the Markdown tables is the core's number, rounded to the stated precision.
    @Test(arguments: [2, 4, 7])
    func markdownTablesHoldTheCoresNumbers(precision: Int) throws {
        let blog = try BlogCase()
        var request = blog.request
        request.precision = precision
        let markdown = try Explanation(request).rendered(as: .markdown)
        #expect(markdown.contains("rounded to \(precision) significant digits"))
        let trace = blog.network.trace(blog.raw)
        let pass = blog.network.backward(trace, target: blog.target, loss: .binaryCrossEntropy)

        let inputs = try ExplainParsing.table(after: "Input values", in: markdown)
        #expect(inputs.count == 4)
        for row in inputs {
            let i = try #require(Int(ExplainParsing.stripMath(row[0]))) - 1
            try ExplainParsing.expectRounded(row[2], blog.raw[i], digits: precision)
        }
        for (index, layer) in blog.network.layers.enumerated() {
            let name = layer.name.replacingOccurrences(of: "_", with: "\\_")
            let forward = try ExplainParsing.table(after: "Layer \(index + 1) (\(name)): weighted sums and activations", in: markdown)
            let numbered = forward.filter { Int(ExplainParsing.stripMath($0[0])) != nil }
            #expect(numbered.count == min(layer.outputSize, 4))
            for row in numbered {
                let j = try #require(Int(ExplainParsing.stripMath(row[0]))) - 1
                try ExplainParsing.expectRounded(row[1], trace.layers[index].z[j], digits: precision)
                try ExplainParsing.expectRounded(row[2], trace.layers[index].a[j], digits: precision)
            }
            let gradients = try ExplainParsing.table(after: "Layer \(index + 1) (\(name)): gradients", in: markdown)
            for row in gradients.filter({ Int(ExplainParsing.stripMath($0[0])) != nil }) {
                let j = try #require(Int(ExplainParsing.stripMath(row[0]))) - 1
                try ExplainParsing.expectRounded(row[1], pass.layers[index].z[j], digits: precision)
                try ExplainParsing.expectRounded(row[2], pass.layers[index].bias[j], digits: precision)
                for column in 0..<min(layer.inputSize, 4) {
                    try ExplainParsing.expectRounded(row[3 + column], pass.layers[index].weights[j * layer.inputSize + column], digits: precision)
                }
            }
        }
    }

    /// The update table: before, gradient and after agree with w ← w − η·g computed here.
    @Test func updateTableFollowsGradientDescent() throws {
        let blog = try BlogCase()
        let markdown = try Explanation(blog.request).rendered(as: .markdown)
        let trace = blog.network.trace(blog.raw)
        let pass = blog.network.backward(trace, target: blog.target, loss: .binaryCrossEntropy)
        let rows = try ExplainParsing.table(after: "One step of gradient descent", in: markdown)
        #expect(rows.count >= 6)
        let weightPattern = /w_\{(\d+),(\d+)\}\^\{\((\d+)\)\}/
        let biasPattern = /b_\{(\d+)\}\^\{\((\d+)\)\}/
        for row in rows {
            let before: Float
            let gradient: Float
            if let match = row[0].firstMatch(of: weightPattern) {
                let (j, i, l) = (Int(match.1)! - 1, Int(match.2)! - 1, Int(match.3)! - 1)
                let layer = blog.network.layers[l].dense!
                before = layer.weight(from: i, to: j)
                gradient = pass.layers[l].weights[j * layer.inputSize + i]
            } else {
                let match = try #require(row[0].firstMatch(of: biasPattern), "unexpected parameter \(row[0])")
                let (j, l) = (Int(match.1)! - 1, Int(match.2)! - 1)
                before = blog.network.layers[l].dense!.bias[j]
                gradient = pass.layers[l].bias[j]
            }
            try ExplainParsing.expectRounded(row[1], before)
            try ExplainParsing.expectRounded(row[2], gradient)
            try ExplainParsing.expectRounded(row[3], before - blog.learningRate * gradient)
        }
    }

    /// The first neuron's weighted sum is written term by term with the layer's real weights and inputs.
    @Test func weightedSumIsWrittenTermByTerm() throws {
        let blog = try BlogCase()
        let markdown = try Explanation(blog.request).rendered(as: .markdown)
        let line = try #require(markdown.split(separator: "\n").first { $0.hasPrefix("  z_{1}^{(1)} &=") })
        let continuation = try #require(markdown.split(separator: "\n").first { $0.contains("{} + 0.") || $0.contains("{} + (-") })
        let terms = (line + " " + continuation).matches(of: /\(?(-?[0-9.]+)\)? \\cdot \(?(-?[0-9.]+)\)?/)
        #expect(terms.count == 4)
        let layer = blog.network.layers[0].dense!
        for (i, term) in terms.enumerated() {
            try ExplainParsing.expectRounded(String(term.1), layer.weight(from: i, to: 0))
            try ExplainParsing.expectRounded(String(term.2), blog.raw[i])
        }
        let result = try #require(continuation.firstMatch(of: /= (-?[0-9.]+)( \\\\)?$/))
        try ExplainParsing.expectRounded(String(result.1), blog.network.trace(blog.raw).layers[0].z[0])
    }

    /// One small step of gradient descent lowers the loss on the same input, and the text says so.
    @Test(arguments: [0.001, 0.01, 0.05] as [Float], [0, 1, 7])
    func lossFallsForSmallLearningRates(rate: Float, row: Int) throws {
        let blog = try BlogCase(row: row, learningRate: rate)
        let label = blog.label
        var request = blog.request
        request.target = label
        let step = blog.network.gradientStep(input: blog.raw, target: [Float(Int(label) ?? 0)], loss: .binaryCrossEntropy,
                                             learningRate: rate)
        #expect(step.lossAfter < step.lossBefore)
        let markdown = try Explanation(request).rendered(as: .markdown)
        #expect(markdown.contains("The loss fell"))
        let before = try #require(markdown.firstMatch(of: /\n  L &= (-?[0-9.]+(?: \\times 10\^\{-?\d+\})?)/))
        let after = try #require(markdown.firstMatch(of: /\n  L' &= (-?[0-9.]+(?: \\times 10\^\{-?\d+\})?)/))
        try ExplainParsing.expectRounded(String(before.1), step.lossBefore)
        try ExplainParsing.expectRounded(String(after.1), step.lossAfter)
    }

    /// A huge learning rate overshoots; the explanation must not claim the loss fell.
    @Test func hugeLearningRateIsReportedHonestly() throws {
        let blog = try BlogCase(learningRate: 500)
        let step = blog.network.gradientStep(input: blog.raw, target: blog.target, loss: .binaryCrossEntropy, learningRate: 500)
        let text = try Explanation(blog.request).rendered(as: .text)
        if step.lossAfter > step.lossBefore {
            #expect(text.contains("The loss rose"))
        } else {
            #expect(!text.contains("The loss rose"))
        }
        #expect(step.lossAfter != step.lossBefore)
    }

    @Test func htmlIsWellFormedMathMLWithoutScript() throws {
        let html = try Explanation(BlogCase().request).rendered(as: .html)
        let document = try XMLDocument(data: Data(html.utf8), options: [])
        let maths = try document.nodes(forXPath: "//*[local-name()='math']")
        #expect(maths.count > 50)
        #expect(try document.nodes(forXPath: "//*[local-name()='script']").isEmpty)
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") || html.components(separatedBy: "http://").count - 1 == html.components(separatedBy: "xmlns=\"http://").count - 1,
                "the only URLs are XML namespaces")
        #expect(try document.nodes(forXPath: "//*[local-name()='table'][@class='values']").count >= 7)
        let ids = try document.nodes(forXPath: "//*[local-name()='h2']/@id").compactMap(\.stringValue)
        #expect(ids == ["explain-input", "explain-layer-1", "explain-layer-2", "explain-layer-3", "explain-output", "explain-loss",
                        "explain-backpropagation", "explain-update"])
        let fragment = try Explanation(BlogCase().request).rendered(as: .html, fragment: true)
        #expect(fragment.hasPrefix("<section class=\"nnviz-explanation\">"))
        _ = try XMLDocument(data: Data(fragment.utf8), options: [])
    }

    @Test func userNamesAreEscapedEverywhere() throws {
        var model = Model(inputSize: 2, layers: [(3, .tanh), (1, .sigmoid)], name: "<b>\"net\" & co</b>")
        model.featureNames = ["<script>alert(1)</script>", "a_b & $c$ | 50%"]
        model.classNames = ["no</td>", "yes & <i>maybe</i>"]
        let network = try model.network(seed: 3)
        let request = ExplanationRequest(model: model, network: network, rawInput: [0.5, -1.5], inputDescription: "a test <input>",
                                         target: "yes & <i>maybe</i>", learningRate: 0.1, seed: 3)
        let explanation = try Explanation(request)
        let html = explanation.rendered(as: .html)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<i>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        _ = try XMLDocument(data: Data(html.utf8), options: [])
        let latex = explanation.rendered(as: .latex)
        #expect(latex.contains("a\\_b \\& \\$c\\$ | 50\\%"))
        try ExplainParsing.expectBalancedLaTeX(latex)
        let markdown = explanation.rendered(as: .markdown)
        #expect(markdown.contains("\\<script\\>"))
        #expect(markdown.contains("a\\_b & \\$c\\$ \\| 50%"))
    }

    /// Every layer is a step, those without weights with their maths; the gradient step is NNCore's.
    @Test func batchNormalizationDropoutAndActivationLayersAreSteps() throws {
        let request = try ExplainFixtures.layersRequest()
        let markdown = try Explanation(request).rendered(as: .markdown)
        for title in ["Layer 2: bn (batch normalisation)", "Layer 3: dropout (dropout, rate 0.25)", "Layer 5: leaky (activation, leaky\\_relu)",
                      "Layer 8: softmax (activation, softmax)", "Backpropagation and one step of gradient descent"] {
            #expect(markdown.contains(title), "no section \(title)")
        }
        #expect(markdown.contains("Dropout is the identity when the network predicts"))
        let network = request.network
        let trace = network.trace(request.rawInput)
        // a₁⁽²⁾ = γ₁(a₁⁽¹⁾ − μ₁)/√(σ₁² + ε) + β₁, with the value the network computed.
        let match = try #require(markdown.firstMatch(of: /a_\{1\}\^\{\(2\)\} &= .* = (-?[0-9.]+) \\\\/))
        try ExplainParsing.expectRounded(String(match.1), trace.layers[1].a[0])
        let step = network.gradientStep(input: request.rawInput, target: [0, 0, 1], loss: .categoricalCrossEntropy, learningRate: 0.01)
        #expect(markdown.contains("The loss fell") == (step.lossAfter < step.lossBefore))
        try ExplainParsing.expectBalancedLaTeX(try Explanation(request).rendered(as: .latex))
    }

    @Test func latexIsBalanced() throws {
        let explanation = try Explanation(BlogCase().request)
        let latex = explanation.rendered(as: .latex)
        #expect(latex.hasPrefix("\\documentclass"))
        #expect(latex.hasSuffix("\\end{document}\n"))
        try ExplainParsing.expectBalancedLaTeX(latex)
        let fragment = explanation.rendered(as: .latex, fragment: true)
        #expect(!fragment.contains("\\documentclass"))
        #expect(!fragment.contains("\\begin{document}"))
        try ExplainParsing.expectBalancedLaTeX(fragment)
    }

    /// The blog's dense network, and a network with batch normalisation, dropout and activation layers.
    static func latexCases() throws -> [String] {
        [try Explanation(BlogCase().request).rendered(as: .latex), try Explanation(ExplainFixtures.layersRequest()).rendered(as: .latex)]
    }

    @Test(.enabled(if: ExplainFixtures.executable("pdflatex") != nil, "pdflatex is not installed (make test installs it)"),
          arguments: 0..<2)
    func latexCompilesWithPdflatex(example: Int) throws {
        let latex = try Self.latexCases()[example]
        let pdflatex = try #require(ExplainFixtures.executable("pdflatex"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnviz-explain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try latex.write(to: folder.appendingPathComponent("explain.tex"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: pdflatex)
        process.arguments = ["-interaction=nonstopmode", "-halt-on-error", "explain.tex"]
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "pdflatex failed; see the log in \(folder.path)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("explain.pdf").path))
    }

    @Test func textUsesUnicodeAndAlignsColumns() throws {
        let text = try Explanation(BlogCase().request).rendered(as: .text)
        #expect(text.contains("z₁⁽¹⁾"))
        #expect(text.contains("Σᵢ₌₁⁴"))
        #expect(text.contains("W⁽¹⁾ ∈ ℝ⁸ˣ⁴"))
        #expect(!text.contains("\\"))
        let lines = text.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.contains("Layer 1 (dense): weighted sums and activations") })
        let table = lines[(start + 1)...].prefix { !$0.isEmpty }
        #expect(table.count == 7)
        #expect(Set(table.map(\.count)).count == 1, "every row of a table with a numeric last column ends in the same column")
    }

    /// A 784-1024-10 model is summarised, not printed as a wall of numbers.
    @Test func wideLayersAreSummarised() throws {
        let model = try ModelFile.load(path: ExplainFixtures.path("keras/mnist_784_1024_10_keras3.json"))
        let network = try model.network(seed: 0)
        let input = (0..<784).map { Float($0 % 17) / 17 }
        let request = ExplanationRequest(model: model, network: network, rawInput: input, inputDescription: "a test input",
                                         target: "3", learningRate: 0.01, maxNeurons: 3, precision: 3, seed: 0)
        let text = try Explanation(request).rendered(as: .text)
        #expect(text.contains("Neurons 4 to 1024 (1021 more)"))
        #expect(text.contains("⋯"))
        #expect(text.components(separatedBy: "\n").count < 400)
        #expect(text.count < 40_000)
    }

    /// Every activation's definition is written, and its values are the core's, in every format.
    @Test(arguments: Activation.allCases)
    func everyActivationIsExplained(activation: Activation) throws {
        let model = Model(inputSize: 3, layers: [(5, activation), (1, .sigmoid)])
        let network = try model.network(seed: 11)
        let input: [Float] = [0.4, -1.1, 2.3]
        let request = ExplanationRequest(model: model, network: network, rawInput: input, inputDescription: "a test input",
                                         target: "1", learningRate: 0.01)
        let explanation = try Explanation(request)
        let markdown = explanation.rendered(as: .markdown)
        let rows = try ExplainParsing.table(after: "Layer 1 (dense): weighted sums and activations", in: markdown)
        #expect(rows.count == 5, "a single neuron past --max-neurons is written, not summarised")
        let trace = network.trace(input)
        for (j, row) in rows.enumerated() {
            try ExplainParsing.expectRounded(row[1], trace.layers[0].z[j])
            try ExplainParsing.expectRounded(row[2], trace.layers[0].a[j])
        }
        let escapedName = activation.rawValue.replacingOccurrences(of: "_", with: "\\_")
        #expect(markdown.contains("here \(escapedName):") || activation == .softmax)
        _ = try XMLDocument(data: Data(explanation.rendered(as: .html).utf8), options: [])
        try ExplainParsing.expectBalancedLaTeX(explanation.rendered(as: .latex))
        #expect(!explanation.rendered(as: .text).isEmpty)
    }

    @Test func softmaxClassifierShowsProbabilitiesAndCrossEntropy() throws {
        var model = Model(inputSize: 3, layers: [(5, .relu), (3, .softmax)], name: "flowers")
        model.classNames = ["setosa", "versicolor", "virginica"]
        let network = try model.network(seed: 7)
        let input: [Float] = [0.3, -1.2, 2.0]
        let request = ExplanationRequest(model: model, network: network, rawInput: input, inputDescription: "a test input",
                                         target: "virginica", learningRate: 0.01)
        let markdown = try Explanation(request).rendered(as: .markdown)
        let trace = network.trace(input)
        let rows = try ExplainParsing.table(after: "Output: class probabilities", in: markdown)
        #expect(rows.map { $0[1] } == ["setosa", "versicolor", "virginica"])
        for (k, row) in rows.enumerated() {
            try ExplainParsing.expectRounded(row[2], trace.layers[1].z[k])
            try ExplainParsing.expectRounded(row[3], trace.output[k])
        }
        let loss = try #require(markdown.firstMatch(of: /= -\\ln\((-?[0-9.]+)\) = (-?[0-9.]+)/))
        try ExplainParsing.expectRounded(String(loss.1), trace.output[2])
        try ExplainParsing.expectRounded(String(loss.2), network.backward(trace, target: [0, 0, 1], loss: .categoricalCrossEntropy).loss)
        #expect(markdown.contains("\\frac{e^{z_{k}^{(2)}}}{\\sum_{j}e^{z_{j}^{(2)}}}"))
    }

    /// A softmax hidden layer sends the error back through its Jacobian, not through an element-wise f′.
    @Test func softmaxHiddenLayerUsesItsJacobian() throws {
        var model = Model(inputSize: 2, layers: [(3, .softmax), (3, .softmax)])
        model.classNames = ["cat", "dog", "eel"]
        let network = try model.network(seed: 0)
        let request = ExplanationRequest(model: model, network: network, rawInput: [1, 2], inputDescription: "a test input", target: "dog")
        let markdown = try Explanation(request).rendered(as: .markdown)
        let pass = network.backward(network.trace([1, 2]), target: [0, 1, 0], loss: .categoricalCrossEntropy)
        let rows = markdown.matches(of: /\n  \\delta_\{(\d)\}\^\{\(1\)\} &= ([-0-9.]+) \\cdot \(([-0-9.]+) - \(?([-0-9.]+)\)?\) = ([-0-9.]+)/)
        #expect(rows.count == 3)
        for row in rows {
            let j = Int(row.1)! - 1
            let (a, g, dot, delta) = (Double(row.2)!, Double(row.3)!, Double(row.4)!, Double(row.5)!)
            #expect(abs(a * (g - dot) - delta) < 1e-3)
            try ExplainParsing.expectRounded(String(row.5), pass.layers[0].z[j])
        }
        #expect(!markdown.contains("\\odot f'(z^{(1)})"))
    }

    @Test func regressionShowsMeanSquaredError() throws {
        let model = Model(inputSize: 2, layers: [(3, .tanh), (1, .linear)])
        let network = try model.network(seed: 1)
        let request = ExplanationRequest(model: model, network: network, rawInput: [1, 2], inputDescription: "a test input",
                                         target: "0.25", learningRate: 0.01)
        let text = try Explanation(request).rendered(as: .text)
        let trace = network.trace([1, 2])
        let expected = network.backward(trace, target: [0.25], loss: .meanSquaredError).loss
        let loss = try #require(text.firstMatch(of: /\] = (−?[0-9.]+)/))
        try ExplainParsing.expectRounded(String(loss.1), expected)
        #expect(text.contains("(ŷₖ − yₖ)²"))
    }

    @Test func normalisedInputsAreShownBeforeAndAfter() throws {
        var model = Model(inputSize: 2, layers: [(2, .relu), (1, .sigmoid)])
        model.normalization = Normalization(method: .standard, offset: [10, -2], scale: [4, 0.5])
        let network = try model.network(seed: 2)
        let request = ExplanationRequest(model: model, network: network, rawInput: [12, -1], inputDescription: "a test input")
        let markdown = try Explanation(request).rendered(as: .markdown)
        let rows = try ExplainParsing.table(after: "Input values", in: markdown)
        try ExplainParsing.expectRounded(rows[0][3], Float(0.5))
        try ExplainParsing.expectRounded(rows[1][3], Float(2))
        #expect(markdown.contains("{x'}_{1} &= \\frac{12.00 - 10.00}{4.000} = 0.5000"))
        #expect(markdown.contains("Give the expected output with --target"))
    }

    @Test(arguments: ["7", "cat", "0.5x"])
    func targetThatIsNotAClassIsRejected(label: String) throws {
        var request = try BlogCase().request
        request.target = label
        #expect(throws: ExplainError.self) { try Explanation(request) }
    }

    @Test func markdownFragmentStartsOneLevelDown() throws {
        let explanation = try Explanation(BlogCase().request)
        let whole = explanation.rendered(as: .markdown)
        let fragment = explanation.rendered(as: .markdown, fragment: true)
        #expect(whole.hasPrefix("# How"))
        #expect(fragment.hasPrefix("## How"))
        #expect(fragment.contains("\n### 1. Input layer\n"))
        #expect(fragment.contains("\n#### Weighted sum\n"))
        #expect(fragment == "#" + whole.replacingOccurrences(of: "\n#", with: "\n##"))
    }

    @Test func sameInputGivesTheSameBytes() throws {
        let request = try BlogCase().request
        for format in ExplanationFormat.allCases {
            #expect(try Explanation(request).rendered(as: format) == Explanation(request).rendered(as: format))
        }
    }

    @Test func roundingKeepsSignificantDigits() {
        let plain = RoundedNumber(0.636962, digits: 4)
        #expect(!plain.negative && plain.mantissa == "0.6370" && plain.exponent == nil)
        let small = RoundedNumber(-0.0000123456, digits: 3)
        #expect(small.negative && small.mantissa == "1.23" && small.exponent == -5)
        #expect(RoundedNumber(9.99996, digits: 4).mantissa == "10.00")
        #expect(RoundedNumber(123456.7, digits: 2).mantissa == "123457")
        #expect(RoundedNumber(0, digits: 4).mantissa == "0")
    }
}

/// Golden files of the blog model's explanation in every format: re-recorded with NNVIZ_RECORD=1, and a
/// recording run fails so that it can never pass by accident.
@Suite struct ExplainGoldenTests {
    @Test(arguments: ExplanationFormat.allCases)
    func blogModelMatchesGoldenFile(format: ExplanationFormat) throws {
        let output = try Explanation(BlogCase().request).rendered(as: format)
        let name = ["text": "txt", "markdown": "md", "html": "html", "latex": "tex"][format.rawValue] ?? format.rawValue
        try expectGolden(output, "golden/explain/blog_model.row1.\(name)")
    }

    @Test func untrainedSeededModelMatchesGoldenFile() throws {
        let model = try ModelFile.load(path: ExplainFixtures.path("blog_model.json"))
        let network = try model.network(seed: 0)
        let request = ExplanationRequest(model: model, network: network, rawInput: [0.1, 0.5, 0.9, 0.3], inputDescription: "the input 0.1,0.5,0.9,0.3",
                                         target: "0", learningRate: 0.1, seed: 0)
        try expectGolden(Explanation(request).rendered(as: .text), "golden/explain/blog_model.seed0.txt")
    }
}

enum ExplainFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ name: String) -> String { root.appendingPathComponent("Fixtures/\(name)").path }

    /// The Keras model with batch normalisation, dropout, leaky ReLU and softmax layers, for one input and a target.
    static func layersRequest() throws -> ExplanationRequest {
        let model = try ModelFile.load(path: path("layers/bn_dropout_trained.json"))
        return ExplanationRequest(model: model, network: try model.network(), rawInput: [1, 2, 0.5, 3, -1],
                                  inputDescription: "the input 1,2,0.5,3,-1", target: "2")
    }

    static func executable(_ name: String) -> String? {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return folders.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

enum ExplainParsing {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func stripMath(_ cell: String) -> String {
        cell.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "$"))
    }

    /// The body rows of the Markdown table under the bold caption `caption`, split into cells.
    static func table(after caption: String, in markdown: String) throws -> [[String]] {
        let lines = markdown.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "**\(caption)**") else { throw Failure(description: "no table '\(caption)'") }
        let rows = lines[(start + 2)...].prefix { $0.hasPrefix("|") }.dropFirst(2)
        return rows.map { line in
            line.dropFirst().dropLast().components(separatedBy: " | ").map { $0.trimmingCharacters(in: .whitespaces) }
        }
    }

    /// A number as the LaTeX writer writes it: `-0.5`, `3.2 \times 10^{-5}`, inside `$…$` or not.
    static func number(_ text: String) throws -> Double {
        let cell = stripMath(text)
        if let match = cell.wholeMatch(of: /(-?[0-9.]+) \\times 10\^\{(-?\d+)\}/) {
            guard let mantissa = Double(match.1), let exponent = Double(match.2) else { throw Failure(description: "bad number \(text)") }
            return mantissa * Foundation.pow(10, exponent)
        }
        guard let value = Double(cell.replacingOccurrences(of: "−", with: "-")) else { throw Failure(description: "not a number: '\(text)'") }
        return value
    }

    /// Checks that `text` is `actual` rounded to its significant digits: the difference is at most half a
    /// unit in the last written digit.
    static func expectRounded(_ text: String, _ actual: Float, digits: Int = 4, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let value = try number(text)
        let cell = stripMath(text)
        let mantissa = String(cell.split(separator: " ").first ?? "")
        let decimals = mantissa.split(separator: ".").dropFirst().first?.count ?? 0
        var unit = Foundation.pow(10, -Double(decimals))
        if let match = cell.firstMatch(of: /10\^\{(-?\d+)\}/), let exponent = Double(match.1) { unit *= Foundation.pow(10, exponent) }
        #expect(abs(value - Double(actual)) <= unit / 2 * 1.0001 + 1e-12,
                "'\(text)' is not \(actual) rounded to its last digit", sourceLocation: sourceLocation)
        if actual != 0, abs(actual) >= 1e-4 {
            let significant = mantissa.filter(\.isNumber).drop { $0 == "0" }.count
            #expect(significant >= digits || abs(value) >= 1_000_000, "'\(text)' has fewer than \(digits) significant digits", sourceLocation: sourceLocation)
            #expect(significant <= digits || abs(value) >= 1, "'\(text)' has more than \(digits) significant digits", sourceLocation: sourceLocation)
        }
    }

    static func expectRounded(_ text: String, _ actual: Double, digits: Int = 4, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try expectRounded(text, Float(actual), digits: digits, sourceLocation: sourceLocation)
    }

    /// Braces balance (ignoring escaped ones) and every \begin{…} is closed by its \end{…} in order.
    static func expectBalancedLaTeX(_ latex: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        var depth = 0
        var previous: Character = " "
        for character in latex {
            if previous != "\\" {
                if character == "{" { depth += 1 }
                if character == "}" { depth -= 1 }
                #expect(depth >= 0, "a } closes nothing", sourceLocation: sourceLocation)
                if depth < 0 { return }
            }
            previous = previous == "\\" && character == "\\" ? " " : character
        }
        #expect(depth == 0, "unbalanced braces", sourceLocation: sourceLocation)
        var stack: [String] = []
        for match in latex.matches(of: /\\(begin|end)\{([a-z*]+)\}/) {
            if match.1 == "begin" {
                stack.append(String(match.2))
            } else {
                #expect(stack.popLast() == String(match.2), "\\end{\(match.2)} does not close the open environment", sourceLocation: sourceLocation)
            }
        }
        #expect(stack.isEmpty, "unclosed environments \(stack)", sourceLocation: sourceLocation)
        let lines = latex.components(separatedBy: "\n")
        let displays = lines.filter { $0 == "\\[" }.count - lines.filter { $0 == "\\]" }.count
        #expect(displays == 0, "\\[ and \\] do not pair up", sourceLocation: sourceLocation)
    }
}
