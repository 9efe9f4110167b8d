/// Encodes Stripe request parameters as `application/x-www-form-urlencoded`, the way the
/// official libraries do (stripe-python's `_api_encode` + `urlencode`).
///
/// Nested objects become `parent[child]`, arrays `parent[index]` (from 0); names and values
/// are percent-encoded byte by byte over UTF-8, leaving `A–Z a–z 0–9 - . _ ~` as they are,
/// a space as `+`, and `[`/`]` literal (Stripe's libraries un-escape them for readability).
/// Fields keep the order given.
public enum StripeFormEncoder {
    /// The encoded body, e.g. `event_name=x&payload[value]=25`.
    public static func encode(_ fields: [StripeFormField]) -> String {
        var pairs: [(String, String)] = []
        for field in fields { flatten(field.value, key: field.name, into: &pairs) }
        return pairs.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    /// The flattened `(key, value)` pairs in order, before escaping.
    public static func flatten(_ fields: [StripeFormField]) -> [(key: String, value: String)] {
        var pairs: [(String, String)] = []
        for field in fields { flatten(field.value, key: field.name, into: &pairs) }
        return pairs.map { (key: $0.0, value: $0.1) }
    }

    private static func flatten(_ value: StripeFormValue, key: String, into pairs: inout [(String, String)]) {
        switch value {
        case .string(let text):
            pairs.append((key, text))
        case .object(let children):
            for child in children { flatten(child.value, key: "\(key)[\(child.name)]", into: &pairs) }
        case .array(let elements):
            for (index, element) in elements.enumerated() { flatten(element, key: "\(key)[\(index)]", into: &pairs) }
        }
    }

    /// Percent-encodes `text` for a form body (see the type's rules).
    public static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"),
                 UInt8(ascii: "["), UInt8(ascii: "]"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                output.append("+")
            default:
                output.append("%")
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return output
    }

    private static let hexDigits: [Character] = Array("0123456789ABCDEF")
}
