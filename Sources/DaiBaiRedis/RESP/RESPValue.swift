/// One RESP2 value, as Redis sends it.
///
/// RESP2's null bulk string (`$-1`) and null array (`*-1`) are both ``null``.
public enum RESPValue: Sendable, Hashable {
    /// A simple string (`+OK`).
    case simpleString(String)
    /// An error reply (`-ERR …`): Redis's own message.
    case error(String)
    /// An integer (`:42`).
    case integer(Int64)
    /// A bulk string (`$5\r\nhello`): binary-safe bytes.
    case bulkString([UInt8])
    /// An array of values (`*2\r\n…`).
    case array([RESPValue])
    /// The null bulk string or null array.
    case null

    /// The text of a simple or bulk string (bulk bytes decoded as UTF-8), else `nil`.
    public var string: String? {
        switch self {
        case .simpleString(let text): text
        case .bulkString(let bytes): String(decoding: bytes, as: UTF8.self)
        default: nil
        }
    }

    /// The bytes of a bulk or simple string, else `nil`.
    public var bytes: [UInt8]? {
        switch self {
        case .bulkString(let bytes): bytes
        case .simpleString(let text): Array(text.utf8)
        default: nil
        }
    }

    /// The value of an integer reply, else `nil`.
    public var integer: Int64? {
        if case .integer(let value) = self { value } else { nil }
    }

    /// The elements of an array reply, else `nil`.
    public var array: [RESPValue]? {
        if case .array(let values) = self { values } else { nil }
    }

    /// Whether this is ``null``.
    public var isNull: Bool { self == .null }
}
