import CPNG
import Glibc

/// Encodes Cairo's 32-bit pixels as PNG through libpng, with the row filter and zlib level nnviz chose
/// for its pictures rather than Cairo's defaults (every filter tried on every row, zlib level 6), which
/// cost more than drawing the picture itself. The same pixels always give the same bytes.
enum PNGEncoder {
    /// The row filter: "up" (each byte minus the one above it) turns the flat rows of a chart or a
    /// diagram into runs of zeros, which zlib's fast levels compress as well as the adaptive choice.
    static let filter = Int32(getenv("F").map { String(cString: $0) }.flatMap { Int($0) } ?? Int(PNG_FILTER_UP))
    /// zlib's level: 1 gives files about a third larger than level 6 at a fraction of the cost
    /// (docs/performance.md has the measurements).
    static let level: Int32 = Int32(getenv("L").map { String(cString: $0) }.flatMap { Int($0) } ?? 1)
    static let strategy: Int32 = Int32(getenv("S").map { String(cString: $0) }.flatMap { Int($0) } ?? 0)

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
                            filter, level, strategy, appendPNGBytes, Unmanaged.passUnretained(sink).toOpaque(), &message, message.count)
        }
        guard status == 0 else {
            throw ChartError("libpng could not encode the PNG: " + String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return withExtendedLifetime(sink) { sink.bytes }
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
                        // Cairo's own rounding when it un-premultiplies: (c · 255 + a/2) / a.
                        func channel(_ shift: UInt32) -> UInt8 {
                            let c = pixel >> shift & 0xFF
                            return a == 0 ? 0 : UInt8(truncatingIfNeeded: (c * 255 + a / 2) / a)
                        }
                        bytes[out] = channel(16)
                        bytes[out + 1] = channel(8)
                        bytes[out + 2] = channel(0)
                        bytes[out + 3] = UInt8(truncatingIfNeeded: a)
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
