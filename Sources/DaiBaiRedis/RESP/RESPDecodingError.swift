/// Why bytes from the server are not valid RESP2.
public struct RESPDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong, without the offending bytes' content.
    public var reason: String
    /// The byte offset (from the start of the frame being parsed) where it was found.
    public var offset: Int

    /// An error for `reason` at `offset`.
    public init(reason: String, offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    /// The reason and offset.
    public var description: String { "invalid RESP at byte \(offset): \(reason)" }
}
