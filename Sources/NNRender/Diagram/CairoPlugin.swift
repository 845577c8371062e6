internal import CCairo
internal import CGraphviz
import Foundation
import Synchronization

/// nnviz's own Graphviz plug-in library: a renderer that draws Graphviz's layout with Cairo, the PNG
/// and PDF devices it draws for, and the text measuring Graphviz lays labels out with.
///
/// Text is measured and drawn with Cairo's own font interface (fontconfig and FreeType underneath), as
/// nnviz's charts are, instead of through Graphviz's Pango plug-in: a diagram then loads neither
/// Pango nor GLib, HarfBuzz and the dozen libraries they bring, whose loading and start-up were most of
/// the time of a small diagram (docs/performance.md). Text is laid out glyph by glyph, without
/// kerning or font fallback: a character the font lacks is drawn as its empty box (docs/diagrams.md).
///
/// The renderer follows Graphviz's own Cairo renderer: the same page transform, pen styles, colours
/// and text placement; the devices have its devices' features (PNG at 96 dpi without a margin, PDF
/// at 72 dpi with a half-inch margin).
final class CairoPlugin: @unchecked Sendable {
    /// The library's C tables, allocated once and never freed: Graphviz keeps pointers into them.
    /// Nothing changes them after `init`, and Graphviz reads them only under the renderer's lock.
    static let shared = CairoPlugin()

    /// The formats to render with: PNG bytes or PDF bytes, kept in memory (`CairoPlugin.output`).
    static let pngFormat = "png:nnviz"
    static let pdfFormat = "pdf:nnviz"

    /// The device ids, as Graphviz hands them back in `job.device.id`.
    fileprivate static let pngDevice: Int32 = 1
    fileprivate static let pdfDevice: Int32 = 2

    let library: UnsafeMutablePointer<gvplugin_library_t>
    let symbol: UnsafePointer<CChar>

    private init() {
        func allocated<T>(_ value: T) -> UnsafeMutableRawPointer {
            let pointer = UnsafeMutablePointer<T>.allocate(capacity: 1)
            pointer.initialize(to: value)
            return UnsafeMutableRawPointer(pointer)
        }
        func types(_ entries: [gvplugin_installed_t]) -> UnsafeMutablePointer<gvplugin_installed_t> {
            let list = UnsafeMutablePointer<gvplugin_installed_t>.allocate(capacity: entries.count + 1)
            for (index, entry) in entries.enumerated() { list[index] = entry }
            list[entries.count] = gvplugin_installed_t(id: 0, type: nil, quality: 0, engine: nil, features: nil)
            return list
        }
        func name(_ text: String) -> UnsafePointer<CChar> { UnsafePointer(strdup(text)!) }

        var engine = gvrender_engine_t()
        engine.end_job = endJob
        engine.begin_page = beginPage
        engine.end_page = endPage
        engine.textspan = drawText
        engine.ellipse = drawEllipse
        engine.polygon = drawPolygon
        engine.beziercurve = drawBezier
        engine.polyline = drawPolyline
        let renderFeatures = gvrender_features_t(flags: GVRENDER_Y_GOES_DOWN | GVRENDER_DOES_TRANSFORM, default_pad: 4,
                                                 knowncolors: nil, sz_knowncolors: 0, color_type: RGBA_DOUBLE)
        // The devices write nothing themselves: the renderer keeps the page's bytes (`output`).
        let device = allocated(gvdevice_engine_t(initialize: { _ in }, format: { _ in }, finalize: { _ in }))
        let png = gvdevice_features_t(flags: GVDEVICE_BINARY_FORMAT | GVDEVICE_DOES_TRUECOLOR,
                                      default_margin: pointf(x: 0, y: 0), default_pagesize: pointf(x: 0, y: 0),
                                      default_dpi: pointf(x: 96, y: 96))
        let pdf = gvdevice_features_t(flags: GVDEVICE_BINARY_FORMAT | GVDEVICE_DOES_TRUECOLOR,
                                      default_margin: pointf(x: 36, y: 36), default_pagesize: pointf(x: 0, y: 0),
                                      default_dpi: pointf(x: 72, y: 72))
        let textlayout = allocated(gvtextlayout_engine_t(textlayout: measureText))

        let apis = UnsafeMutablePointer<gvplugin_api_t>.allocate(capacity: 4)
        apis[0] = gvplugin_api_t(api: API_render, types: types([
            gvplugin_installed_t(id: 0, type: name("nnviz"), quality: 1, engine: allocated(engine), features: allocated(renderFeatures)),
        ]))
        apis[1] = gvplugin_api_t(api: API_device, types: types([
            gvplugin_installed_t(id: Self.pngDevice, type: name("png:nnviz"), quality: 1, engine: device, features: allocated(png)),
            gvplugin_installed_t(id: Self.pdfDevice, type: name("pdf:nnviz"), quality: 1, engine: device, features: allocated(pdf)),
        ]))
        // Above Pango's quality (10), for a context that also read Graphviz's configuration.
        apis[2] = gvplugin_api_t(api: API_textlayout, types: types([
            gvplugin_installed_t(id: 0, type: name("textlayout"), quality: 100, engine: textlayout, features: nil),
        ]))
        apis[3] = gvplugin_api_t(api: api_t(0), types: nil)
        library = UnsafeMutablePointer<gvplugin_library_t>.allocate(capacity: 1)
        library.initialize(to: gvplugin_library_t(packagename: strdup("nnviz"), apis: apis))
        symbol = name("gvplugin_nnviz_LTX_library")
    }

    /// The last page rendered: PNG or PDF bytes, or why there are none. Set by the renderer and taken
    /// by `GraphvizRenderer`, both under the renderer's lock.
    static let output = Mutex<Result<[UInt8], ChartError>?>(nil)
}

// MARK: - Text

/// The fonts Graphviz's text is measured in: one Cairo context on a 1 × 1 image, with the font options
/// of the drawing (`CairoContext`), so that a label measures exactly as it is drawn. Used only under
/// the lock of `textMeasure`, which is what makes it safe to share.
private final class TextMeasure: @unchecked Sendable {
    let context: CairoContext
    init() throws(ChartError) { context = try CairoContext(CairoSurface.image(width: 1, height: 1)) }
}

/// The measuring context, made on first use (a failure: Cairo could not start).
private let textMeasure = Mutex<Result<TextMeasure, ChartError>?>(nil)

/// Graphviz's font of a text span: family, size in points, and its `<b>` and `<i>`.
private struct SpanFont {
    var family: String
    var size: Double
    var bold = false
    var italic = false

    init(family: String, size: Double, bold: Bool) {
        self.family = family
        self.size = size
        self.bold = bold
    }

    init(_ span: UnsafeMutablePointer<textspan_t>) {
        let font = span.pointee.font
        family = font.flatMap { $0.pointee.name }.map { String(cString: $0) } ?? "Times-Roman"
        size = font.map { $0.pointee.size } ?? 14
        if !(size > 0) { size = 14 }
        let flags = font.map { Int32($0.pointee.flags) } ?? 0
        bold = flags & HTML_BF != 0
        italic = flags & HTML_IF != 0
    }

    func select(on context: OpaquePointer) {
        cairo.select_font_face(context, family, italic ? CAIRO_FONT_SLANT_ITALIC : CAIRO_FONT_SLANT_NORMAL,
                               bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo.set_font_size(context, size)
    }

    /// `text`'s advance and the font's ascent, in points; nil when Cairo cannot start or refuses the
    /// text. A refusal would leave the context in an error state for good (nnviz's DOT is always
    /// UTF-8, so this is a defence only): a new context is made for the next text.
    func measure(_ text: UnsafePointer<CChar>) -> (width: Double, ascent: Double)? {
        textMeasure.withLock { measure in
            if measure == nil {
                measure = Result { () throws(ChartError) in
                    try CairoLibrary.load()
                    return try TextMeasure()
                }
            }
            guard case .success(let made) = measure else { return nil }
            let context = made.context.pointer
            select(on: context)
            var extents = cairo_text_extents_t()
            cairo.text_extents(context, text, &extents)
            var fontExtents = cairo_font_extents_t()
            cairo.font_extents(context, &fontExtents)
            guard cairo.status(context) == CAIRO_STATUS_SUCCESS else {
                measure = nil
                return nil
            }
            return (extents.x_advance, fontExtents.ascent)
        }
    }
}

/// Sets up the fonts and measures a line of each kind a diagram draws, so that the first diagram
/// finds them ready; for `GraphvizWarmUp`, outside the Graphviz lock.
func warmUpDiagramText(family: String, size: Double) {
    for bold in [false, true] { _ = SpanFont(family: family, size: size, bold: bold).measure("dense_1 (Dense) Total params: 0123456789") }
}

/// Graphviz's text layout: the span's width and height in points and where its baseline lies, as
/// Graphviz's Pango plug-in reports them (width rounded up to whole points, height 1.1 × the font size,
/// the centre line 0.2 × the font size above the baseline). Returns false when the text cannot be
/// measured; Graphviz then estimates it.
private let measureText: @convention(c) (UnsafeMutablePointer<textspan_t>?, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> boolean = { span, fontPath in
    fontPath?.pointee = nil
    guard let span, let text = span.pointee.str else { return 0 }
    let font = SpanFont(span)
    guard let measured = font.measure(text), measured.width.isFinite, measured.width >= 0 else { return 0 }
    span.pointee.layout = nil
    span.pointee.free_layout = nil
    span.pointee.size = pointf(x: (measured.width + 1).rounded(.down), y: (font.size * 1.1 + 0.5).rounded(.down))
    span.pointee.yoffset_layout = measured.ascent
    span.pointee.yoffset_centerline = 0.2 * font.size
    return 1
}

// MARK: - The renderer

/// One page being drawn: its surface and context, kept in `job.context` from `beginPage` to `endJob`.
private final class Page {
    let surface: CairoSurface
    let context: CairoContext
    init(_ surface: CairoSurface) throws(ChartError) {
        self.surface = surface
        context = try CairoContext(surface)
    }
}

private func page(of job: UnsafeMutablePointer<GVJ_t>?) -> OpaquePointer? {
    guard let raw = job?.pointee.context else { return nil }
    return Unmanaged<Page>.fromOpaque(raw).takeUnretainedValue().context.pointer
}

private let beginPage: @convention(c) (UnsafeMutablePointer<GVJ_t>?) -> Void = { job in
    guard let job else { return }
    if job.pointee.context == nil {
        let width = Int(job.pointee.width)
        let height = Int(job.pointee.height)
        let made = Result { () throws(ChartError) -> Page in
            if job.pointee.device.id == CairoPlugin.pdfDevice {
                return try Page(CairoSurface.pdf(width: Double(width), height: Double(height), title: ""))
            }
            return try Page(CairoSurface.image(width: width, height: height, alpha: true))
        }
        switch made {
        case .success(let page): job.pointee.context = Unmanaged.passRetained(page).toOpaque()
        case .failure(let error):
            CairoPlugin.output.withLock { $0 = .failure(error) }
            return
        }
    }
    guard let context = page(of: job) else { return }
    cairo.scale(context, job.pointee.scale.x, job.pointee.scale.y)
    cairo.rotate(context, -Double(job.pointee.rotation) * .pi / 180)
    cairo.translate(context, job.pointee.translation.x, -job.pointee.translation.y)
    let clip = job.pointee.clip
    cairo.rectangle(context, clip.LL.x, -clip.LL.y, clip.UR.x - clip.LL.x, -(clip.UR.y - clip.LL.y))
    cairo.clip(context)
}

/// The page's bytes: the PDF document, or the pixels on their background encoded as PNG.
private let endPage: @convention(c) (UnsafeMutablePointer<GVJ_t>?) -> Void = { job in
    guard let job, let raw = job.pointee.context else { return }
    let page = Unmanaged<Page>.fromOpaque(raw).takeUnretainedValue()
    let bytes = Result { () throws(ChartError) -> [UInt8] in
        try page.context.check("drawing the diagram")
        if job.pointee.device.id == CairoPlugin.pdfDevice {
            cairo.show_page(page.context.pointer)
            try page.surface.finish()
            return page.surface.sink?.bytes ?? []
        }
        return try page.surface.pngBytes(flatteningOntoBackground: true)
    }
    CairoPlugin.output.withLock { $0 = bytes }
}

private let endJob: @convention(c) (UnsafeMutablePointer<GVJ_t>?) -> Void = { job in
    guard let job, let raw = job.pointee.context else { return }
    Unmanaged<Page>.fromOpaque(raw).release()
    job.pointee.context = nil
}

private func setColor(_ color: gvcolor_t, on context: OpaquePointer) {
    let rgba = color.u.RGBA
    cairo.set_source_rgba(context, rgba.0, rgba.1, rgba.2, rgba.3)
}

/// Graphviz's dash patterns, in points: dashed 6 on 6 off, dotted 2 on 6 off.
private let dashed: [Double] = [6]
private let dotted: [Double] = [2, 6]

private func setPen(_ job: UnsafeMutablePointer<GVJ_t>, on context: OpaquePointer) {
    let object = job.pointee.obj.pointee
    switch object.pen {
    case PEN_DASHED: cairo.set_dash(context, dashed, Int32(dashed.count), 0)
    case PEN_DOTTED: cairo.set_dash(context, dotted, Int32(dotted.count), 0)
    default: cairo.set_dash(context, nil, 0, 0)
    }
    cairo.set_line_width(context, object.penwidth)
}

/// Fills the current path (when `filled`) with the fill colour, then strokes it with the pen colour.
private func fillAndStroke(_ job: UnsafeMutablePointer<GVJ_t>, _ context: OpaquePointer, filled: Int32) {
    let object = job.pointee.obj.pointee
    if filled != 0 {
        setColor(object.fillcolor, on: context)
        cairo.fill_preserve(context)
    }
    setColor(object.pencolor, on: context)
    cairo.stroke(context)
}

/// Adds straight lines through Graphviz's `count` (at least 1) points to the path, y turned down.
private func addLines(through points: UnsafeMutablePointer<pointf>, count: Int32, on context: OpaquePointer) {
    cairo.move_to(context, points[0].x, -points[0].y)
    for index in 1..<Int(count) { cairo.line_to(context, points[index].x, -points[index].y) }
}

private let drawText: @convention(c) (UnsafeMutablePointer<GVJ_t>?, pointf, UnsafeMutablePointer<textspan_t>?) -> Void = { job, point, span in
    guard let job, let span, let context = page(of: job), let text = span.pointee.str else { return }
    var x = point.x
    switch UInt8(bitPattern: span.pointee.just) {
    case UInt8(ascii: "r"): x -= span.pointee.size.x
    case UInt8(ascii: "l"): break
    default: x -= span.pointee.size.x / 2
    }
    cairo.set_dash(context, nil, 0, 0)
    setColor(job.pointee.obj.pointee.pencolor, on: context)
    SpanFont(span).select(on: context)
    cairo.move_to(context, x, -(point.y + span.pointee.yoffset_centerline))
    cairo.show_text(context, text)
}

private let drawEllipse: @convention(c) (UnsafeMutablePointer<GVJ_t>?, UnsafeMutablePointer<pointf>?, Int32) -> Void = { job, points, filled in
    guard let job, let points, let context = page(of: job) else { return }
    setPen(job, on: context)
    // points[0] is the centre, points[1] a corner of the bounding box.
    let radiusX = max(points[1].x - points[0].x, 0.01)
    let radiusY = max(points[1].y - points[0].y, 0.01)
    var matrix = cairo_matrix_t()
    cairo.get_matrix(context, &matrix)
    cairo.translate(context, points[0].x, -points[0].y)
    cairo.scale(context, radiusX, radiusY)
    cairo.move_to(context, 1, 0)
    cairo.arc(context, 0, 0, 1, 0, 2 * .pi)
    cairo.set_matrix(context, &matrix)
    fillAndStroke(job, context, filled: filled)
}

private let drawPolygon: @convention(c) (UnsafeMutablePointer<GVJ_t>?, UnsafeMutablePointer<pointf>?, Int32, Int32) -> Void = { job, points, count, filled in
    guard let job, let points, count > 0, let context = page(of: job) else { return }
    setPen(job, on: context)
    addLines(through: points, count: count, on: context)
    cairo.close_path(context)
    fillAndStroke(job, context, filled: filled)
}

private let drawBezier: @convention(c) (UnsafeMutablePointer<GVJ_t>?, UnsafeMutablePointer<pointf>?, Int32, Int32, Int32, Int32) -> Void = { job, points, count, _, _, filled in
    guard let job, let points, count > 0, let context = page(of: job) else { return }
    setPen(job, on: context)
    cairo.move_to(context, points[0].x, -points[0].y)
    var index = 1
    while index + 2 < Int(count) {
        cairo.curve_to(context, points[index].x, -points[index].y, points[index + 1].x, -points[index + 1].y,
                       points[index + 2].x, -points[index + 2].y)
        index += 3
    }
    fillAndStroke(job, context, filled: filled)
}

private let drawPolyline: @convention(c) (UnsafeMutablePointer<GVJ_t>?, UnsafeMutablePointer<pointf>?, Int32) -> Void = { job, points, count in
    guard let job, let points, count > 0, let context = page(of: job) else { return }
    setPen(job, on: context)
    addLines(through: points, count: count, on: context)
    setColor(job.pointee.obj.pointee.pencolor, on: context)
    cairo.stroke(context)
}

/// How a diagram's page is prepared for `PNGEncoder` (`CairoSurface.pngBytes(flatteningOntoBackground:)`).
enum PixelDevice {
    /// Puts the page's partly transparent pixels onto its background colour, the first pixel's,
    /// when that one is opaque. A diagram's background is always an opaque colour, but Graphviz's
    /// background rectangle ends inside the last row and column of pixels when the page is not a
    /// whole number of pixels (375.6 × 993.6 for the blog model), leaving them partly transparent:
    /// the page would need an alpha channel for one row and column of background. Onto the
    /// background they are the colour they show on it, and the page is stored as RGB: a quarter
    /// less to compress and a smaller file.
    /// Returns whether the page is now opaque.
    @discardableResult
    static func flattenOntoBackground(_ pixels: UnsafeMutablePointer<UInt32>, width: Int, height: Int) -> Bool {
        guard width > 0, height > 0, pixels[0] >> 24 == 0xFF else { return false }
        let background = pixels[0]
        let count = width * height
        // Sixteen pixels at a time, their alphas checked together; only a group with a translucent
        // pixel is gone through one by one.
        var start = 0
        while start < count {
            let end = min(start + 16, count)
            var alphas: UInt32 = 0xFF00_0000
            for index in start..<end { alphas &= pixels[index] }
            if alphas >> 24 != 0xFF {
                for index in start..<end where pixels[index] >> 24 != 0xFF { pixels[index] = over(pixels[index], background) }
            }
            start = end
        }
        return true
    }

    /// `pixel` drawn over the opaque `background`, both premultiplied ARGB32 as Cairo stores them:
    /// each channel c + (255 − α)·b / 255, rounded.
    static func over(_ pixel: UInt32, _ background: UInt32) -> UInt32 {
        let rest = 255 - (pixel >> 24)
        var result: UInt32 = 0xFF00_0000
        for shift: UInt32 in [0, 8, 16] {
            let channel = (pixel >> shift) & 0xFF
            let under = (background >> shift) & 0xFF
            result |= min(255, channel + (rest * under + 127) / 255) << shift
        }
        return result
    }
}
