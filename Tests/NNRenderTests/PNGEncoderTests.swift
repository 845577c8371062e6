import CZlib
import Testing
@testable import NNRender

@Suite struct PNGEncoderTests {
    /// Cairo's pixels as UInt32s: alpha in the top byte, then red, green, blue, premultiplied.
    func argb(_ a: UInt32, _ r: UInt32, _ g: UInt32, _ b: UInt32) -> UInt32 { a << 24 | r << 16 | g << 8 | b }

    @Test func opaquePixelsArePackedAsRGBAfterAFilterByte() {
        let pixels = [argb(255, 1, 2, 3), argb(255, 250, 128, 0), argb(255, 9, 8, 7), argb(255, 0, 0, 255)]
        let packed = pixels.withUnsafeBytes {
            PNGEncoder.scanlines(pixels: $0.baseAddress!, width: 2, height: 2, stride: 8, alpha: false)
        }
        #expect(packed == [0, 1, 2, 3, 250, 128, 0, 0, 9, 8, 7, 0, 0, 255])
    }

    @Test func translucentPixelsAreUnpremultipliedWithCairosRounding() {
        // Half-transparent red (128 · 255/255 premultiplied), fully transparent, and opaque grey.
        let pixels = [argb(128, 128, 0, 64), argb(0, 0, 0, 0), argb(255, 100, 100, 100)]
        let packed = pixels.withUnsafeBytes {
            PNGEncoder.scanlines(pixels: $0.baseAddress!, width: 3, height: 1, stride: 12, alpha: true)
        }
        // (128 · 255 + 64) / 128 = 255, (64 · 255 + 64) / 128 = 128.
        #expect(packed == [0, 255, 0, 128, 128, 0, 0, 0, 0, 100, 100, 100, 255])
    }

    @Test func rowsAreReadStrideApart() {
        // Two 1-pixel rows in a buffer 2 pixels wide: the second pixel of each row is padding.
        let pixels = [argb(255, 1, 1, 1), argb(0, 99, 99, 99), argb(255, 2, 2, 2), argb(0, 99, 99, 99)]
        let packed = pixels.withUnsafeBytes {
            PNGEncoder.scanlines(pixels: $0.baseAddress!, width: 1, height: 2, stride: 8, alpha: false)
        }
        #expect(packed == [0, 1, 1, 1, 0, 2, 2, 2])
        #expect(pixels.withUnsafeBytes { PNGEncoder.isOpaque(pixels: $0.baseAddress!, width: 1, height: 2, stride: 8) })
        #expect(!pixels.withUnsafeBytes { PNGEncoder.isOpaque(pixels: $0.baseAddress!, width: 2, height: 2, stride: 8) })
    }

    /// The PNG's colour type (byte 25: 2 is RGB, 6 is RGBA), width and height from its IHDR chunk.
    func header(_ png: [UInt8]) -> (width: Int, height: Int, colorType: UInt8) {
        (png[16..<20].reduce(0) { $0 << 8 | Int($1) }, png[20..<24].reduce(0) { $0 << 8 | Int($1) }, png[25])
    }

    @Test(arguments: [(UInt32(255), UInt8(2)), (UInt32(200), UInt8(6))])
    func writesAPNGOfTheRightKind(alpha: UInt32, colorType: UInt8) throws {
        let pixels = (0..<(40 * 30)).map { argb(alpha, UInt32($0 % 200), 50, 60) }
        let png = try PNGEncoder.encode(argb32: pixels, width: 40, height: 30)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let (width, height, type) = header(png)
        #expect(width == 40 && height == 30 && type == colorType)
        #expect(Array(png.suffix(8)) == Array("IEND".utf8) + [0xAE, 0x42, 0x60, 0x82])
        #expect(try PNGEncoder.encode(argb32: pixels, width: 40, height: 30) == png)
    }

    /// CRC-32 as the PNG specification defines it, bit by bit (an oracle independent of zlib).
    func crc32(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        }
        return ~crc
    }

    /// The PNG read back: every chunk's CRC checked, the IDAT data inflated (by zlib's inflate, not
    /// the deflate that wrote it) and equal to the scanlines, whether the rows were compressed as one
    /// part or as many, on one thread or several; the bytes never depend on the number of threads.
    @Test(arguments: [UInt32(255), 200], [PNGEncoder.partBytes, 5_000, 1])
    func thePNGInflatesToItsScanlinesAndEveryChunkChecksOut(alpha: UInt32, partBytes: Int) throws {
        let pixels = (0..<(300 * 70)).map { (index: Int) -> UInt32 in
            argb(alpha, UInt32(index % 7 * 30), UInt32(index / 300), 60)
        }
        func encoded(threads: Int?) throws -> [UInt8] {
            try pixels.withUnsafeBytes { raw in
                try PNGEncoder.encode(pixels: raw.baseAddress!, width: 300, height: 70, stride: 1200, hasAlpha: true,
                                      partBytes: partBytes, threads: threads)
            }
        }
        let png = try encoded(threads: nil)
        for threads in [1, 2, 3] { #expect(try encoded(threads: threads) == png, "\(threads) threads gave other bytes") }
        var offset = 8
        var types: [String] = []
        var data: [UInt8] = []
        while offset < png.count {
            let length = png[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            let chunk = png[offset + 4..<offset + 8 + length]
            let crc = png[offset + 8 + length..<offset + 12 + length].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            #expect(crc == crc32(chunk))
            let type = String(decoding: chunk.prefix(4), as: UTF8.self)
            types.append(type)
            if type == "IDAT" { data += chunk.dropFirst(4) }
            offset += 12 + length
        }
        #expect(types == ["IHDR", "IDAT", "IEND"])
        let expected = pixels.withUnsafeBytes {
            PNGEncoder.scanlines(pixels: $0.baseAddress!, width: 300, height: 70, stride: 1200, alpha: alpha != 255)
        }
        var inflated = [UInt8](repeating: 0, count: expected.count + 1)
        var size = uLongf(inflated.count)
        let result = data.withUnsafeBufferPointer { input in
            inflated.withUnsafeMutableBufferPointer { output in
                uncompress(output.baseAddress, &size, input.baseAddress, uLong(input.count))
            }
        }
        #expect(result == Z_OK)
        #expect(Int(size) == expected.count && Array(inflated.prefix(Int(size))) == expected)
    }
}
