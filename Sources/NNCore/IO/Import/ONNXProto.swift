/// The part of ONNX's protobuf schema (onnx.proto, proto2 field numbers) that nnviz reads, decoded by
/// hand: a model's graph, its nodes and attributes, its initializers and its input shapes. Unknown
/// fields are skipped; every length is checked against what is left of its enclosing message, and a
/// tensor's data stay a range of the file until `ONNXTensor.values` checks them against its shape.
struct ONNXModel {
    var irVersion: Int64 = 0
    var producer = ""
    var opsets: [(domain: String, version: Int64)] = []
    var graph = ONNXGraph()
}

struct ONNXGraph {
    var name = ""
    var nodes: [ONNXNode] = []
    var initializers: [ONNXTensor] = []
    var inputs: [(name: String, shape: [Int?])] = []
    var outputs: [String] = []
}

struct ONNXNode {
    var name = ""
    var opType = ""
    var domain = ""
    var inputs: [String] = []
    var outputs: [String] = []
    var attributes: [String: ONNXAttribute] = [:]
}

struct ONNXAttribute {
    var float: Float?
    var int: Int64?
    var string: String?
    var tensor: ONNXTensor?
    var ints: [Int64] = []
    var floats: [Float] = []
}

struct ONNXTensor {
    var name = ""
    var dims: [Int64] = []
    var dataType: Int64 = 0
    /// Where each kind of data lies in the file.
    var rawData: Range<Int>?
    var floatData: [Float] = []
    var int32Data: [Int64] = []
    var int64Data: [Int64] = []
    var doubleData: [Double] = []
    var externalData: [String: String] = [:]
    var isExternal = false
}

/// Decoding of the messages above from protobuf's wire format.
struct ONNXDecoder {
    private var reader: ByteReader

    /// Decodes the whole file as a ModelProto.
    static func model(_ bytes: [UInt8], file: String) throws(ModelFileError) -> ONNXModel {
        var decoder = ONNXDecoder(reader: ByteReader(bytes, file: file, place: "ModelProto"))
        return try decoder.model(until: bytes.count)
    }

    /// Whether `bytes` start like an ONNX ModelProto: field 1 (ir_version) as a varint, as every
    /// exporter writes it first.
    static func hasSignature(_ bytes: [UInt8]) -> Bool {
        bytes.count > 2 && bytes[0] == 0x08 && bytes[1] < 0x80 && bytes[1] > 0 && bytes[2] & 0x07 == 2
    }

    private enum Wire { case varint(UInt64), fixed64(UInt64), bytes(Range<Int>), fixed32(UInt32) }

    /// Calls `body` with each field of the message that ends at `end`.
    private mutating func fields(until end: Int, _ body: (inout ONNXDecoder, Int, Wire) throws(ModelFileError) -> Void) throws(ModelFileError) {
        while reader.offset < end {
            let key = try reader.varint()
            let field = Int(truncatingIfNeeded: key >> 3)
            let value: Wire
            switch key & 7 {
            case 0: value = .varint(try reader.varint())
            case 1: value = .fixed64(try reader.uint64())
            case 2:
                let length = try reader.varint()
                // The key itself may run past the message's end in a corrupted file.
                guard reader.offset <= end, length <= UInt64(end - reader.offset) else {
                    throw reader.fail("field \(field) claims \(length) bytes but its message has \(max(0, end - reader.offset)) left (truncated or corrupted?)")
                }
                value = .bytes(try reader.range(Int(length)))
            case 5: value = .fixed32(try reader.uint32())
            default: throw reader.fail("is not valid protobuf (wire type \(key & 7)) (corrupted, or not an ONNX file?)")
            }
            guard reader.offset <= end else { throw reader.fail("a field runs past the end of its message (corrupted?)") }
            try body(&self, field, value)
        }
    }

    /// Decodes a nested message in `range`, then continues after it.
    private mutating func nested<T>(_ range: Range<Int>, place: String, _ decode: (inout ONNXDecoder, Int) throws(ModelFileError) -> T) throws(ModelFileError) -> T {
        let saved = (reader.offset, reader.place)
        try reader.seek(to: range.lowerBound)
        reader.place = place
        let value = try decode(&self, range.upperBound)
        try reader.seek(to: saved.0)
        reader.place = saved.1
        return value
    }

    private func string(_ wire: Wire) -> String {
        if case let .bytes(range) = wire { return String(decoding: reader.bytes[range], as: UTF8.self) }
        return ""
    }

    private func int(_ wire: Wire) -> Int64 {
        if case let .varint(value) = wire { return Int64(bitPattern: value) }
        return 0
    }

    /// A repeated varint field, packed or not.
    private mutating func ints(_ wire: Wire, into list: inout [Int64]) throws(ModelFileError) {
        switch wire {
        case let .varint(value): list.append(Int64(bitPattern: value))
        case let .bytes(range):
            let saved = reader.offset
            try reader.seek(to: range.lowerBound)
            while reader.offset < range.upperBound { list.append(Int64(bitPattern: try reader.varint())) }
            guard reader.offset == range.upperBound else { throw reader.fail("a packed list runs past its end (corrupted?)") }
            try reader.seek(to: saved)
        default: throw reader.fail("a list of whole numbers has the wrong wire type (corrupted?)")
        }
    }

    /// A repeated fixed-width field (float or double), packed or not.
    private mutating func fixed(_ wire: Wire, size: Int, into list: inout [UInt64]) throws(ModelFileError) {
        switch wire {
        case let .fixed32(value) where size == 4: list.append(UInt64(value))
        case let .fixed64(value) where size == 8: list.append(value)
        case let .bytes(range):
            guard range.count % size == 0 else { throw reader.fail("a packed list has a length that is not a multiple of \(size) (corrupted?)") }
            let saved = reader.offset
            try reader.seek(to: range.lowerBound)
            while reader.offset < range.upperBound { list.append(try reader.littleEndian(size)) }
            try reader.seek(to: saved)
        default: throw reader.fail("a list of numbers has the wrong wire type (corrupted?)")
        }
    }

    private mutating func model(until end: Int) throws(ModelFileError) -> ONNXModel {
        var model = ONNXModel()
        try fields(until: end) { (d: inout ONNXDecoder, field, wire) throws(ModelFileError) in
            switch (field, wire) {
            case (1, _): model.irVersion = d.int(wire)
            case (2, _): model.producer = d.string(wire)
            case let (7, .bytes(range)): model.graph = try d.nested(range, place: "graph") { (d: inout ONNXDecoder, end) throws(ModelFileError) in try d.graph(until: end) }
            case let (8, .bytes(range)):
                model.opsets.append(try d.nested(range, place: "opset_import") { (d: inout ONNXDecoder, end) throws(ModelFileError) in
                    var opset = (domain: "", version: Int64(0))
                    try d.fields(until: end) { (d: inout ONNXDecoder, field, wire) throws(ModelFileError) in
                        if field == 1 { opset.domain = d.string(wire) } else if field == 2 { opset.version = d.int(wire) }
                    }
                    return opset
                })
            default: break
            }
        }
        return model
    }

    private mutating func graph(until end: Int) throws(ModelFileError) -> ONNXGraph {
        var graph = ONNXGraph()
        try fields(until: end) { (d: inout ONNXDecoder, field, wire) throws(ModelFileError) in
            switch (field, wire) {
            case let (1, .bytes(range)):
                graph.nodes.append(try d.nested(range, place: "graph.node[\(graph.nodes.count)]") { (d: inout ONNXDecoder, end) throws(ModelFileError) in try d.node(until: end) })
            case (2, _): graph.name = d.string(wire)
            case let (5, .bytes(range)):
                graph.initializers.append(try d.nested(range, place: "graph.initializer[\(graph.initializers.count)]") { (d: inout ONNXDecoder, end) throws(ModelFileError) in try d.tensor(until: end) })
            case let (11, .bytes(range)):
                graph.inputs.append(try d.nested(range, place: "graph.input[\(graph.inputs.count)]") { (d: inout ONNXDecoder, end) throws(ModelFileError) in try d.valueInfo(until: end) })
            case let (12, .bytes(range)):
                graph.outputs.append(try d.nested(range, place: "graph.output") { (d: inout ONNXDecoder, end) throws(ModelFileError) in try d.valueInfo(until: end).name })
            default: break
            }
        }
        return graph
    }

    private mutating func node(until end: Int) throws(ModelFileError) -> ONNXNode {
        var node = ONNXNode()
        try fields(until: end) { (d: inout ONNXDecoder, field, wire) throws(ModelFileError) in
            switch (field, wire) {
            case (1, _): node.inputs.append(d.string(wire))
            case (2, _): node.outputs.append(d.string(wire))
            case (3, _): node.name = d.string(wire)
            case (4, _): node.opType = d.string(wire)
            case (7, _): node.domain = d.string(wire)
            case let (5, .bytes(range)):
                let (name, attribute) = try d.nested(range, place: "attribute") { (d: inout ONNXDecoder, end) throws(ModelFileError) in try d.attribute(until: end) }
                node.attributes[name] = attribute
            default: break
            }
        }
        return node
    }

    private mutating func attribute(until end: Int) throws(ModelFileError) -> (String, ONNXAttribute) {
        var name = ""
        var attribute = ONNXAttribute()
        try fields(until: end) { (d: inout ONNXDecoder, field, wire) throws(ModelFileError) in
            switch (field, wire) {
            case (1, _): name = d.string(wire)
            case let (2, .fixed32(bits)): attribute.float = Float(bitPattern: bits)
            case (3, _): attribute.int = d.int(wire)
            case (4, _): attribute.string = d.string(wire)
            case let (5, .bytes(range)):
                attribute.tensor = try d.nested(range, place: "attribute tensor") { (d: inout ONNXDecoder, end) throws(ModelFileError) in try d.tensor(until: end) }
            case (7, _):
                var bits: [UInt64] = []
                try d.fixed(wire, size: 4, into: &bits)
                attribute.floats += bits.map { Float(bitPattern: UInt32(truncatingIfNeeded: $0)) }
            case (8, _): try d.ints(wire, into: &attribute.ints)
            default: break
            }
        }
        return (name, attribute)
    }

    private mutating func tensor(until end: Int) throws(ModelFileError) -> ONNXTensor {
        var tensor = ONNXTensor()
        try fields(until: end) { (d: inout ONNXDecoder, field, wire) throws(ModelFileError) in
            switch (field, wire) {
            case (1, _): try d.ints(wire, into: &tensor.dims)
            case (2, _): tensor.dataType = d.int(wire)
            case (4, _):
                var bits: [UInt64] = []
                try d.fixed(wire, size: 4, into: &bits)
                tensor.floatData += bits.map { Float(bitPattern: UInt32(truncatingIfNeeded: $0)) }
            case (5, _): try d.ints(wire, into: &tensor.int32Data)
            case (7, _): try d.ints(wire, into: &tensor.int64Data)
            case (8, _): tensor.name = d.string(wire)
            case let (9, .bytes(range)): tensor.rawData = range
            case (10, _):
                var bits: [UInt64] = []
                try d.fixed(wire, size: 8, into: &bits)
                tensor.doubleData += bits.map { Double(bitPattern: $0) }
            case let (13, .bytes(range)):
                let (key, value) = try d.nested(range, place: "external_data") { (d: inout ONNXDecoder, end) throws(ModelFileError) in
                    var entry = ("", "")
                    try d.fields(until: end) { (d: inout ONNXDecoder, field, wire) throws(ModelFileError) in
                        if field == 1 { entry.0 = d.string(wire) } else if field == 2 { entry.1 = d.string(wire) }
                    }
                    return entry
                }
                tensor.externalData[key] = value
            case (14, _): tensor.isExternal = d.int(wire) == 1
            default: break
            }
        }
        return tensor
    }

    private mutating func valueInfo(until end: Int) throws(ModelFileError) -> (name: String, shape: [Int?]) {
        var info = (name: "", shape: [Int?]())
        try fields(until: end) { (d: inout ONNXDecoder, field, wire) throws(ModelFileError) in
            switch (field, wire) {
            case (1, _): info.name = d.string(wire)
            case let (2, .bytes(range)):
                // TypeProto.tensor_type (1) → TypeProto.Tensor.shape (2) → TensorShapeProto.dim (1) → dim_value (1).
                info.shape = try d.nested(range, place: "input type") { (d: inout ONNXDecoder, end) throws(ModelFileError) in
                    try d.submessage(1, until: end) { (d: inout ONNXDecoder, end) throws(ModelFileError) in
                        try d.submessage(2, until: end) { (d: inout ONNXDecoder, end) throws(ModelFileError) in
                            var dims: [Int?] = []
                            try d.fields(until: end) { (d: inout ONNXDecoder, field, wire) throws(ModelFileError) in
                                guard field == 1, case let .bytes(range) = wire else { return }
                                dims.append(try d.nested(range, place: "dim") { (d: inout ONNXDecoder, end) throws(ModelFileError) in
                                    var size: Int?
                                    try d.fields(until: end) { (d: inout ONNXDecoder, field, wire) throws(ModelFileError) in
                                        if field == 1 { size = Int(clamping: d.int(wire)) }
                                    }
                                    return size
                                })
                            }
                            return dims
                        } ?? []
                    } ?? []
                } ?? []
            default: break
            }
        }
        return info
    }

    /// The message in field `number` of the message ending at `end`, decoded by `decode`.
    private mutating func submessage<T>(_ number: Int, until end: Int, _ decode: (inout ONNXDecoder, Int) throws(ModelFileError) -> T) throws(ModelFileError) -> T? {
        var result: T?
        try fields(until: end) { (d: inout ONNXDecoder, field, wire) throws(ModelFileError) in
            if field == number, case let .bytes(range) = wire {
                result = try d.nested(range, place: d.reader.place, decode)
            }
        }
        return result
    }
}
