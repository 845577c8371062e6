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

    /// The bytes of the member `name`, or nil when the archive has no such member.
    func member(_ name: String) throws(ModelFileError) -> [UInt8]? {
        guard let member = members.first(where: { $0.name == name }) else { return nil }
        guard member.method == 0 else {
            throw ModelFileError(file: file, place: "zip member '\(name)'",
                                 reason: "is compressed (method \(member.method)); nnviz reads the stored members Keras writes, so save the model again with model.save()")
        }
        let data = Array(bytes[member.data])
        guard CRC32.checksum(data) == member.crc else {
            throw ModelFileError(file: file, place: "zip member '\(name)'", reason: "fails its CRC-32 check (corrupted)")
        }
        return data
    }
}

/// The CRC-32 of zip (polynomial 0xEDB88320, reflected).
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        table.withUnsafeBufferPointer { table in
            for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        }
        return crc ^ 0xFFFF_FFFF
    }
}
