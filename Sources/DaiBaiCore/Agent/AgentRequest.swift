/// One question to the ``Agent``, with everything request-specific.
///
/// Nothing of a request is stored on the Agent, so concurrent requests of different tenants
/// never interfere.
public struct AgentRequest: Sendable, Hashable {
    /// The question in plain language.
    public var question: String
    /// Who asks.
    public var context: RequestContext
    /// The conversation to continue; `nil` starts a new one.
    public var conversationID: String?
    /// The database to query; `nil` means the default one.
    public var databaseName: String?
    /// Whether to run the SQL; `nil` uses ``AgentConfiguration/executeByDefault``.
    public var execute: Bool?

    /// Creates a request.
    public init(question: String, context: RequestContext, conversationID: String? = nil, databaseName: String? = nil, execute: Bool? = nil) {
        self.question = question
        self.context = context
        self.conversationID = conversationID
        self.databaseName = databaseName
        self.execute = execute
    }
}
