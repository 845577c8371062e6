import Foundation
import FoundationXML
import NNCore
import Testing
@testable import NNRender

@Suite struct ChartRendererTests {
    /// The blog's first layer for one input, laid out with Cairo's own text measurements.
    func activationDrawing(values: [Double] = [0.3, -0.2, 0.75, 0.05, -0.6, 0.1, 0.2, 0.9]) throws -> ChartDrawing {
        let panel = BarPanel(title: "Activations of layer dense (tanh)", categoryTitle: "neuron", valueTitle: "a",
                             categories: values.indices.map(String.init),
                             series: [BarSeries(name: "a", values: values, positive: Theme.light.positive, negative: Theme.light.negative)])
        return BarChart.layout([panel], title: nil, style: ChartStyle(), measurer: try CairoTextMeasurer(fontFamily: "DejaVu Sans"))
    }

    @Test(arguments: [96.0, 192.0])
    func pngHasItsSignatureAndSize(dpi: Double) throws {
        let data = try ChartRenderer.render(activationDrawing(), format: .png, dpi: dpi)
        let bytes = [UInt8](data)
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        func uint32(_ offset: Int) -> Int { bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        #expect(uint32(16) == Int(720 * dpi / 96) && uint32(20) == Int(440 * dpi / 96))
    }

    @Test func svgParsesAndHasOneBarPerNeuron() throws {
        let values = [0.3, -0.2, 0.75, 0.05, -0.6, 0.1, 0.2, 0.9]
        let data = try ChartRenderer.render(activationDrawing(values: values), format: .svg)
        let document = try XMLDocument(data: data)
        let root = try #require(document.rootElement())
        #expect(root.name == "svg")
        #expect(Self.attribute("width", of: root) == "720px")
        #expect(Self.attribute("viewBox", of: root) == "0 0 720 440")
        let paths = try root.nodes(forXPath: "//*[local-name()='path']").compactMap { $0 as? XMLElement }
        let fills = paths.compactMap { Self.attribute("style", of: $0) }.compactMap(Self.fillColour)
        let positive = fills.filter { Self.near($0, Theme.light.positive) }.count
        let negative = fills.filter { Self.near($0, Theme.light.negative) }.count
        #expect(positive == values.filter { $0 > 0 }.count)
        #expect(negative == values.filter { $0 < 0 }.count)
    }

    @Test func pdfIsAPdf() throws {
        let data = try ChartRenderer.render(activationDrawing(), format: .pdf)
        #expect(String(decoding: data.prefix(5), as: UTF8.self) == "%PDF-")
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("/CreationDate (20000101000000Z)"))
        #expect(text.hasSuffix("%%EOF\n"))
    }

    @Test(arguments: ChartFormat.allCases)
    func sameChartSameBytes(format: ChartFormat) throws {
        let drawing = try activationDrawing()
        let first = try ChartRenderer.render(drawing, format: format)
        let second = try ChartRenderer.render(drawing, format: format)
        #expect(first == second)
    }

    @Test func rastersRenderWithHardEdges() throws {
        let drawing = ChartDrawing(width: 100, height: 100, background: RGB(1, 1, 1), title: "r",
                                   marks: [.raster(ChartRect(x: 0, y: 0, width: 100, height: 100), columns: 2, rows: 1,
                                                   cells: [RGB(1, 0, 0), RGB(0, 0, 1)])])
        let data = try ChartRenderer.render(drawing, format: .png)
        #expect(data.count > 60)
        // Heatmaps through the whole pipeline in every format.
        let heatmap = Heatmap.layout(HeatmapData(title: "w", rowTitle: "r", columnTitle: "c", rowLabels: ["0"], columnLabels: ["x"],
                                                 values: [1]), style: ChartStyle(), measurer: try CairoTextMeasurer(fontFamily: "DejaVu Sans"))
        for format in ChartFormat.allCases { #expect(try ChartRenderer.render(heatmap, format: format).count > 100) }
    }

    /// A 1,024-neuron layer drawn at 96 and at 144 dpi: along a row just above the zero line every
    /// pixel of the plot is exactly the bar colour or the background, with no blend of the two (the
    /// seams and moiré of bars that fall between pixels).
    @Test(arguments: [96.0, 144.0])
    func barsNarrowerThanAPixelLeaveNoSeams(dpi: Double) throws {
        let values = (0..<1024).map { Double(($0 * 7919) % 1000) / 500 }
        let panel = BarPanel(title: "relu", categoryTitle: "neuron", valueTitle: "a", categories: values.indices.map { String($0 + 1) },
                             series: [BarSeries(name: "a", values: values, positive: Theme.light.positive, negative: Theme.light.negative)])
        let style = ChartStyle(width: 480, height: 300, pixelsPerUnit: dpi / 96)
        let drawing = BarChart.layout([panel], title: nil, style: style, measurer: try CairoTextMeasurer(fontFamily: "DejaVu Sans"))
        let outline = try #require(drawing.marks.compactMap { mark -> [ChartPoint]? in if case let .polygon(points, _) = mark { return points } else { return nil } }.first)
        let (width, _, pixels) = try ChartRenderer.pixels(drawing, dpi: dpi, fontFamily: "DejaVu Sans")
        let scale = dpi / 96
        let zero = Int((outline[0].y * scale).rounded())
        let left = Int((outline.map(\.x).min()! * scale).rounded())
        let right = Int((outline.map(\.x).max()! * scale).rounded())
        func rgb(_ colour: RGB) -> UInt32 {
            func byte(_ v: Double) -> UInt32 { UInt32((v * 255).rounded()) }
            return byte(colour.red) << 16 | byte(colour.green) << 8 | byte(colour.blue)
        }
        let row = pixels[(zero - 3) * width + left..<(zero - 3) * width + right]
        let colours = Set(row)
        #expect(colours.isSubset(of: [rgb(Theme.light.positive), rgb(Theme.light.background)]), "\(colours.map { String($0, radix: 16) })")
        #expect(row.filter { $0 == rgb(Theme.light.positive) }.count > (right - left) / 2)
    }

    @Test func cairoMeasuresDejaVuSans() throws {
        let measurer = try CairoTextMeasurer(fontFamily: "DejaVu Sans")
        let one = measurer.measure("0", size: 10, bold: false)
        let three = measurer.measure("000", size: 10, bold: false)
        // DejaVu Sans digits advance 0.636 em; capitals are 0.729 em tall.
        #expect(abs(one.width - 6.36) < 0.05)
        #expect(abs(three.width - 3 * one.width) < 1e-9)
        #expect(abs(one.capHeight - 7.29) < 0.1)
        #expect(measurer.measure("Wide", size: 10, bold: true).width > measurer.measure("Wide", size: 10, bold: false).width)
    }

    @Test func unwritableFolderLeavesNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnviz-no-such-folder-\(UUID().uuidString)")
        let path = folder.appendingPathComponent("chart.png").path
        #expect(throws: ChartError.self) { try ChartRenderer.write(activationDrawing(), to: path, format: .png) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    /// An attribute's value (FoundationXML's `attribute(forName:)` misses them in a namespaced document).
    static func attribute(_ name: String, of element: XMLElement) -> String? {
        element.attributes?.first { $0.name == name }?.stringValue
    }

    /// The colour of a Cairo SVG style such as `fill:rgb(12.941176%,40%,67.45098%);`.
    static func fillColour(_ style: String) -> RGB? {
        guard let start = style.range(of: "fill:rgb(")?.upperBound, let end = style[start...].firstIndex(of: ")") else { return nil }
        let parts = style[start..<end].split(separator: ",").compactMap { Double($0.replacingOccurrences(of: "%", with: "")) }
        guard parts.count == 3 else { return nil }
        return RGB(parts[0] / 100, parts[1] / 100, parts[2] / 100)
    }

    static func near(_ a: RGB, _ b: RGB) -> Bool {
        abs(a.red - b.red) < 0.003 && abs(a.green - b.green) < 0.003 && abs(a.blue - b.blue) < 0.003
    }
}

@Suite struct ChartSVGIdentifierTests {
    @Test func cairoCountersAreRenumberedInOrder() {
        let svg = ##"<g id="surface7"><image id="image12"/><use xlink:href="#image12"/><use xlink:href="#glyph0-1"/></g>"##
        #expect(ChartRenderer.stableSVGIdentifiers(svg)
            == ##"<g id="surface1"><image id="image2"/><use xlink:href="#image2"/><use xlink:href="#glyph0-1"/></g>"##)
    }
}
