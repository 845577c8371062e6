internal import CCairo
import Foundation
import NNCore

/// The file formats charts are written in.
public enum ChartFormat: String, CaseIterable, Sendable {
    case png, svg, pdf

    /// The format a file name's extension asks for, if it is one of ours.
    public init?(path: String) {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        self.init(rawValue: ext)
    }
}

/// The Cairo stage: draws a laid-out chart onto a PNG, SVG or PDF surface.
public enum ChartRenderer {
    /// The most pixels in a PNG: 100 megapixels (400 MB of image memory), checked before Cairo allocates.
    public static let maximumPixels = 100_000_000

    /// The chart as the bytes of a file in `format`. PNG is drawn at `dpi` (96 gives one pixel per chart
    /// unit); SVG is sized in CSS pixels and PDF in points, so all three print at the same size.
    public static func render(_ drawing: ChartDrawing, format: ChartFormat, dpi: Double = 96,
                              fontFamily: String = Theme.light.fontFamily) throws(ChartError) -> Data {
        precondition(dpi > 0)
        switch format {
        case .png:
            let scale = dpi / 96
            let width = Int((drawing.width * scale).rounded())
            let height = Int((drawing.height * scale).rounded())
            guard width > 0, height > 0, width <= 32_767, height <= 32_767, width * height <= maximumPixels else {
                throw ChartError.imageSize(width: width, height: height)
            }
            let surface = try CairoSurface.image(width: width, height: height)
            try draw(drawing, on: surface, scale: scale, fontFamily: fontFamily)
            cairo.surface_flush(surface.pointer)
            return Data(try surface.pngBytes())
        case .svg:
            let surface = try CairoSurface.svg(width: drawing.width, height: drawing.height)
            try draw(drawing, on: surface, scale: 1, fontFamily: fontFamily)
            try surface.finish()
            return Data(stableSVGIdentifiers(String(decoding: surface.sink?.bytes ?? [], as: UTF8.self)).utf8)
        case .pdf:
            let surface = try CairoSurface.pdf(width: drawing.width * 0.75, height: drawing.height * 0.75, title: drawing.title)
            try draw(drawing, on: surface, scale: 0.75, fontFamily: fontFamily)
            try surface.finish()
            return Data(surface.sink?.bytes ?? [])
        }
    }

    /// Renders the chart and writes it to `path` through a temporary file in the same folder, so that a
    /// failure leaves no file behind.
    public static func write(_ drawing: ChartDrawing, to path: String, format: ChartFormat, dpi: Double = 96,
                             fontFamily: String = Theme.light.fontFamily) throws(ChartError) {
        let data: Data
        do {
            data = try render(drawing, format: format, dpi: dpi, fontFamily: fontFamily)
        } catch let .imageSize(width, height) {
            throw ChartError.unwritable(file: path, reason: ChartError.imageSize(width: width, height: height).description)
        }
        do {
            try AtomicFile.write(data, to: path)
        } catch {
            throw ChartError.unwritable(file: error.path, reason: error.reason)
        }
    }

    /// Cairo names SVG surfaces and images after process-wide counters (`surface2`, `image6`), so the
    /// second chart drawn in one process would differ from the first; this renumbers them in order of
    /// first appearance. Chart text is drawn as glyph outlines, so no user text can match.
    static func stableSVGIdentifiers(_ svg: String) -> String {
        var numbers: [String: Int] = [:]
        return svg.replacing(/(id="|#|url\(#)(surface|image)([0-9]+)/) { match in
            let (_, lead, kind, number) = match.output
            let key = "\(kind)\(number)"
            let next = numbers[key] ?? numbers.count + 1
            numbers[key] = next
            return "\(lead)\(kind)\(next)"
        }
    }

    /// Draws every mark in order, then checks that Cairo is still happy.
    static func draw(_ drawing: ChartDrawing, on surface: CairoSurface, scale: Double, fontFamily: String) throws(ChartError) {
        let context = try CairoContext(surface)
        let cr = context.pointer
        cairo.scale(cr, scale, scale)
        context.setColor(drawing.background)
        cairo.rectangle(cr, 0, 0, drawing.width, drawing.height)
        cairo.fill(cr)
        for mark in drawing.marks {
            switch mark {
            case let .rectangle(rect, fill):
                guard rect.width > 0, rect.height > 0 else { continue }
                context.setColor(fill)
                cairo.rectangle(cr, rect.x, rect.y, rect.width, rect.height)
                cairo.fill(cr)
            case let .line(points, stroke, width, dash):
                guard let first = points.first else { continue }
                context.setColor(stroke)
                cairo.set_line_width(cr, width)
                cairo.set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
                cairo.set_line_cap(cr, dash.isEmpty ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT)
                cairo.set_dash(cr, dash, Int32(dash.count), 0)
                cairo.move_to(cr, first.x, first.y)
                for point in points.dropFirst() { cairo.line_to(cr, point.x, point.y) }
                cairo.stroke(cr)
                cairo.set_dash(cr, nil, 0, 0)
            case let .polygon(points, fill):
                guard let first = points.first else { continue }
                context.setColor(fill)
                cairo.move_to(cr, first.x, first.y)
                for point in points.dropFirst() { cairo.line_to(cr, point.x, point.y) }
                cairo.close_path(cr)
                cairo.fill(cr)
            case let .circle(center, radius, fill, stroke):
                cairo.new_sub_path(cr)
                cairo.arc(cr, center.x, center.y, radius, 0, 2 * Double.pi)
                context.setColor(fill)
                cairo.fill_preserve(cr)
                context.setColor(stroke)
                cairo.set_line_width(cr, 2)
                cairo.stroke(cr)
            case let .text(text):
                context.setColor(text.color)
                context.setFont(family: fontFamily, size: text.size, bold: text.bold)
                cairo.save(cr)
                cairo.move_to(cr, text.origin.x, text.origin.y)
                if text.vertical { cairo.rotate(cr, -Double.pi / 2) }
                cairo.show_text(cr, text.string)
                cairo.restore(cr)
            case let .raster(rect, columns, rows, cells):
                try drawRaster(rect, columns: columns, rows: rows, cells: cells, context: context)
            }
        }
        try context.check("drawing the chart")
    }

    /// A grid of colour cells as an image stretched over `rect` with nearest-neighbour sampling, so the
    /// cells keep hard edges.
    static func drawRaster(_ rect: ChartRect, columns: Int, rows: Int, cells: [RGB], context: CairoContext) throws(ChartError) {
        precondition(cells.count == columns * rows)
        guard columns > 0, rows > 0, rect.width > 0, rect.height > 0 else { return }
        let image = try CairoSurface.image(width: columns, height: rows)
        cairo.surface_flush(image.pointer)
        guard let data = cairo.image_surface_get_data(image.pointer) else { throw ChartError("Cairo gave no pixel buffer for a heatmap") }
        let stride = Int(cairo.image_surface_get_stride(image.pointer))
        for row in 0..<rows {
            let line = (data + row * stride).withMemoryRebound(to: UInt32.self, capacity: columns) { $0 }
            for column in 0..<columns {
                let c = cells[row * columns + column]
                func byte(_ v: Double) -> UInt32 { UInt32((min(max(v, 0), 1) * 255).rounded()) }
                line[column] = 0xFF00_0000 | byte(c.red) << 16 | byte(c.green) << 8 | byte(c.blue)
            }
        }
        cairo.surface_mark_dirty(image.pointer)
        let cr = context.pointer
        cairo.save(cr)
        cairo.translate(cr, rect.x, rect.y)
        cairo.scale(cr, rect.width / Double(columns), rect.height / Double(rows))
        cairo.set_source_surface(cr, image.pointer, 0, 0)
        cairo.pattern_set_filter(cairo.get_source(cr), CAIRO_FILTER_NEAREST)
        cairo.rectangle(cr, 0, 0, Double(columns), Double(rows))
        cairo.fill(cr)
        cairo.restore(cr)
        try context.check("drawing a heatmap")
    }
}
