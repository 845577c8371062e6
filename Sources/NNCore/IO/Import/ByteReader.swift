/// Bounds-checked little-endian reading of a binary file: every read checks that the bytes are there,
/// and a length read from the file is checked against what is left before it is used.
struct ByteReader {
    let bytes: [UInt8]
    /// The file's name and the place being read, for messages.
    let file: String
    var place: String
    private(set) var offset: Int
    let end: Int

    init(_ bytes: [UInt8], file: String, place: String, range: Range<Int>? = nil) {
        self.bytes = bytes
        self.file = file
        self.place = place
        self.offset = range?.lowerBound ?? 0
        self.end = range?.upperBound ?? bytes.count
    }

    var remaining: Int { end - offset }
    var isAtEnd: Bool { offset >= end }

    func fail(_ reason: String) -> ModelFileError { ModelFileError(file: file, place: place, reason: reason) }

    mutating func seek(to position: Int) throws(ModelFileError) {
        guard position >= 0, position <= end else { throw fail("points past the end of the file (truncated or corrupted?)") }
        offset = position
    }

    mutating func skip(_ count: Int) throws(ModelFileError) {
        guard count >= 0, count <= remaining else { throw fail("ends early (truncated or corrupted?)") }
        offset += count
    }

    /// The next `count` bytes as a range of `bytes`, checked against what is left.
    mutating func range(_ count: Int) throws(ModelFileError) -> Range<Int> {
        guard count >= 0, count <= remaining else { throw fail("ends early: \(count) bytes claimed, \(remaining) left (truncated or corrupted?)") }
        defer { offset += count }
        return offset..<offset + count
    }

    mutating func uint8() throws(ModelFileError) -> UInt8 {
        guard offset < end else { throw fail("ends early (truncated or corrupted?)") }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// An unsigned little-endian integer of `size` bytes (at most 8).
    mutating func littleEndian(_ size: Int) throws(ModelFileError) -> UInt64 {
        let span = try range(size)
        var value: UInt64 = 0
        for index in span.reversed() { value = value << 8 | UInt64(bytes[index]) }
        return value
    }

    mutating func uint16() throws(ModelFileError) -> UInt16 { UInt16(try littleEndian(2)) }
    mutating func uint32() throws(ModelFileError) -> UInt32 { UInt32(try littleEndian(4)) }
    mutating func uint64() throws(ModelFileError) -> UInt64 { try littleEndian(8) }

    /// A protobuf base-128 varint: at most ten bytes.
    mutating func varint() throws(ModelFileError) -> UInt64 {
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 70, by: 7) {
            let byte = try uint8()
            value |= UInt64(byte & 0x7F) << UInt64(shift)
            if byte & 0x80 == 0 { return value }
        }
        throw fail("holds a malformed number (a varint longer than ten bytes)")
    }
}

/// Widening of stored number formats to Float.
enum StoredNumbers {
    /// The IEEE half-precision number with these bits.
    static func float16(_ bits: UInt16) -> Float { Float(Float16(bitPattern: bits)) }
    /// The bfloat16 number with these bits: the top half of a Float.
    static func bfloat16(_ bits: UInt16) -> Float { Float(bitPattern: UInt32(bits) << 16) }

    /// `count` little-endian numbers of `format` from `bytes[range]`, widened to Float; the caller has
    /// checked that the range holds exactly `count` of them.
    static func decode(_ bytes: [UInt8], _ range: Range<Int>, format: Format, count: Int) -> [Float] {
        precondition(range.count == count * format.size, "the caller checks the byte count")
        var values = [Float](repeating: 0, count: count)
        bytes.withUnsafeBytes { raw in
            let base = raw.baseAddress! + range.lowerBound
            for index in 0..<count {
                let at = base + index * format.size
                switch format {
                case .float32: values[index] = Float(bitPattern: UInt32(littleEndian: at.loadUnaligned(as: UInt32.self)))
                case .float16: values[index] = float16(UInt16(littleEndian: at.loadUnaligned(as: UInt16.self)))
                case .bfloat16: values[index] = bfloat16(UInt16(littleEndian: at.loadUnaligned(as: UInt16.self)))
                case .float64: values[index] = Float(Double(bitPattern: UInt64(littleEndian: at.loadUnaligned(as: UInt64.self))))
                case .int64: values[index] = Float(Int64(littleEndian: at.loadUnaligned(as: Int64.self)))
                case .int32: values[index] = Float(Int32(littleEndian: at.loadUnaligned(as: Int32.self)))
                }
            }
        }
        return values
    }

    enum Format {
        case float32, float16, bfloat16, float64, int64, int32

        var size: Int {
            switch self {
            case .float16, .bfloat16: return 2
            case .float32, .int32: return 4
            case .float64, .int64: return 8
            }
        }
    }

    /// The number of elements of `shape`, or nil when it overflows or has a negative dimension.
    static func elementCount(_ shape: [Int]) -> Int? {
        var count = 1
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow else { return nil }
            count = product
        }
        return count
    }
}
