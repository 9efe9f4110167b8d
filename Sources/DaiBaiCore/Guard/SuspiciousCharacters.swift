/// Unicode characters outside literals that some engine or client might read as whitespace,
/// a quote or a statement separator, or that hide text from a human reviewer (bidi controls).
/// The guard rejects them instead of guessing.
enum SuspiciousCharacters {
    /// Decodes the scalar starting at `index` (a lead byte ≥ 0x80) and returns it with its length.
    static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (value: UInt32, length: Int) {
        let lead = bytes[index]
        let length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1
        guard length > 1, index + length <= bytes.count else { return (UInt32(lead), 1) }
        var value = UInt32(lead) & (length == 2 ? 0x1f : length == 3 ? 0x0f : 0x07)
        for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3f) }
        return (value, length)
    }

    /// Whether the scalar is a space, separator, invisible control, quote look-alike or semicolon look-alike.
    static func isSuspicious(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x85, 0xa0, 0xad, 0x1680, 0x180e, 0x2000...0x200f, 0x2028...0x202f, 0x205f...0x2064,
             0x2066...0x206f, 0x3000, 0xfeff, 0xfff9...0xfffb:
            return true  // spaces, line separators, zero-width and bidi controls
        case 0x2b9, 0x2bc, 0x2018...0x201f, 0x2032...0x2037, 0xff02, 0xff07, 0xff40:
            return true  // quote look-alikes
        case 0x37e, 0xfe54, 0xff1b:
            return true  // semicolon look-alikes
        default:
            return false
        }
    }

    /// `U+XXXX` for messages.
    static func describe(_ scalar: UInt32) -> String {
        let hex = String(scalar, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
