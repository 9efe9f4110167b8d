/// A minimal reader of the protobuf wire format, enough to walk an OTLP export request by field
/// numbers (the fake collector checks binary payloads with it, without generated code).
struct ProtobufMessage: Sendable {
    enum Value: Sendable {
        case varint(UInt64)
        case fixed64(UInt64)
        case bytes([UInt8])
        case fixed32(UInt32)
    }

    enum ReadError: Error {
        case truncated
        case unsupportedWireType(Int)
    }

    /// The fields in wire order.
    let fields: [(number: Int, value: Value)]

    init(_ bytes: [UInt8]) throws {
        var fields: [(number: Int, value: Value)] = []
        var index = 0
        func varint() throws -> UInt64 {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard index < bytes.count, shift < 64 else { throw ReadError.truncated }
                let byte = bytes[index]
                index += 1
                result |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return result }
                shift += 7
            }
        }
        func fixed(_ count: Int) throws -> UInt64 {
            guard index + count <= bytes.count else { throw ReadError.truncated }
            var result: UInt64 = 0
            for offset in 0..<count { result |= UInt64(bytes[index + offset]) << (8 * UInt64(offset)) }
            index += count
            return result
        }
        while index < bytes.count {
            let key = try varint()
            let number = Int(key >> 3)
            switch Int(key & 7) {
            case 0: fields.append((number, .varint(try varint())))
            case 1: fields.append((number, .fixed64(try fixed(8))))
            case 2:
                let length = Int(try varint())
                guard length >= 0, index + length <= bytes.count else { throw ReadError.truncated }
                fields.append((number, .bytes(Array(bytes[index..<(index + length)]))))
                index += length
            case 5: fields.append((number, .fixed32(UInt32(try fixed(4)))))
            case let type: throw ReadError.unsupportedWireType(type)
            }
        }
        self.fields = fields
    }

    /// Every length-delimited field `number`, as bytes.
    func allBytes(_ number: Int) -> [[UInt8]] {
        fields.compactMap { field in
            guard field.number == number, case .bytes(let bytes) = field.value else { return nil }
            return bytes
        }
    }

    /// Every field `number`, read as an embedded message.
    func messages(_ number: Int) throws -> [ProtobufMessage] {
        try allBytes(number).map(ProtobufMessage.init)
    }

    /// The last field `number`, as bytes.
    func bytes(_ number: Int) -> [UInt8]? { allBytes(number).last }

    /// The last field `number`, as a UTF-8 string.
    func string(_ number: Int) -> String? { bytes(number).map { String(decoding: $0, as: UTF8.self) } }

    /// The last field `number`, if it is a 64-bit fixed field.
    func fixed64(_ number: Int) -> UInt64? {
        fields.last { $0.number == number }.flatMap { field in
            if case .fixed64(let value) = field.value { value } else { nil }
        }
    }
}
