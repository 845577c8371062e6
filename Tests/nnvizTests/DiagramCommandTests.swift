import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// A trained 4-3-1 model in nnviz's format, small enough to write out in a test.
private let trainedModel = """
    {"input_dim": 4, "features": ["a", "b", "c", "d"], "classes": ["no", "yes"], "layers": [
     {"units": 3, "activation": "relu", "weights": [[0.5, -1, 0.25, 2], [1, 1, -1, 0], [-0.5, 0.75, 1.5, -2]], "bias": [0, 0.5, -0.25]},
     {"units": 1, "activation": "sigmoid", "weights": [[1.5, -2, 0.5]], "bias": [0.1]}]}
    """

@Suite struct DiagramCommandTests {
    /// A fresh folder holding the trained model as model.json.
    func folderWithModel() throws -> URL {
        let folder = try temporaryFolder()
        try trainedModel.write(to: folder.appendingPathComponent("model.json"), atomically: true, encoding: .utf8)
        return folder
    }

    func files(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func defaultIsALayerPNGNamedAfterTheModel() throws {
        let folder = try temporaryFolder()
        let result = try nnviz(["diagram", fixture("blog_model.json")], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let png = try #require(FileManager.default.contents(atPath: folder.appendingPathComponent("blog_model.png").path))
        #expect(Array(png.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        #expect(try files(in: folder) == ["blog_model.png"])
    }

    /// The command loads Graphviz and the fonts on a second thread while it parses its arguments; the
    /// picture is still the docs' one, byte for byte.
    @Test func theBlogDiagramIsTheDocsPicture() throws {
        let folder = try temporaryFolder()
        let result = try nnviz(["diagram", fixture("blog_model.json"), "-o", "d.png"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let docs = packageRoot.appendingPathComponent("docs/images/diagram-blog-layers.png").path
        #expect(FileManager.default.contents(atPath: folder.appendingPathComponent("d.png").path) == FileManager.default.contents(atPath: docs))
    }

    /// An HDF5 model is read in a forked child process first; the fork waits for the warm-up thread.
    @Test(arguments: ["blog.h5", "blog.keras"])
    func anHDF5ModelIsDrawnWhileGraphvizWarmsUp(file: String) throws {
        let folder = try temporaryFolder()
        for _ in 0..<3 {
            let result = try nnviz(["diagram", fixture("import/" + file), "-o", "d.png"], in: folder)
            #expect(result.status == 0, "\(result.stderr)")
            let png = FileManager.default.contents(atPath: folder.appendingPathComponent("d.png").path)
            #expect(png.map { Array($0.prefix(4)) } == [0x89, 0x50, 0x4E, 0x47])
        }
    }

    @Test(arguments: ["png", "svg", "pdf", "dot"])
    func formatFollowsTheExtension(format: String) throws {
        let folder = try folderWithModel()
        let result = try nnviz(["diagram", "--style", "neurons", "-o", "n.\(format)"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let data = try #require(FileManager.default.contents(atPath: folder.appendingPathComponent("n.\(format)").path))
        let signatures: [String: [UInt8]] = ["png": [0x89, 0x50, 0x4E, 0x47], "svg": Array("<?xml".utf8), "pdf": Array("%PDF-".utf8),
                                             "dot": Array("digraph nnviz {".utf8)]
        #expect(data.starts(with: signatures[format] ?? []))
        #expect(try files(in: folder) == ["model.json", "n.\(format)"])
    }

    @Test func svgToStandardOutput() throws {
        let result = try nnviz(["diagram", fixture("keras/two_inputs_keras3.json"), "--show-math", "-o", "-"])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try XMLDocument(data: Data(result.stdout.utf8))
        #expect(document.rootElement()?.attributes?.contains { $0.name == "viewBox" } == true)
        #expect(result.stdout.contains("categorical_dense"))
    }

    @Test func dotToStandardOutput() throws {
        let result = try nnviz(["diagram", fixture("blog_model.json"), "--format", "dot", "-o", "-", "--rankdir", "lr"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("digraph nnviz {"))
        #expect(result.stdout.contains("rankdir=LR"))
    }

    @Test func neuronsWithAnInputRow() throws {
        let folder = try folderWithModel()
        try "a,b,c,d,label\n1,2,3,4,yes\n0.5,0,-1,2,no\n".write(to: folder.appendingPathComponent("rows.csv"), atomically: true,
                                                                  encoding: .utf8)
        let result = try nnviz(["diagram", "--style", "neurons", "--input", "rows.csv", "--row", "2", "--show-bias",
                                "--format", "dot", "-o", "-"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        // The caption wraps, so its words are looked for one by one.
        #expect(result.stdout.contains("for row 2 of") && result.stdout.contains("rows.csv"))
        // Row 2 is (0.5, 0, −1, 2): the first hidden neuron (numbered 1) has z = 0.25 + 0 − 0.25 + 4 + 0 = 4.
        #expect(result.stdout.contains("<font point-size=\"7\">1</font><br/>4>"))
        #expect(result.stdout.contains("p(yes)"))
    }

    @Test func untrainedModelGetsANote() throws {
        let folder = try temporaryFolder()
        let result = try nnviz(["diagram", fixture("blog_model.json"), "--style", "neurons", "-o", "n.svg"], in: folder)
        #expect(result.status == 0)
        #expect(result.stderr.contains("has no trained weights"))
        #expect(try files(in: folder) == ["n.svg"])
    }

    @Test func sameCommandSameBytes() throws {
        let folder = try folderWithModel()
        for name in ["one.png", "two.png"] {
            let result = try nnviz(["diagram", "--style", "neurons", "--input", "1,2,3,4", "-o", name], in: folder)
            #expect(result.status == 0, "\(result.stderr)")
        }
        let one = FileManager.default.contents(atPath: folder.appendingPathComponent("one.png").path)
        #expect(one != nil && one == FileManager.default.contents(atPath: folder.appendingPathComponent("two.png").path))
    }

    @Test(arguments: [
        (["missing.json"], "missing.json: no such file"),
        (["model.json", "-o", "model.jpg"], "model.jpg: cannot tell the format"),
        (["model.json", "-o", "no/such/folder/model.png"], "does not exist"),
        (["model.json", "-o", "folder.png"], "folder.png: cannot write: it is a folder"),
        (["model.json", "-o", "-", "--format", "png"], "PNG cannot go to standard output"),
        (["model.json", "--style", "neurons", "--input", "1,2,3", "-o", "x.png"], "has 3 values but the model expects 4"),
        (["model.json", "--style", "neurons", "--input", "rows.csv", "--row", "5", "-o", "x.png"], "--row 5 is past the end"),
        ([fixture("keras/cnn_keras3.json"), "--style", "neurons", "-o", "x.png"], "use --style layers"),
    ])
    func badInputFailsCleanly(arguments: [String], mention: String) throws {
        let folder = try folderWithModel()
        try "a,b,c,d\n1,2,3,4\n".write(to: folder.appendingPathComponent("rows.csv"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("folder.png"), withIntermediateDirectories: false)
        let before = try files(in: folder)
        expectCleanFailure(try nnviz(["diagram"] + arguments, in: folder), mentioning: mention)
        #expect(try files(in: folder) == before, "a failed command left a file behind")
    }

    @Test func optionsOfTheOtherViewAreRejected() throws {
        let result = try nnviz(["diagram", fixture("blog_model.json"), "--input", "1,2,3,4", "-o", "-"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--style neurons"))
        #expect(result.stdout.isEmpty)
    }
}

@Suite struct DiagramBitmapLimitTests {
    @Test func aPNGPastCairosLimitIsRefusedBeforeRendering() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let layers = Array(repeating: #"{"units": 12, "activation": "relu"}"#, count: 20) + [#"{"units": 1, "activation": "sigmoid"}"#]
        let model = folder.appendingPathComponent("deep.json")
        try #"{"input_dim": 4, "layers": [\#(layers.joined(separator: ", "))]}"#.write(to: model, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("deep.png").path
        let result = try nnviz(["diagram", model.path, "--style", "neurons", "--dpi", "1200", "-o", output])
        expectCleanFailure(result, mentioning: "more than the 32,767 a side that a PNG can have; give --dpi")
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["deep.json"])
    }
}
