/// Decompresses gzip (RFC 1952) members with a small DEFLATE (RFC 1951) decoder, so the tool can
/// count the uncompressed bytes the Application Insights exporter sent without another package.
enum GzipInflater {
    /// Why a body could not be decompressed.
    enum Failure: Error, CustomStringConvertible {
        case notGzip
        case corrupt(String)

        var description: String {
            switch self {
            case .notGzip: "not a gzip member"
            case .corrupt(let reason): "corrupt deflate data: \(reason)"
            }
        }
    }

    /// The bytes of the gzip member `data`.
    static func gunzip(_ data: [UInt8]) throws(Failure) -> [UInt8] {
        guard data.count >= 18, data[0] == 0x1f, data[1] == 0x8b, data[2] == 8 else { throw .notGzip }
        let flags = data[3]
        var position = 10
        if flags & 0x04 != 0 {
            guard position + 2 <= data.count else { throw .corrupt("truncated extra field") }
            position += 2 + (Int(data[position]) | Int(data[position + 1]) << 8)
        }
        for flag in [UInt8(0x08), 0x10] where flags & flag != 0 {
            while position < data.count, data[position] != 0 { position += 1 }
            position += 1
        }
        if flags & 0x02 != 0 { position += 2 }
        guard position <= data.count - 8 else { throw .corrupt("truncated header") }
        var reader = BitReader(bytes: Array(data[position..<(data.count - 8)]))
        return try inflate(&reader)
    }

    struct BitReader {
        let bytes: [UInt8]
        var position = 0
        var buffer: UInt64 = 0
        var count = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func bits(_ n: Int) throws(Failure) -> Int {
            while count < n {
                guard position < bytes.count else { throw .corrupt("ran out of input") }
                buffer |= UInt64(bytes[position]) << UInt64(count)
                position += 1
                count += 8
            }
            let value = Int(buffer & ((1 << UInt64(n)) - 1))
            buffer >>= UInt64(n)
            count -= n
            return value
        }

        mutating func alignToByte() {
            buffer = 0
            count = 0
        }
    }

    /// A canonical Huffman code (as in zlib's puff.c: counts per length and symbols in code order).
    struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int]

        init(lengths: [Int]) throws(Failure) {
            symbols = [Int](repeating: 0, count: lengths.count)
            for length in lengths { counts[length] += 1 }
            var offsets = [Int](repeating: 0, count: 16)
            for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
            for (symbol, length) in lengths.enumerated() where length != 0 {
                symbols[offsets[length]] = symbol
                offsets[length] += 1
            }
        }

        func decode(_ reader: inout BitReader) throws(Failure) -> Int {
            var code = 0
            var first = 0
            var index = 0
            for length in 1...15 {
                code |= try reader.bits(1)
                let count = counts[length]
                if code - count < first { return symbols[index + (code - first)] }
                index += count
                first += count
                first <<= 1
                code <<= 1
            }
            throw .corrupt("invalid Huffman code")
        }
    }

    static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    static func inflate(_ reader: inout BitReader) throws(Failure) -> [UInt8] {
        var output: [UInt8] = []
        var last = false
        while !last {
            last = try reader.bits(1) == 1
            switch try reader.bits(2) {
            case 0:
                reader.alignToByte()
                guard reader.position + 4 <= reader.bytes.count else { throw .corrupt("truncated stored block") }
                let length = Int(reader.bytes[reader.position]) | Int(reader.bytes[reader.position + 1]) << 8
                reader.position += 4
                guard reader.position + length <= reader.bytes.count else { throw .corrupt("truncated stored block") }
                output.append(contentsOf: reader.bytes[reader.position..<(reader.position + length)])
                reader.position += length
            case 1:
                var lengths = [Int](repeating: 8, count: 288)
                for index in 144..<256 { lengths[index] = 9 }
                for index in 256..<280 { lengths[index] = 7 }
                try codes(&reader, &output, literals: try Huffman(lengths: lengths), distances: try Huffman(lengths: [Int](repeating: 5, count: 30)))
            case 2:
                let literalCount = try reader.bits(5) + 257
                let distanceCount = try reader.bits(5) + 1
                let codeLengthCount = try reader.bits(4) + 4
                var codeLengths = [Int](repeating: 0, count: 19)
                for index in 0..<codeLengthCount { codeLengths[codeLengthOrder[index]] = try reader.bits(3) }
                let lengthCode = try Huffman(lengths: codeLengths)
                var lengths: [Int] = []
                while lengths.count < literalCount + distanceCount {
                    let symbol = try lengthCode.decode(&reader)
                    switch symbol {
                    case 0..<16: lengths.append(symbol)
                    case 16:
                        guard let previous = lengths.last else { throw .corrupt("repeat without a previous length") }
                        lengths.append(contentsOf: repeatElement(previous, count: 3 + (try reader.bits(2))))
                    case 17: lengths.append(contentsOf: repeatElement(0, count: 3 + (try reader.bits(3))))
                    default: lengths.append(contentsOf: repeatElement(0, count: 11 + (try reader.bits(7))))
                    }
                }
                guard lengths.count == literalCount + distanceCount else { throw .corrupt("too many code lengths") }
                try codes(&reader, &output, literals: try Huffman(lengths: Array(lengths[0..<literalCount])),
                          distances: try Huffman(lengths: Array(lengths[literalCount...])))
            default:
                throw .corrupt("invalid block type")
            }
        }
        return output
    }

    static func codes(_ reader: inout BitReader, _ output: inout [UInt8], literals: Huffman, distances: Huffman) throws(Failure) {
        while true {
            let symbol = try literals.decode(&reader)
            if symbol < 256 {
                output.append(UInt8(symbol))
            } else if symbol == 256 {
                return
            } else {
                let index = symbol - 257
                guard index < lengthBase.count else { throw .corrupt("invalid length symbol") }
                let length = lengthBase[index] + (try reader.bits(lengthExtra[index]))
                let distanceSymbol = try distances.decode(&reader)
                guard distanceSymbol < distanceBase.count else { throw .corrupt("invalid distance symbol") }
                let distance = distanceBase[distanceSymbol] + (try reader.bits(distanceExtra[distanceSymbol]))
                guard distance <= output.count else { throw .corrupt("distance too far back") }
                let start = output.count - distance
                for offset in 0..<length { output.append(output[start + offset]) }
            }
        }
    }
}
