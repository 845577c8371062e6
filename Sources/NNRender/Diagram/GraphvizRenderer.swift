internal import CGraphviz
import Foundation
import NNCore
import Synchronization

/// Lays out DOT text with Graphviz's dot engine and renders it through libgvc, in this process.
///
/// Graphviz keeps global state and is not thread-safe, so every call holds one lock from the first
/// Graphviz call to the last. Each handle is released by a `defer` next to the call that made it.
public enum GraphvizRenderer {
    /// The diagram in `format`: SVG, PNG or PDF bytes, or the DOT text itself for `.dot`.
    public static func render(_ dot: String, format: DiagramFormat) throws(RenderError) -> Data {
        format == .dot ? Data(dot.utf8) : Data(try renderBytes(dot, format: format, reportingAs: nil))
    }

    /// Writes the diagram in `format` to `path` (see `AtomicFile`): a failure leaves no file behind.
    /// The output is checked before Graphviz starts, so that an unwritable path fails before any work;
    /// the diagram is made in memory and its bytes written once.
    public static func render(_ dot: String, format: DiagramFormat, to path: String) throws(RenderError) {
        do {
            try AtomicFile.checkWritable(path)
            try AtomicFile.write(try render(dot, format: format), to: path)
        } catch let error as AtomicFile.WriteError {
            throw RenderError(file: path, reason: error.reason)
        } catch let error as RenderError {
            throw RenderError(file: path, reason: error.reason)
        } catch {
            throw RenderError(file: path, reason: "\(error)")
        }
    }

    /// The most pixels a diagram's bitmap may have: 25 megapixels (5,000 a side), which is already
    /// far more than a diagram can be read at; the time to draw grows with pixels times edges.
    static let maximumPixels = 25_000_000

    /// Caps the drawing's size (Graphviz's `size` attribute, in inches at the graph's dpi) so that the
    /// bitmap Cairo allocates stays within `maximumPixels`: a larger diagram is scaled down to fit,
    /// never drawn at a size that would exhaust memory.
    static func limitBitmapSize(_ graph: UnsafeMutablePointer<Agraph_t>) {
        let dpiName = strdup("dpi")
        let sizeName = strdup("size")
        defer {
            free(dpiName)
            free(sizeName)
        }
        if let current = graphviz.agget(graph, sizeName), current.pointee != 0 { return }
        let dpi = graphviz.agget(graph, dpiName).flatMap { Double(String(cString: $0)) }.flatMap { $0 > 0 ? $0 : nil } ?? 96
        let side = min(Double(maximumPixels).squareRoot(), 32_767) / dpi
        let value = strdup(String(format: "%.2f,%.2f", side, side))
        let empty = strdup("")
        defer {
            free(value)
            free(empty)
        }
        _ = graphviz.agsafeset(graph, sizeName, value, empty)
    }

    /// Graphviz's plug-in for each format: nnviz's Cairo renderer (`CairoPlugin`) for PNG and PDF,
    /// Graphviz's own SVG writer (which keeps text as `<text>`).
    static func plugin(for format: DiagramFormat) -> String {
        switch format {
        case .png: return CairoPlugin.pngFormat
        case .pdf: return CairoPlugin.pdfFormat
        case .svg, .dot: return "svg:svg:core"
        }
    }

    /// The DOT text of `diagram`. Where it asks for boxes of one width (`equalWidths`), Graphviz lays
    /// it out once to measure each box, and the widths are written into the text.
    public static func dot(for diagram: DiagramDescription) throws(RenderError) -> String {
        let text = DOTWriter.write(diagram)
        guard !diagram.equalWidths.isEmpty else { return text }
        return DOTWriter.write(diagram.equalizingWidths(try nodeWidths(text)))
    }

    /// Each node's width in points, by id, as Graphviz lays out `dot`.
    public static func nodeWidths(_ dot: String) throws(RenderError) -> [String: Double] {
        var widths: [String: Double] = [:]
        try withLayout(dot, format: .pdf, reportingAs: nil) { _, graph, _ throws(RenderError) in
            // Graphviz keeps the layout in its own records; attach_attrs writes it out as attributes.
            graphviz.attach_attrs(graph)
            var widthName = Array("width".utf8CString)
            var node = graphviz.agfstnode(graph)
            while let current = node {
                let width = widthName.withUnsafeMutableBufferPointer { graphviz.agget(UnsafeMutableRawPointer(current), $0.baseAddress) }
                if let name = graphviz.agnameof(UnsafeMutableRawPointer(current)), let width, let inches = Double(String(cString: width)) {
                    widths[String(cString: name)] = inches * 72
                }
                node = graphviz.agnxtnode(graph, current)
            }
        }
        return widths
    }

    /// Reads and lays out `dot` with Graphviz's dot engine and calls `body` with the context, the laid-out
    /// graph and a maker of errors that carry Graphviz's messages; all under the Graphviz lock.
    private static func withLayout(_ dot: String, format: DiagramFormat, reportingAs file: String?,
                                   _ body: (OpaquePointer, UnsafeMutablePointer<Agraph_t>, (String) -> RenderError) throws(RenderError) -> Void) throws(RenderError) {
        try GraphvizLibrary.load(reportingAs: file)
        try graphvizLock.withLock { _ throws(RenderError) in
            graphvizMessages.withLock { $0 = "" }
            let previousHandler = graphviz.agseterrf(collectGraphvizMessage)
            defer { _ = graphviz.agseterrf(previousHandler) }
            _ = graphviz.agreseterrors()
            func failure(_ what: String) -> RenderError {
                // Graphviz prefixes each message with "Error: "; the CLI adds its own.
                let message = graphvizMessages.withLock { $0 }
                    .split(whereSeparator: \.isNewline).map { line in
                        let text = line.trimmingCharacters(in: .whitespaces)
                        return text.hasPrefix("Error: ") ? String(text.dropFirst(7)) : text
                    }
                    .filter { !$0.isEmpty }.joined(separator: " ")
                return RenderError.graphviz(file: file, reason: "Graphviz " + what + (message.isEmpty ? "" : ": " + message))
            }
            _ = FontConfiguration.installed
            // Any mention of nop (DOTWriter writes `layout=nop` for pinned nodes) opens that engine.
            guard let context = GraphvizPlugins.context(for: format, nop: dot.contains("nop")) else { throw failure("could not start") }
            defer { _ = graphviz.gvFreeContext(context) }
            guard let graph = dot.withCString({ graphviz.agmemread($0) }) else { throw failure("could not read the diagram") }
            defer { _ = graphviz.agclose(graph) }
            if format == .png { limitBitmapSize(graph) }
            guard graphviz.gvLayout(context, graph, "dot") == 0 else { throw failure("could not lay out the diagram") }
            defer { _ = graphviz.gvFreeLayout(context, graph) }
            // Graphviz reports some faults (a malformed label, say) and carries on; they are failures here.
            guard graphviz.agerrors() < Int32(AGERR.rawValue) else { throw failure("could not lay out the diagram") }
            try body(context, graph, failure)
        }
    }

    /// Lays out `dot` and renders it in memory, all under the Graphviz lock: PNG and PDF drawn by
    /// nnviz's Cairo renderer (`CairoPlugin.output`), SVG written by Graphviz's core writer.
    static func renderBytes(_ dot: String, format: DiagramFormat, reportingAs file: String?) throws(RenderError) -> [UInt8] {
        precondition(format != .dot)
        var bytes: [UInt8] = []
        try withLayout(dot, format: format, reportingAs: file) { context, graph, failure throws(RenderError) in
            if format == .svg {
                var result: UnsafeMutablePointer<CChar>?
                var length: UInt32 = 0
                let status = graphviz.gvRenderData(context, graph, plugin(for: format), &result, &length)
                defer { if let result { graphviz.gvFreeRenderData(result) } }
                guard status == 0, graphviz.agerrors() < Int32(AGERR.rawValue), let result else { throw failure("could not render SVG") }
                bytes = Array(UnsafeRawBufferPointer(start: result, count: Int(length)))
                return
            }
            if format == .png {
                func attribute(_ name: String) -> String? {
                    var bytes = Array(name.utf8CString)
                    return bytes.withUnsafeMutableBufferPointer { graphviz.agget(UnsafeMutableRawPointer(graph), $0.baseAddress).map { String(cString: $0) } }
                }
                if let box = attribute("bb"),
                   let problem = bitmapProblem(boundingBox: box, dpi: attribute("dpi").flatMap(Double.init) ?? 96,
                                               pad: attribute("pad").flatMap(Double.init) ?? 0.0555) {
                    throw RenderError.graphviz(file: file, reason: problem)
                }
            }
            CairoPlugin.output.withLock { $0 = nil }
            let status = graphviz.gvRender(context, graph, plugin(for: format), nil)
            let output = CairoPlugin.output.withLock { output in defer { output = nil }; return output }
            guard status == 0, graphviz.agerrors() < Int32(AGERR.rawValue), let output else {
                throw failure("could not render \(format.rawValue.uppercased())")
            }
            switch output {
            case .success(let page): bytes = page
            case .failure(let error): throw RenderError.graphviz(file: file, reason: error.description)
            }
        }
        return bytes
    }

    /// The longest side, in pixels, of a bitmap Cairo can draw.
    static let largestBitmapSide = 32_767

    /// Why a PNG of a laid-out graph cannot be drawn, or nil when it fits: `boundingBox` is Graphviz's
    /// `bb` ("llx lly urx ury" in points), `pad` the margin on each side in inches.
    static func bitmapProblem(boundingBox: String, dpi: Double, pad: Double) -> String? {
        let numbers = boundingBox.split { $0 == "," || $0 == " " }.compactMap { Double($0) }
        guard numbers.count == 4, dpi > 0 else { return nil }
        let inches = (width: (numbers[2] - numbers[0]) / 72 + 2 * pad, height: (numbers[3] - numbers[1]) / 72 + 2 * pad)
        let pixels = (width: Int((inches.width * dpi).rounded()), height: Int((inches.height * dpi).rounded()))
        guard max(pixels.width, pixels.height) > largestBitmapSide else { return nil }
        let fitting = Int((Double(largestBitmapSide) / max(inches.width, inches.height)).rounded(.down))
        return "the diagram would be \(pixels.width) × \(pixels.height) pixels at \(Int(dpi)) dpi, more than the "
            + "32,767 a side that a PNG can have; give --dpi \(fitting) or less, or write SVG or PDF"
    }
}

/// Serialises every use of Graphviz in this process.
private let graphvizLock = Mutex<Void>(())

/// The text Graphviz reported during the current call; written only while `graphvizLock` is held.
private let graphvizMessages = Mutex<String>("")

/// Graphviz's error hook: it hands over each message in pieces ("Error", ": ", the text).
private let collectGraphvizMessage: agusererrf = { text in
    if let text { graphvizMessages.withLock { $0 += String(cString: text) } }
    return 0
}
