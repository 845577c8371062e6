import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import NNCore
import Testing
@testable import NNRender

@Suite struct GraphvizRendererTests {
    func blogDOT(_ options: DiagramOptions = DiagramOptions()) throws -> String {
        DOTWriter.write(try ModelDiagram.describe(try DiagramFixtures.model("blog_model.json"), options: options))
    }

    func emptyFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nnviz-diagram-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func pngHasSignatureAndSize() throws {
        let png = try GraphvizRenderer.render(try blogDOT(DiagramOptions(dpi: 144)), format: .png)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(png.count > 5_000)
        // IHDR: width and height, big-endian, at bytes 16…23.
        let bytes = [UInt8](png)
        let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width > 200 && height > 600 && height > width)
        // Colour type 2: RGB, no alpha channel, though the page is not a whole number of pixels.
        #expect(bytes[25] == 2)
    }

    /// The part of the last row and column of pixels that Graphviz's background leaves transparent
    /// goes onto the background colour, in Cairo's premultiplied ARGB32; a page whose first pixel is
    /// not opaque is left as it is.
    @Test func partlyTransparentPixelsGoOntoTheBackground() {
        #expect(PixelDevice.over(0x9999_9999, 0xFFFF_FFFF) == 0xFFFF_FFFF)
        #expect(PixelDevice.over(0x0000_0000, 0xFF0D_1117) == 0xFF0D_1117)
        // 60 % of #0D1117 (premultiplied 08 0A 0E) over itself, and half-transparent red over white.
        #expect(PixelDevice.over(0x9908_0A0E, 0xFF0D_1117) == 0xFF0D_1117)
        #expect(PixelDevice.over(0x8080_0000, 0xFFFF_FFFF) == 0xFFFF_7F7F)
        var page: [UInt32] = [0xFFFF_FFFF, 0x9999_9999, 0x8080_0000, 0xFF00_0000]
        #expect(page.withUnsafeMutableBufferPointer { PixelDevice.flattenOntoBackground($0.baseAddress!, width: 2, height: 2) })
        #expect(page == [0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_7F7F, 0xFF00_0000])
        // A page wider than one group of sixteen, its translucent pixels in the second group.
        var wide = [UInt32](repeating: 0xFFFF_FFFF, count: 40)
        wide[17] = 0x9999_9999
        wide[39] = 0x0000_0000
        #expect(wide.withUnsafeMutableBufferPointer { PixelDevice.flattenOntoBackground($0.baseAddress!, width: 20, height: 2) })
        #expect(wide.allSatisfy { $0 == 0xFFFF_FFFF })
        var clear: [UInt32] = [0x0000_0000, 0x8080_0000]
        #expect(!clear.withUnsafeMutableBufferPointer { PixelDevice.flattenOntoBackground($0.baseAddress!, width: 2, height: 1) })
        #expect(clear == [0x0000_0000, 0x8080_0000])
    }

    @Test(arguments: [DiagramOptions.Style.layers, .neurons])
    func svgIsValidWithSizeAndText(style: DiagramOptions.Style) throws {
        let svg = try GraphvizRenderer.render(try blogDOT(DiagramOptions(style: style)), format: .svg)
        let document = try XMLDocument(data: svg)
        let root = try #require(document.rootElement())
        #expect(root.name == "svg")
        // (FoundationXML's attribute(forName:) misses attributes under a default namespace; the list has them.)
        let attributes = Dictionary((root.attributes ?? []).map { ($0.name ?? "", $0.stringValue ?? "") }) { first, _ in first }
        #expect(attributes["width"]?.hasSuffix("pt") == true)
        #expect(attributes["height"]?.hasSuffix("pt") == true)
        #expect(attributes["viewBox"]?.split(separator: " ").count == 4)
        let texts = try document.nodes(forXPath: "//*[local-name()='text']").compactMap(\.stringValue)
        #expect(texts.contains(style == .layers ? "dense_2" : "x4"))
    }

    /// Laid out by Graphviz, each column's boxes are exactly as wide as its widest box, in points
    /// (Graphviz gives widths in inches to five digits, so they are compared to a hundredth of a point).
    @Test func columnsAreOneWidthOnceLaidOut() throws {
        func points(_ widths: [String: Double], _ ids: [String]) -> [Double] { ids.map { ((widths[$0] ?? 0) * 100).rounded() / 100 } }
        let cnn = LayerDiagram.describe(try DiagramFixtures.model("keras/cnn_keras3.json"), options: DiagramOptions())
        let ids = cnn.nodes.map(\.id)
        let natural = try GraphvizRenderer.nodeWidths(DOTWriter.write(cnn))
        #expect(Set(points(natural, ids)).count > 2, "the boxes were ragged: \(natural)")
        let laidOut = try GraphvizRenderer.nodeWidths(try GraphvizRenderer.dot(for: cnn))
        #expect(points(laidOut, ids) == Array(repeating: 257, count: 8))
        #expect(points(laidOut, ["l0"]) == [points(natural, ids).max()])

        let residual = LayerDiagram.describe(try DiagramFixtures.model("keras/residual_keras3.json"), options: DiagramOptions())
        let widths = try GraphvizRenderer.nodeWidths(try GraphvizRenderer.dot(for: residual))
        #expect(points(widths, ["i0", "l0", "l6", "l7"]) == [219, 219, 219, 219])
        #expect(points(widths, ["l1", "l2", "l3"]) == [159, 159, 159])
        // The same diagram gives the same text.
        #expect(try GraphvizRenderer.dot(for: residual) == GraphvizRenderer.dot(for: residual))
    }

    /// A merge's formula names its inputs by layer; a name made of markup reaches every format as text.
    @Test func mergeFormulaNamesAreEscaped() throws {
        var model = try DiagramFixtures.model("keras/residual_keras3.json")
        let hostile = "a<b>&\"c\\N"
        for index in model.layers.indices {
            if model.layers[index].name == "side" { model.layers[index].name = hostile }
            model.layers[index].inbound = model.layers[index].inbound.map { $0 == "side" ? hostile : $0 }
        }
        let dot = DOTWriter.write(LayerDiagram.describe(model, options: DiagramOptions(showMath: true)))
        #expect(dot.contains("a = [residual; a&lt;b&gt;&amp;&quot;c\\\\N]"))
        let document = try XMLDocument(data: try GraphvizRenderer.render(dot, format: .svg))
        let texts = try document.nodes(forXPath: "//*[local-name()='text']").compactMap(\.stringValue)
        #expect(texts.contains("a = [residual; \(hostile)]"))
        for format in [DiagramFormat.png, .pdf] {
            #expect(try GraphvizRenderer.render(dot, format: format).count > 1_000)
        }
    }

    /// Text is measured and drawn by nnviz's own plug-in with Cairo: a diagram in any format never
    /// loads Graphviz's Pango plug-in (nor Pango, whose loading was most of a small diagram's time),
    /// and bold text is measured in the bold face.
    @Test func diagramsNeverLoadPango() throws {
        let dot = try blogDOT()
        for format in [DiagramFormat.png, .pdf, .svg] { _ = try GraphvizRenderer.render(dot, format: format) }
        #expect(folderOfLoadedLibrary(named: "libpango") == nil, "a diagram loaded Pango")
        #expect(folderOfLoadedLibrary(named: "libgvplugin_pango") == nil)
        #expect(folderOfLoadedLibrary(named: "libcairo.") != nil)

        let plain = try GraphvizRenderer.nodeWidths("digraph { a [shape=none margin=0 fontname=\"DejaVu Sans\" label=<dense_1 (Dense)>] }")
        let bold = try GraphvizRenderer.nodeWidths("digraph { a [shape=none margin=0 fontname=\"DejaVu Sans\" label=<<b>dense_1 (Dense)</b>>] }")
        let plainWidth = try #require(plain["a"])
        let boldWidth = try #require(bold["a"])
        #expect(plainWidth > 80 && plainWidth < 130, "14-point text of 15 characters: \(plainWidth) points")
        #expect(boldWidth > plainWidth)
    }

    @Test func pdfHasHeaderAndEnd() throws {
        let pdf = try GraphvizRenderer.render(try blogDOT(), format: .pdf)
        #expect(pdf.starts(with: Data("%PDF-".utf8)))
        #expect(String(decoding: pdf.suffix(8), as: UTF8.self).contains("%%EOF"))
        #expect(String(decoding: pdf, as: UTF8.self).contains("/CreationDate (20000101000000Z)"))
    }

    @Test(arguments: DiagramFormat.allCases)
    func sameInputSameBytes(format: DiagramFormat) throws {
        let dot = try blogDOT(DiagramOptions(style: .neurons, dpi: format == .png ? 96 : nil))
        #expect(try GraphvizRenderer.render(dot, format: format) == GraphvizRenderer.render(dot, format: format))
    }

    @Test func aWarmUpChangesNoByteOfTheDiagram() throws {
        let dot = try blogDOT(DiagramOptions(dpi: 144))
        let before = try GraphvizRenderer.render(dot, format: .png)
        // The warm-up runs on its own thread while this one renders: the Graphviz lock keeps them apart.
        GraphvizWarmUp.start()
        let during = try GraphvizRenderer.render(dot, format: .png)
        GraphvizWarmUp.finish()
        GraphvizWarmUp.finish()
        #expect(during == before)
        #expect(try GraphvizRenderer.render(dot, format: .svg) == GraphvizRenderer.render(dot, format: .svg))
        #expect(try GraphvizRenderer.nodeWidths(GraphvizWarmUp.sample).count == 1)
    }

    @Test func dotFormatIsTheTextItself() throws {
        let dot = try blogDOT()
        #expect(try GraphvizRenderer.render(dot, format: .dot) == Data(dot.utf8))
    }

    @Test func writesTheFileAndNothingElse() throws {
        let folder = try emptyFolder()
        let path = folder.appendingPathComponent("model.svg").path
        try GraphvizRenderer.render(try blogDOT(), format: .svg, to: path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["model.svg"])
        #expect(FileManager.default.contents(atPath: path) == (try GraphvizRenderer.render(try blogDOT(), format: .svg)))
    }

    @Test(arguments: [
        ("digraph { a -> }", "syntax error"),
        ("digraph { a [label=<<table><tr>oops</table>>] }", "Graphviz could not lay out the diagram"),
    ])
    func graphvizErrorsBecomeRenderErrors(dot: String, message: String) throws {
        let folder = try emptyFolder()
        let path = folder.appendingPathComponent("broken.png").path
        #expect {
            try GraphvizRenderer.render(dot, format: .png, to: path)
        } throws: { error in
            let text = String(describing: error)
            return error is RenderError && text.contains(message) && text.hasPrefix(path) && !text.contains("Error: ")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "a failed render left a file")
        // Graphviz still works after a failure.
        #expect(try GraphvizRenderer.render("digraph { a -> b }", format: .svg).count > 100)
    }

    @Test func missingFolderFailsBeforeRendering() throws {
        let path = try emptyFolder().appendingPathComponent("no/such/folder/model.png").path
        #expect {
            try GraphvizRenderer.render(try blogDOT(), format: .png, to: path)
        } throws: { error in
            String(describing: error).contains("does not exist")
        }
    }

    @Test func concurrentRendersAreSerialised() async throws {
        let dot = try blogDOT()
        let expected = try GraphvizRenderer.render(dot, format: .svg)
        let results = try await withThrowingTaskGroup(of: Data.self) { group in
            for _ in 0..<4 { group.addTask { try GraphvizRenderer.render(dot, format: .svg) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 4 && results.allSatisfy { $0 == expected })
    }

    @Test func aPDFIsTheSameOnEveryRunAndCarriesAFixedDate() throws {
        let dot = try blogDOT()
        let first = try GraphvizRenderer.render(dot, format: .pdf)
        let second = try GraphvizRenderer.render(dot, format: .pdf)
        #expect(first == second)
        let text = String(decoding: first, as: UTF8.self)
        #expect(text.hasPrefix("%PDF-"))
        #expect(text.contains("/CreationDate (20000101000000Z)") && text.contains("/ModDate (20000101000000Z)"))
    }
}

@Suite struct GraphvizBitmapLimitTests {
    @Test func aBitmapWithinCairosLimitPasses() {
        #expect(GraphvizRenderer.bitmapProblem(boundingBox: "0 0 1000 2000", dpi: 144, pad: 0.2) == nil)
    }

    @Test func aBitmapPastCairosLimitIsRefusedWithTheDPIThatFits() {
        // 30,000 points tall is 416.67 inches, 417.07 with the pads: 60,058 pixels at 144 dpi; 32,767 / 417.07 → 78 dpi.
        #expect(GraphvizRenderer.bitmapProblem(boundingBox: "0,0,1000,30000", dpi: 144, pad: 0.2)
            == "the diagram would be 2058 × 60058 pixels at 144 dpi, more than the 32,767 a side that a PNG can have; give --dpi 78 or less, or write SVG or PDF")
    }
}
