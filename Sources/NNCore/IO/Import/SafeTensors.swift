/// A safetensors file: an 8-byte little-endian header length, a JSON header naming each tensor's
/// dtype, shape and byte range, then the data. Every claim of the header is checked against the file
/// before a number is read.
enum SafeTensors {
    /// Whether `bytes` (at least the first 10 of the file) look like a safetensors file: a header
    /// length under 4 GB and a JSON object after it. The length itself is checked when reading.
    static func hasSignature(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 10 && bytes[4..<8].allSatisfy { $0 == 0 } && bytes[8] == UInt8(ascii: "{")
    }

    /// The tensors of the file, in the header's order, widened to Float.
    static func tensors(_ bytes: [UInt8], file: String) throws(ModelFileError) -> [NamedTensor] {
        var reader = ByteReader(bytes, file: file, place: "header")
        let length = try reader.uint64()
        guard length <= UInt64(reader.remaining) else {
            throw reader.fail("claims \(length) bytes of header but the file has \(reader.remaining) (truncated or not safetensors)")
        }
        let headerRange = try reader.range(Int(length))
        let dataStart = headerRange.upperBound
        let dataSize = bytes.count - dataStart
        let header: JSONValue
        do {
            header = try JSONParser.parse(String(decoding: bytes[headerRange], as: UTF8.self))
        } catch {
            throw ModelFileError(file: file, place: "header", reason: "is not valid JSON (\(error.reason))")
        }
        guard let entries = header.object else { throw reader.fail("is not a JSON object") }
        var tensors: [NamedTensor] = []
        for (name, entry) in entries where name != "__metadata__" {
            func fail(_ reason: String) -> ModelFileError { ModelFileError(file: file, place: "tensor '\(name)'", reason: reason) }
            guard let dtype = entry["dtype"]?.string else { throw fail("has no dtype") }
            guard let format = format(dtype) else { throw fail("has the dtype \(dtype), which nnviz cannot read (F32, F16, BF16, F64, I64, I32)") }
            guard let shapeValues = entry["shape"]?.array else { throw fail("has no shape") }
            let shape = shapeValues.compactMap(\.int)
            guard shape.count == shapeValues.count, let count = StoredNumbers.elementCount(shape) else { throw fail("has an invalid shape") }
            guard let offsets = entry["data_offsets"]?.array?.compactMap(\.int), offsets.count == 2,
                  offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= dataSize else {
                throw fail("has data offsets outside the file's \(dataSize) bytes of data (truncated or corrupted?)")
            }
            let (needed, overflow) = count.multipliedReportingOverflow(by: format.size)
            guard !overflow, needed == offsets[1] - offsets[0] else {
                throw fail("claims shape \(shape) of \(dtype) but its data are \(offsets[1] - offsets[0]) bytes (corrupted?)")
            }
            let range = dataStart + offsets[0]..<dataStart + offsets[1]
            tensors.append(NamedTensor(name: name, shape: shape, values: StoredNumbers.decode(bytes, range, format: format, count: count)))
        }
        return tensors
    }

    private static func format(_ dtype: String) -> StoredNumbers.Format? {
        switch dtype {
        case "F32": return .float32
        case "F16": return .float16
        case "BF16": return .bfloat16
        case "F64": return .float64
        case "I64": return .int64
        case "I32": return .int32
        default: return nil
        }
    }
}
