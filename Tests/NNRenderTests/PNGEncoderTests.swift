import Testing
@testable import NNRender

@Suite struct PNGEncoderTests {
    /// Cairo's pixels as UInt32s: alpha in the top byte, then red, green, blue, premultiplied.
    func argb(_ a: UInt32, _ r: UInt32, _ g: UInt32, _ b: UInt32) -> UInt32 { a << 24 | r << 16 | g << 8 | b }

    @Test func opaquePixelsArePackedAsRGB() {
        let pixels = [argb(255, 1, 2, 3), argb(255, 250, 128, 0), argb(255, 9, 8, 7), argb(255, 0, 0, 255)]
        let packed = pixels.withUnsafeBytes {
            PNGEncoder.packedRows(pixels: $0.baseAddress!, width: 2, height: 2, stride: 8, alpha: false)
        }
        #expect(packed == [1, 2, 3, 250, 128, 0, 9, 8, 7, 0, 0, 255])
    }

    @Test func translucentPixelsAreUnpremultipliedWithCairosRounding() {
        // Half-transparent red (128 · 255/255 premultiplied), fully transparent, and opaque grey.
        let pixels = [argb(128, 128, 0, 64), argb(0, 0, 0, 0), argb(255, 100, 100, 100)]
        let packed = pixels.withUnsafeBytes {
            PNGEncoder.packedRows(pixels: $0.baseAddress!, width: 3, height: 1, stride: 12, alpha: true)
        }
        // (128 · 255 + 64) / 128 = 255, (64 · 255 + 64) / 128 = 128.
        #expect(packed == [255, 0, 128, 128, 0, 0, 0, 0, 100, 100, 100, 255])
    }

    @Test func rowsAreReadStrideApart() {
        // Two 1-pixel rows in a buffer 2 pixels wide: the second pixel of each row is padding.
        let pixels = [argb(255, 1, 1, 1), argb(0, 99, 99, 99), argb(255, 2, 2, 2), argb(0, 99, 99, 99)]
        let packed = pixels.withUnsafeBytes {
            PNGEncoder.packedRows(pixels: $0.baseAddress!, width: 1, height: 2, stride: 8, alpha: false)
        }
        #expect(packed == [1, 1, 1, 2, 2, 2])
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
}
