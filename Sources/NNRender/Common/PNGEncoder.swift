internal import CPNG

/// Encodes Cairo's 32-bit pixels as PNG through libpng, with the row filter and zlib level nnviz chose
/// for its pictures rather than Cairo's defaults (every filter tried on every row, zlib level 6), which
/// cost more than drawing the picture itself. The same pixels always give the same bytes.
enum PNGEncoder {
    /// No row filter: on nnviz's flat-coloured pictures zlib compresses the raw rows about as well as
    /// after libpng's adaptive choice of filters, at a fraction of the cost (docs/performance.md).
    static let filter = PNG_FILTER_NONE
    /// zlib's level 3: files about 15 % larger than level 6 for a third fewer instructions.
    static let level: Int32 = 3

    /// A PNG of `width` × `height` pixels in Cairo's ARGB32 or RGB24 layout (one native-endian UInt32
    /// per pixel, alpha in the top byte, colours premultiplied by it; rows `stride` bytes apart).
    /// Written as RGB when every pixel is opaque (always so for RGB24, whose top byte is ignored),
    /// otherwise as RGBA with the colours divided back out of the alpha.
    static func encode(pixels: UnsafeRawPointer, width: Int, height: Int, stride: Int, hasAlpha: Bool) throws(ChartError) -> [UInt8] {
        precondition(width > 0 && height > 0 && stride >= width * 4)
        let opaque = !hasAlpha || isOpaque(pixels: pixels, width: width, height: height, stride: stride)
        let rows = packedRows(pixels: pixels, width: width, height: height, stride: stride, alpha: !opaque)
        let sink = PNGByteSink()
        var message = [CChar](repeating: 0, count: 200)
        let status = rows.withUnsafeBufferPointer { rows in
            nnviz_png_write(rows.baseAddress, UInt32(width), UInt32(height), rows.count / height, opaque ? 0 : 1,
                            filter, level, appendPNGBytes, Unmanaged.passUnretained(sink).toOpaque(), &message, message.count)
        }
        guard status == 0 else {
            throw ChartError("libpng could not encode the PNG: " + String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return withExtendedLifetime(sink) { sink.bytes }
    }

    /// The same for pixels held in an array, rows `width` pixels apart.
    static func encode(argb32 pixels: [UInt32], width: Int, height: Int) throws(ChartError) -> [UInt8] {
        precondition(pixels.count == width * height)
        let encoded = pixels.withUnsafeBytes { raw in
            Result { () throws(ChartError) in
                try encode(pixels: raw.baseAddress!, width: width, height: height, stride: width * 4, hasAlpha: true)
            }
        }
        return try encoded.get()
    }

    /// Whether every pixel's alpha is 255.
    static func isOpaque(pixels: UnsafeRawPointer, width: Int, height: Int, stride: Int) -> Bool {
        for row in 0..<height {
            let line = (pixels + row * stride).assumingMemoryBound(to: UInt32.self)
            for column in 0..<width where line[column] >> 24 != 0xFF { return false }
        }
        return true
    }

    /// The pixels as tightly packed bytes, R G B (and A) in that order, colours un-premultiplied.
    static func packedRows(pixels: UnsafeRawPointer, width: Int, height: Int, stride: Int, alpha: Bool) -> [UInt8] {
        let channels = alpha ? 4 : 3
        return [UInt8](unsafeUninitializedCapacity: width * height * channels) { bytes, count in
            var out = 0
            for row in 0..<height {
                let line = UnsafeBufferPointer(start: (pixels + row * stride).assumingMemoryBound(to: UInt32.self), count: width)
                if alpha {
                    for pixel in line {
                        let a = pixel >> 24
                        let rgba: UInt32  // R in the low byte, A in the high one: the bytes R G B A in memory.
                        if a == 255 {
                            rgba = pixel & 0xFF00_FF00 | (pixel >> 16 & 0xFF) | (pixel & 0xFF) << 16
                        } else if a == 0 {
                            rgba = 0
                        } else {
                            // Cairo's own rounding when it un-premultiplies: (c · 255 + a/2) / a.
                            func channel(_ shift: UInt32) -> UInt32 { ((pixel >> shift & 0xFF) * 255 + a / 2) / a }
                            rgba = a << 24 | channel(0) << 16 | channel(8) << 8 | channel(16)
                        }
                        UnsafeMutableRawPointer(bytes.baseAddress! + out).storeBytes(of: rgba.littleEndian, as: UInt32.self)
                        out += 4
                    }
                } else {
                    for pixel in line {
                        bytes[out] = UInt8(truncatingIfNeeded: pixel >> 16)
                        bytes[out + 1] = UInt8(truncatingIfNeeded: pixel >> 8)
                        bytes[out + 2] = UInt8(truncatingIfNeeded: pixel)
                        out += 3
                    }
                }
            }
            count = out
        }
    }
}

/// The bytes libpng writes, kept alive by `PNGEncoder.encode` for as long as libpng writes them.
private final class PNGByteSink {
    var bytes: [UInt8] = []
}

/// libpng's write callback; its io pointer is an unretained `PNGByteSink`. It never fails, so it never
/// calls png_error (whose jump must not cross Swift code).
private let appendPNGBytes: png_rw_ptr = { png, data, length in
    guard let png, let data, let sink = png_get_io_ptr(png) else { return }
    Unmanaged<PNGByteSink>.fromOpaque(sink).takeUnretainedValue().bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: length))
}
