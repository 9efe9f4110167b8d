import DaiBaiCore
import Foundation

/// One cell on the wire, tagged so that types survive JSON: `null`, `{"i":"42"}` (64-bit
/// integers travel as text), `{"d":1.5}`, `{"t":"text"}`, `{"b":"base64"}`, `{"o":true}`.
struct RelayValue: Codable, Sendable, Hashable {
    var value: SQLValue

    init(_ value: SQLValue) { self.value = value }

    private enum Keys: String, CodingKey { case i, d, t, b, o }

    init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), single.decodeNil() {
            value = .null
            return
        }
        let container = try decoder.container(keyedBy: Keys.self)
        if let text = try container.decodeIfPresent(String.self, forKey: .i) {
            guard let integer = Int64(text) else {
                throw DecodingError.dataCorruptedError(forKey: .i, in: container, debugDescription: "not a 64-bit integer")
            }
            value = .integer(integer)
        } else if let double = try container.decodeIfPresent(Double.self, forKey: .d) {
            value = .double(double)
        } else if let text = try container.decodeIfPresent(String.self, forKey: .t) {
            value = .text(text)
        } else if let base64 = try container.decodeIfPresent(String.self, forKey: .b) {
            guard let data = Data(base64Encoded: base64) else {
                throw DecodingError.dataCorruptedError(forKey: .b, in: container, debugDescription: "not Base64")
            }
            value = .blob(Array(data))
        } else if let bool = try container.decodeIfPresent(Bool.self, forKey: .o) {
            value = .bool(bool)
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a cell is null or has one of the keys i, d, t, b, o"))
        }
    }

    func encode(to encoder: any Encoder) throws {
        if case .null = value {
            var single = encoder.singleValueContainer()
            try single.encodeNil()
            return
        }
        var container = encoder.container(keyedBy: Keys.self)
        switch value {
        case .null: break
        case .integer(let integer): try container.encode(String(integer), forKey: .i)
        case .double(let double): try container.encode(double, forKey: .d)
        case .text(let text): try container.encode(text, forKey: .t)
        case .blob(let bytes): try container.encode(Data(bytes).base64EncodedString(), forKey: .b)
        case .bool(let bool): try container.encode(bool, forKey: .o)
        }
    }
}
