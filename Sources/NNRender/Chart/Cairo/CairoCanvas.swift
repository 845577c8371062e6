internal import CCairo

/// Turns a Cairo status into a thrown `ChartError` naming what was being done.
func checkCairo(_ status: cairo_status_t, _ doing: String) throws(ChartError) {
    guard status != CAIRO_STATUS_SUCCESS else { return }
    throw ChartError("Cairo failed while \(doing): \(cairo.status_to_string(status).map { String(cString: $0) } ?? "status \(status.rawValue)")")
}

/// Bytes written by a Cairo stream surface, kept alive as long as the surface that writes them.
final class CairoByteSink {
    var bytes: [UInt8] = []
}

/// The write callback Cairo's stream surfaces call; `closure` is an unretained `CairoByteSink`.
private let appendToSink: cairo_write_func_t = { closure, data, length in
    guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
    let sink = Unmanaged<CairoByteSink>.fromOpaque(closure).takeUnretainedValue()
    sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
    return CAIRO_STATUS_SUCCESS
}

/// One Cairo surface, destroyed with this object. Stream surfaces own the sink they write to. Making
/// one opens libcairo (`CairoLibrary`): every other Cairo call follows from a surface.
final class CairoSurface {
    let pointer: OpaquePointer
    let sink: CairoByteSink?

    private init(_ pointer: OpaquePointer?, sink: CairoByteSink?, doing: String) throws(ChartError) {
        guard let pointer else { throw ChartError("Cairo could not create a surface for \(doing)") }
        let status = cairo.surface_status(pointer)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo.surface_destroy(pointer)
            try checkCairo(status, "creating a surface for \(doing)")
            throw ChartError("Cairo could not create a surface for \(doing)")
        }
        self.pointer = pointer
        self.sink = sink
    }

    deinit {
        cairo.surface_destroy(pointer)
    }

    /// An in-memory 32-bit image of `width` × `height` pixels.
    static func image(width: Int, height: Int, alpha: Bool = false) throws(ChartError) -> CairoSurface {
        try CairoLibrary.load()
        return try CairoSurface(cairo.image_surface_create(alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24, Int32(width), Int32(height)),
                         sink: nil, doing: "a \(width)×\(height) image")
    }

    /// An SVG document `width` × `height` CSS pixels, written to a byte sink as it is finished.
    static func svg(width: Double, height: Double) throws(ChartError) -> CairoSurface {
        try CairoLibrary.load()
        let sink = CairoByteSink()
        let surface = try CairoSurface(cairo.svg_surface_create_for_stream(appendToSink, Unmanaged.passUnretained(sink).toOpaque(),
                                                                           width, height),
                                       sink: sink, doing: "an SVG document")
        cairo.svg_surface_set_document_unit(surface.pointer, CAIRO_SVG_UNIT_PX)
        return surface
    }

    /// A one-page PDF document of `width` × `height` points with fixed dates, so that the same chart
    /// always gives the same bytes.
    static func pdf(width: Double, height: Double, title: String) throws(ChartError) -> CairoSurface {
        try CairoLibrary.load()
        let sink = CairoByteSink()
        let surface = try CairoSurface(cairo.pdf_surface_create_for_stream(appendToSink, Unmanaged.passUnretained(sink).toOpaque(),
                                                                           width, height),
                                       sink: sink, doing: "a PDF document")
        cairo.pdf_surface_set_metadata(surface.pointer, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z")
        cairo.pdf_surface_set_metadata(surface.pointer, CAIRO_PDF_METADATA_MOD_DATE, "2000-01-01T00:00:00Z")
        cairo.pdf_surface_set_metadata(surface.pointer, CAIRO_PDF_METADATA_CREATOR, "nnviz")
        if !title.isEmpty { cairo.pdf_surface_set_metadata(surface.pointer, CAIRO_PDF_METADATA_TITLE, title) }
        return surface
    }

    /// Completes the document (SVG and PDF write everything here) and reports any failure.
    func finish() throws(ChartError) {
        cairo.surface_flush(pointer)
        cairo.surface_finish(pointer)
        try checkCairo(cairo.surface_status(pointer), "finishing the document")
    }

    /// The image encoded as PNG (through `PNGEncoder`, not Cairo's own PNG writer). With
    /// `flatteningOntoBackground`, an ARGB32 image's partly transparent pixels are first put onto its
    /// background (`PixelDevice.flattenOntoBackground`), as a diagram's page needs.
    func pngBytes(flatteningOntoBackground: Bool = false) throws(ChartError) -> [UInt8] {
        cairo.surface_flush(pointer)
        guard let data = cairo.image_surface_get_data(pointer) else { throw ChartError("Cairo gave no pixel buffer to encode") }
        let width = Int(cairo.image_surface_get_width(pointer))
        let height = Int(cairo.image_surface_get_height(pointer))
        let stride = Int(cairo.image_surface_get_stride(pointer))
        var hasAlpha = cairo.image_surface_get_format(pointer) == CAIRO_FORMAT_ARGB32
        if flatteningOntoBackground && hasAlpha {
            precondition(stride == width * 4, "an ARGB32 image's rows are 4 · width bytes apart")
            hasAlpha = !PixelDevice.flattenOntoBackground(UnsafeMutableRawPointer(data).assumingMemoryBound(to: UInt32.self),
                                                          width: width, height: height)
        }
        return try PNGEncoder.encode(pixels: data, width: width, height: height, stride: stride, hasAlpha: hasAlpha)
    }
}

/// A Cairo drawing context on a surface it keeps alive, with the chart font set up so that text
/// measures the same on every surface (no hinting of metrics).
final class CairoContext {
    let surface: CairoSurface
    let pointer: OpaquePointer

    init(_ surface: CairoSurface) throws(ChartError) {
        _ = FontConfiguration.installed
        guard let pointer = cairo.create(surface.pointer) else { throw ChartError("Cairo could not create a drawing context") }
        let status = cairo.status(pointer)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo.destroy(pointer)
            try checkCairo(status, "creating a drawing context")
            throw ChartError("Cairo could not create a drawing context")
        }
        self.surface = surface
        self.pointer = pointer
        guard let options = cairo.font_options_create() else { return }
        defer { cairo.font_options_destroy(options) }
        cairo.font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo.font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo.set_font_options(pointer, options)
    }

    deinit {
        cairo.destroy(pointer)
    }

    func check(_ doing: String) throws(ChartError) {
        try checkCairo(cairo.status(pointer), doing)
    }

    func setColor(_ color: RGB) {
        cairo.set_source_rgb(pointer, color.red, color.green, color.blue)
    }

    func setFont(family: String, size: Double, bold: Bool) {
        cairo.select_font_face(pointer, family, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo.set_font_size(pointer, size)
    }
}

/// Measures text with Cairo's text extents in the theme's font (DejaVu Sans).
public final class CairoTextMeasurer: TextMeasuring {
    private let context: CairoContext
    private let family: String
    /// The height of a capital H by font size (negative for bold). A chart uses a few sizes, so an
    /// array: the first use of a `Dictionary` of a new type costs a search of all of the binary's
    /// protocol conformances (about 0.35 M instructions).
    private var capHeights: [(key: Double, height: Double)] = []

    public init(fontFamily: String) throws(ChartError) {
        context = try CairoContext(CairoSurface.image(width: 1, height: 1))
        family = fontFamily
    }

    public func measure(_ string: String, size: Double, bold: Bool) -> TextMetrics {
        context.setFont(family: family, size: size, bold: bold)
        var extents = cairo_text_extents_t()
        cairo.text_extents(context.pointer, string, &extents)
        var fontExtents = cairo_font_extents_t()
        cairo.font_extents(context.pointer, &fontExtents)
        let key = bold ? -size : size
        let capHeight: Double
        if let known = capHeights.first(where: { $0.key == key }) {
            capHeight = known.height
        } else {
            var capital = cairo_text_extents_t()
            cairo.text_extents(context.pointer, "H", &capital)
            capHeight = -capital.y_bearing
            capHeights.append((key, capHeight))
        }
        return TextMetrics(width: extents.x_advance, capHeight: capHeight, descent: fontExtents.descent)
    }
}
