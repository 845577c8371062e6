internal import CCairo
internal import CGIF
import Foundation

/// The write callback giflib calls; the file's `UserData` is an unretained `CairoByteSink`.
private let appendGIFBytes: OutputFunc = { file, data, length in
    guard let file, let data, let sink = file.pointee.UserData else { return 0 }
    Unmanaged<CairoByteSink>.fromOpaque(sink).takeUnretainedValue().bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
    return length
}

/// An animated GIF built frame by frame with giflib: one global palette, looping forever.
final class GIFWriter {
    private let file: UnsafeMutablePointer<GifFileType>
    private let sink = CairoByteSink()
    private var palette: GIFPalette
    private var closed = false
    let width: Int
    let height: Int

    init(width: Int, height: Int, palette: GIFPalette) throws(ChartError) {
        var error: Int32 = 0
        guard let file = EGifOpen(Unmanaged.passUnretained(sink).toOpaque(), appendGIFBytes, &error) else {
            throw ChartError("giflib could not start a GIF (error \(error))")
        }
        self.file = file
        self.width = width
        self.height = height
        self.palette = palette
        EGifSetGifVersion(file, true)
        var colors = palette.colors.map { GifColorType(Red: UInt8($0 >> 16 & 0xFF), Green: UInt8($0 >> 8 & 0xFF), Blue: UInt8($0 & 0xFF)) }
        colors += Array(repeating: GifColorType(Red: 0, Green: 0, Blue: 0), count: 256 - colors.count)
        guard let map = GifMakeMapObject(256, colors) else { throw ChartError("giflib could not make a colour map") }
        defer { GifFreeMapObject(map) }
        try check(EGifPutScreenDesc(file, Int32(width), Int32(height), 8, 0, map), "writing the GIF header")
        // The NETSCAPE2.0 extension: loop forever.
        try check(EGifPutExtensionLeader(file, APPLICATION_EXT_FUNC_CODE), "writing the loop extension")
        let application = Array("NETSCAPE2.0".utf8)
        try check(EGifPutExtensionBlock(file, Int32(application.count), application), "writing the loop extension")
        try check(EGifPutExtensionBlock(file, 3, [1, 0, 0]), "writing the loop extension")
        try check(EGifPutExtensionTrailer(file), "writing the loop extension")
    }

    deinit {
        if !closed {
            var error: Int32 = 0
            EGifCloseFile(file, &error)
        }
    }

    private func check(_ status: Int32, _ doing: String) throws(ChartError) {
        guard status == GIF_OK else { throw ChartError("giflib failed while \(doing) (error \(file.pointee.Error))") }
    }

    /// Adds one frame of `width` × `height` 0xRRGGBB pixels, shown for `delay` hundredths of a second.
    func add(_ pixels: [UInt32], delay: Int) throws(ChartError) {
        precondition(pixels.count == width * height)
        var control = GraphicsControlBlock(DisposalMode: DISPOSAL_UNSPECIFIED, UserInputFlag: false, DelayTime: Int32(delay),
                                           TransparentColor: NO_TRANSPARENT_COLOR)
        var extensionBytes = [GifByteType](repeating: 0, count: 4)
        let length = EGifGCBToExtension(&control, &extensionBytes)
        try check(EGifPutExtension(file, GRAPHICS_EXT_FUNC_CODE, Int32(length), extensionBytes), "writing a frame's delay")
        try check(EGifPutImageDesc(file, 0, 0, Int32(width), Int32(height), false, nil), "starting a frame")
        var line = [GifPixelType](repeating: 0, count: width)
        for row in 0..<height {
            for column in 0..<width { line[column] = palette.index(of: pixels[row * width + column]) }
            try check(EGifPutLine(file, &line, Int32(width)), "writing a frame")
        }
    }

    /// Ends the GIF and returns its bytes.
    func finish() throws(ChartError) -> [UInt8] {
        var error: Int32 = 0
        closed = true
        guard EGifCloseFile(file, &error) == GIF_OK else { throw ChartError("giflib failed while finishing the GIF (error \(error))") }
        return sink.bytes
    }
}

extension ChartRenderer {
    /// The chart drawn at `dpi` as 0xRRGGBB pixels, row by row.
    static func pixels(_ drawing: ChartDrawing, dpi: Double, fontFamily: String) throws(ChartError) -> (width: Int, height: Int, pixels: [UInt32]) {
        let scale = dpi / 96
        let width = Int((drawing.width * scale).rounded())
        let height = Int((drawing.height * scale).rounded())
        guard width > 0, height > 0, width <= 32_767, height <= 32_767 else {
            throw ChartError("a \(width)×\(height) pixel frame is outside what Cairo can draw (1 to 32767 pixels a side)")
        }
        let surface = try CairoSurface.image(width: width, height: height)
        try draw(drawing, on: surface, scale: scale, fontFamily: fontFamily)
        cairo.surface_flush(surface.pointer)
        guard let data = cairo.image_surface_get_data(surface.pointer) else { throw ChartError("Cairo gave no pixel buffer for a frame") }
        let stride = Int(cairo.image_surface_get_stride(surface.pointer))
        var pixels = [UInt32](repeating: 0, count: width * height)
        for row in 0..<height {
            let line = (data + row * stride).withMemoryRebound(to: UInt32.self, capacity: width) { $0 }
            for column in 0..<width { pixels[row * width + column] = line[column] & 0xFF_FFFF }
        }
        return (width, height, pixels)
    }

    /// An animated GIF of `count` frames made one at a time by `frame` (all the size of the first), each
    /// shown for `delay(index)` hundredths of a second, in a fixed palette for the theme and `colors`.
    public static func gif(count: Int, dpi: Double, theme: Theme, colors: [RGB], delay: (Int) -> Int,
                           frame: (Int) -> ChartDrawing) throws(ChartError) -> Data {
        guard count > 0 else { throw ChartError("an animation needs at least one frame") }
        var writer: GIFWriter?
        for index in 0..<count {
            let image = try pixels(frame(index), dpi: dpi, fontFamily: theme.fontFamily)
            if writer == nil {
                writer = try GIFWriter(width: image.width, height: image.height, palette: GIFPalette(theme: theme, colors: colors))
            }
            guard let writer else { break }
            precondition(image.width == writer.width && image.height == writer.height, "every frame has the first frame's size")
            try writer.add(image.pixels, delay: delay(index))
        }
        guard let writer else { throw ChartError("an animation needs at least one frame") }
        return Data(try writer.finish())
    }
}
