internal import CDeflate

/// Encodes Cairo's 32-bit pixels as PNG: the rows unfiltered, compressed by libdeflate at a low
/// level, in the four chunks a PNG needs (signature, IHDR, IDAT, IEND). Cairo's own writer (libpng
/// trying every row filter, zlib level 6) cost more than drawing the picture itself, and zlib at any
/// level still cost twice libdeflate's level 1 for larger files (docs/performance.md). The same
/// pixels always give the same bytes.
enum PNGEncoder {
    /// libdeflate's level 1: on nnviz's flat-coloured pictures, unfiltered rows compress about as well
    /// as after adaptive row filters, at a fraction of the cost.
    static let level: Int32 = 1

    /// A PNG of `width` × `height` pixels in Cairo's ARGB32 or RGB24 layout (one native-endian UInt32
    /// per pixel, alpha in the top byte, colours premultiplied by it; rows `stride` bytes apart).
    /// Written as RGB when every pixel is opaque (always so for RGB24, whose top byte is ignored),
    /// otherwise as RGBA with the colours divided back out of the alpha.
    static func encode(pixels: UnsafeRawPointer, width: Int, height: Int, stride: Int, hasAlpha: Bool) throws(ChartError) -> [UInt8] {
        precondition(width > 0 && height > 0 && width < 1 << 31 && height < 1 << 31 && stride >= width * 4)
        let opaque = !hasAlpha || isOpaque(pixels: pixels, width: width, height: height, stride: stride)
        let rows = scanlines(pixels: pixels, width: width, height: height, stride: stride, alpha: !opaque)
        guard let compressor = libdeflate_alloc_compressor(level) else { throw ChartError("libdeflate could not start (out of memory)") }
        defer { libdeflate_free_compressor(compressor) }
        let bound = libdeflate_zlib_compress_bound(compressor, rows.count)
        let compressed = [UInt8](unsafeUninitializedCapacity: bound) { output, count in
            count = rows.withUnsafeBytes { libdeflate_zlib_compress(compressor, $0.baseAddress, $0.count, output.baseAddress, output.count) }
        }
        guard !compressed.isEmpty else { throw ChartError("libdeflate could not compress the PNG's pixels") }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png.reserveCapacity(compressed.count + 64)
        // Width, height, 8 bits per channel, RGB (2) or RGBA (6), deflate, adaptive filtering, no interlace.
        appendChunk("IHDR", bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, opaque ? 2 : 6, 0, 0, 0], to: &png)
        for start in Swift.stride(from: 0, to: compressed.count, by: maximumChunk) {
            appendChunk("IDAT", compressed[start..<min(start + maximumChunk, compressed.count)], to: &png)
        }
        appendChunk("IEND", [], to: &png)
        return png
    }

    /// The most data one IDAT chunk holds here (PNG allows 2³¹ − 1 bytes).
    static let maximumChunk = 1 << 24

    /// Appends a chunk: its length, type, data and the CRC-32 of type and data.
    private static func appendChunk(_ type: String, _ data: some Collection<UInt8>, to png: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        png += bigEndian(UInt32(data.count))
        png += typeBytes
        let dataStart = png.count
        png += data
        let crc = png.withUnsafeBufferPointer { all in
            let withType = libdeflate_crc32(0, typeBytes, typeBytes.count)
            return libdeflate_crc32(withType, all.baseAddress! + dataStart, data.count)
        }
        png += bigEndian(crc)
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
