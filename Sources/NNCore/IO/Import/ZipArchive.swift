/// The members of a zip archive, as Keras writes a `.keras` file: stored (uncompressed) members,
/// found through the central directory and checked against their CRC-32. Compressed members are
/// refused with a message; docs/your-model.md says why nnviz does without a zip library.
struct ZipArchive {
    let file: String
    private let bytes: [UInt8]
    /// Each member's name and where its data lies in `bytes`.
    private(set) var members: [(name: String, data: Range<Int>, method: UInt16, crc: UInt32)] = []

    static func hasSignature(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

    init(_ bytes: [UInt8], file: String) throws(ModelFileError) {
        self.file = file
        self.bytes = bytes
        var reader = ByteReader(bytes, file: file, place: "zip directory")
        // The end-of-central-directory record: 22 bytes plus a comment of up to 65,535 bytes.
        let earliest = max(0, bytes.count - 22 - 65_535)
        guard let end = stride(from: bytes.count - 22, through: earliest, by: -1).first(where: {
            bytes[$0] == 0x50 && bytes[$0 + 1] == 0x4B && bytes[$0 + 2] == 0x05 && bytes[$0 + 3] == 0x06
        }) else {
            throw reader.fail("has no end-of-directory record (truncated or not a zip archive)")
        }
        try reader.seek(to: end + 10)
        let count = Int(try reader.uint16())
        let directorySize = Int(try reader.uint32())
        let directoryOffset = Int(try reader.uint32())
        guard directoryOffset != 0xFFFF_FFFF, directorySize <= end, directoryOffset <= end - directorySize else {
            throw reader.fail("points outside the file (truncated, corrupted or a ZIP64 archive)")
        }
        try reader.seek(to: directoryOffset)
        for index in 0..<count {
            reader.place = "zip directory entry \(index)"
            guard try reader.uint32() == 0x0201_4B50 else { throw reader.fail("is corrupted (no entry signature)") }
            try reader.skip(6)
            let method = try reader.uint16()
            try reader.skip(4)
            let crc = try reader.uint32()
            let compressedSize = Int(try reader.uint32())
            let size = Int(try reader.uint32())
            let nameLength = Int(try reader.uint16())
            let extraLength = Int(try reader.uint16())
            let commentLength = Int(try reader.uint16())
            try reader.skip(8)
            let localOffset = Int(try reader.uint32())
            let name = String(decoding: bytes[try reader.range(nameLength)], as: UTF8.self)
            try reader.skip(extraLength + commentLength)
            guard method != 0 || compressedSize == size else { throw reader.fail("member '\(name)' has inconsistent sizes") }
            // The local header repeats the name and may have its own extra field; the data follow it.
            var local = ByteReader(bytes, file: file, place: "zip member '\(name)'")
            try local.seek(to: localOffset)
            guard try local.uint32() == 0x0403_4B50 else { throw local.fail("is corrupted (no local header)") }
            try local.skip(22)
            let localName = Int(try local.uint16())
            let localExtra = Int(try local.uint16())
            try local.skip(localName + localExtra)
            let data = try local.range(compressedSize)
            members.append((name, data, method, crc))
        }
    }

    /// The bytes of the member `name` (a slice of the archive, not a copy), or nil when the archive
    /// has no such member.
    func member(_ name: String) throws(ModelFileError) -> ArraySlice<UInt8>? {
        guard let member = members.first(where: { $0.name == name }) else { return nil }
        guard member.method == 0 else {
            throw ModelFileError(file: file, place: "zip member '\(name)'",
                                 reason: "is compressed (method \(member.method)); nnviz reads the stored members Keras writes, so save the model again with model.save()")
        }
        let data = bytes[member.data]
        guard CRC32.checksum(data) == member.crc else {
            throw ModelFileError(file: file, place: "zip member '\(name)'", reason: "fails its CRC-32 check (corrupted)")
        }
        return data
    }
}

/// The CRC-32 of zip (polynomial 0xEDB88320, reflected), eight bytes a step ("slicing by 8": eight
/// tables, each advancing the remainder by one more byte).
enum CRC32 {
    private static let tables: [UInt32] = {
        var tables = [UInt32](repeating: 0, count: 8 * 256)
        for n in 0..<256 {
            var c = UInt32(n)
            for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            tables[n] = c
        }
        for k in 1..<8 {
            for n in 0..<256 {
                let previous = tables[(k - 1) * 256 + n]
                tables[k * 256 + n] = (previous >> 8) ^ tables[Int(previous & 0xFF)]
            }
        }
        return tables
    }()

    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        tables.withUnsafeBufferPointer { t in
            bytes.withUnsafeBufferPointer { data in
                var index = 0
                while index + 8 <= data.count {
                    let low = crc ^ (UInt32(data[index]) | UInt32(data[index + 1]) << 8 | UInt32(data[index + 2]) << 16 | UInt32(data[index + 3]) << 24)
                    crc = t[7 * 256 + Int(low & 0xFF)] ^ t[6 * 256 + Int((low >> 8) & 0xFF)]
                        ^ t[5 * 256 + Int((low >> 16) & 0xFF)] ^ t[4 * 256 + Int(low >> 24)]
                        ^ t[3 * 256 + Int(data[index + 4])] ^ t[2 * 256 + Int(data[index + 5])]
                        ^ t[1 * 256 + Int(data[index + 6])] ^ t[Int(data[index + 7])]
                    index += 8
                }
                while index < data.count {
                    crc = t[Int((crc ^ UInt32(data[index])) & 0xFF)] ^ (crc >> 8)
                    index += 1
                }
            }
        }
        return crc ^ 0xFFFF_FFFF
    }
}
