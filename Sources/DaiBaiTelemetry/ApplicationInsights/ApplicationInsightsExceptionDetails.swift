/// One exception of an ``ApplicationInsightsExceptionData`` chain.
///
/// Wire form: `typeName`, `message`, `hasFullStack`, and when set `stack`.
public struct ApplicationInsightsExceptionDetails: Sendable, Equatable, Codable {
    /// The error's type, for example `DaiBaiCore.AgentError`.
    public var typeName: String
    /// The error's message.
    public var message: String
    /// Whether ``stack`` is the whole stack (false when there is none or it was trimmed).
    public var hasFullStack: Bool
    /// The stack as text, if known.
    public var stack: String?

    /// Creates exception details.
    public init(typeName: String, message: String, hasFullStack: Bool = false, stack: String? = nil) {
        self.typeName = typeName
        self.message = message
        self.hasFullStack = hasFullStack
        self.stack = stack
    }

    /// The details of a Swift error: its type and its description.
    public init(error: any Error) {
        self.init(typeName: String(reflecting: type(of: error)), message: String(describing: error))
    }

    private enum CodingKeys: String, CodingKey {
        case typeName, message, hasFullStack, stack
    }

    /// Decodes one exception.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        typeName = try container.decodeIfPresent(String.self, forKey: .typeName) ?? ""
        message = try container.decode(String.self, forKey: .message)
        hasFullStack = try container.decodeIfPresent(Bool.self, forKey: .hasFullStack) ?? false
        stack = try container.decodeIfPresent(String.self, forKey: .stack)
    }

    /// Encodes one exception.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(typeName, forKey: .typeName)
        try container.encode(message, forKey: .message)
        try container.encode(hasFullStack, forKey: .hasFullStack)
        try container.encodeIfPresent(stack, forKey: .stack)
    }
}
