internal import CZlib
import Foundation
import NNCore

/// Encodes Cairo's 32-bit pixels as PNG: the rows unfiltered, compressed by zlib at level 3, in the
/// four chunks a PNG needs (signature, IHDR, IDAT, IEND). Cairo's own writer (libpng trying every row
/// filter, zlib level 6) cost more than drawing the picture itself (docs/performance.md).
///
/// The rows are cut into parts of about `partBytes` each, which are packed and compressed at the same
/// time, one part per processor, and joined into the one zlib stream a PNG holds: each part but the
/// last ends with a flush to a byte boundary (no final block), and the stream's Adler-32 is combined
/// from the parts'. The parts depend only on the picture's size, never on the number of processors,
/// so the same pixels always give the same bytes.
enum PNGEncoder {
    /// zlib's level 3: on nnviz's flat-coloured pictures, unfiltered rows compress about as well as
    /// after adaptive row filters, at a fraction of the cost.
    static let level: Int32 = 3

    /// The rows of one part, before compression: about 512 KiB (a 376 × 994 diagram is 2 parts).
    static let partBytes = 512 * 1024

    /// A PNG of `width` × `height` pixels in Cairo's ARGB32 or RGB24 layout (one native-endian UInt32
    /// per pixel, alpha in the top byte, colours premultiplied by it; rows `stride` bytes apart).
    /// Written as RGB when every pixel is opaque (always so for RGB24, whose top byte is ignored),
    /// otherwise as RGBA with the colours divided back out of the alpha. `partBytes` and `threads`
    /// are for tests: the bytes depend on the first, never on the second.
    static func encode(pixels: UnsafeRawPointer, width: Int, height: Int, stride: Int, hasAlpha: Bool,
                       partBytes: Int = partBytes, threads: Int? = nil) throws(ChartError) -> [UInt8] {
        precondition(width > 0 && height > 0 && width < 1 << 31 && height < 1 << 31 && stride >= width * 4 && partBytes > 0)
        let opaque = !hasAlpha || isOpaque(pixels: pixels, width: width, height: height, stride: stride)
        let rowBytes = 1 + width * (opaque ? 3 : 4)
        let wanted = min(height, max(1, Int((Double(rowBytes) * Double(height) / Double(partBytes)).rounded())))
        let rowsPerPart = (height + wanted - 1) / wanted
        let partCount = (height + rowsPerPart - 1) / rowsPerPart
        let parts = Slots<Part>(count: partCount)
        concurrently(partCount, threads: threads ?? processorCount) { index in
            let first = index * rowsPerPart
            let rows = scanlines(pixels: pixels + first * stride, width: width, height: min(rowsPerPart, height - first),
                                 stride: stride, alpha: !opaque)
            parts[index] = Part(rows, last: index == partCount - 1)
        }
        // The zlib header (deflate with a 32 KiB window, a fast level, as zlib writes it for level 3),
        // the parts, the Adler-32.
        var stream: [UInt8] = [0x78, 0x5E]
        var adler: UInt = 1
        for index in 0..<partCount {
            guard let part = parts[index], let data = part.compressed else { throw ChartError("zlib could not compress the PNG's pixels") }
            adler = adler32_combine(adler, part.adler, part.length)
            stream += data
        }
        stream += bigEndian(UInt32(truncatingIfNeeded: adler))

        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png.reserveCapacity(stream.count + 64)
        // Width, height, 8 bits per channel, RGB (2) or RGBA (6), deflate, adaptive filtering, no interlace.
        appendChunk("IHDR", bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, opaque ? 2 : 6, 0, 0, 0], to: &png)
        for start in Swift.stride(from: 0, to: stream.count, by: maximumChunk) {
            appendChunk("IDAT", stream[start..<min(start + maximumChunk, stream.count)], to: &png)
        }
        appendChunk("IEND", [], to: &png)
        return png
    }

    /// The most data one IDAT chunk holds here (PNG allows 2³¹ − 1 bytes).
    static let maximumChunk = 1 << 24

    /// One part of the rows, compressed: its raw deflate data (nil: zlib failed), and the Adler-32
    /// and length of its rows.
    struct Part {
        let adler: UInt
        let length: Int
        let compressed: [UInt8]?

        /// Compresses `rows`; a part that is not the `last` ends with a sync flush (no final block,
        /// then an empty stored block to a byte boundary), so the next part's data can follow it.
        init(_ rows: [UInt8], last: Bool) {
            length = rows.count
            (adler, compressed) = rows.withUnsafeBufferPointer { input -> (UInt, [UInt8]?) in
                let adler = CZlib.adler32(1, input.baseAddress, uInt(input.count))
                var stream = z_stream()
                guard nnviz_deflate_init_raw(&stream, PNGEncoder.level) == Z_OK else { return (adler, nil) }
                defer { deflateEnd(&stream) }
                // deflateBound is for a finished stream; a sync flush adds at most an empty stored block.
                let bound = Int(deflateBound(&stream, uLong(input.count))) + 16
                let output = [UInt8](unsafeUninitializedCapacity: bound) { output, count in
                    stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                    stream.avail_in = uInt(input.count)
                    stream.next_out = output.baseAddress
                    stream.avail_out = uInt(output.count)
                    let status = deflate(&stream, last ? Z_FINISH : Z_SYNC_FLUSH)
                    let done = last ? status == Z_STREAM_END : status == Z_OK && stream.avail_in == 0 && stream.avail_out > 0
                    count = done ? output.count - Int(stream.avail_out) : 0
                }
                return (adler, output.isEmpty ? nil : output)
            }
        }
    }

    /// Slots that the threads of `concurrently` fill, each slot by one thread only, read after it
    /// has returned.
    final class Slots<Value>: @unchecked Sendable {
        private let values: UnsafeMutableBufferPointer<Value?>
        init(count: Int) {
            values = .allocate(capacity: count)
            values.initialize(repeating: nil)
        }
        deinit {
            values.deinitialize()
            values.deallocate()
        }
        subscript(index: Int) -> Value? {
            get { values[index] }
            set { values[index] = newValue }
        }
    }

    /// Appends a chunk: its length, type, data and the CRC-32 of type and data.
    private static func appendChunk(_ type: String, _ data: some Collection<UInt8>, to png: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        png += bigEndian(UInt32(data.count))
        png += typeBytes
        let dataStart = png.count
        png += data
        let crc = png.withUnsafeBufferPointer { all in
            let withType = typeBytes.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
            return crc32(withType, all.baseAddress! + dataStart, uInt(data.count))
        }
        png += bigEndian(UInt32(truncatingIfNeeded: crc))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
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
            var allBits: UInt32 = 0xFFFF_FFFF
            for column in 0..<width { allBits &= line[column] }
            if allBits >> 24 != 0xFF { return false }
        }
        return true
    }

    /// The rows as PNG stores them before compression: each a filter byte (0, none) and then its
    /// pixels as bytes, R G B (and A) in that order, colours un-premultiplied.
    static func scanlines(pixels: UnsafeRawPointer, width: Int, height: Int, stride: Int, alpha: Bool) -> [UInt8] {
        let channels = alpha ? 4 : 3
        // One byte more than the rows: an RGB pixel is stored as four bytes, the fourth overwritten next.
        return [UInt8](unsafeUninitializedCapacity: (1 + width * channels) * height + 1) { bytes, count in
            var out = 0
            for row in 0..<height {
                let line = UnsafeBufferPointer(start: (pixels + row * stride).assumingMemoryBound(to: UInt32.self), count: width)
                bytes[out] = 0
                out += 1
                if alpha {
                    // Every pixel as if opaque (R in the low byte, A in the high one: the bytes R G B A
                    // in memory), in one pass the compiler can vectorise; then the few that are not.
                    let output = UnsafeMutableRawPointer(bytes.baseAddress! + out)
                    var allBits: UInt32 = 0xFFFF_FFFF
                    for column in 0..<width {
                        let pixel = line[column]
                        allBits &= pixel
                        let rgba = pixel & 0xFF00_FF00 | (pixel >> 16 & 0xFF) | (pixel & 0xFF) << 16
                        output.storeBytes(of: rgba.littleEndian, toByteOffset: column * 4, as: UInt32.self)
                    }
                    if allBits >> 24 != 0xFF {
                        for column in 0..<width where line[column] >> 24 != 0xFF {
                            let pixel = line[column]
                            let a = pixel >> 24
                            var rgba: UInt32 = 0
                            if a != 0 {
                                // Cairo's own rounding when it un-premultiplies: (c · 255 + a/2) / a.
                                func channel(_ shift: UInt32) -> UInt32 { ((pixel >> shift & 0xFF) * 255 + a / 2) / a }
                                rgba = a << 24 | channel(0) << 16 | channel(8) << 8 | channel(16)
                            }
                            output.storeBytes(of: rgba.littleEndian, toByteOffset: column * 4, as: UInt32.self)
                        }
                    }
                    out += width * 4
                } else {
                    let output = UnsafeMutableRawPointer(bytes.baseAddress! + out)
                    for column in 0..<width {
                        let pixel = line[column]
                        let rgb = pixel >> 16 & 0xFF | pixel & 0xFF00 | (pixel & 0xFF) << 16
                        output.storeBytes(of: rgb.littleEndian, toByteOffset: column * 3, as: UInt32.self)
                    }
                    out += width * 3
                }
            }
            count = out
        }
    }
}
