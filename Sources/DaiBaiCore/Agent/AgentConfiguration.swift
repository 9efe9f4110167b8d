/// How the ``Agent`` behaves; shared by all requests.
public struct AgentConfiguration: Sendable {
    /// Model attempts per question, including self-corrections (default 2).
    public var maxAttempts: Int
    /// Sampling temperature (default 0).
    public var temperature: Double
    /// Whether SQL runs when a request does not say (default `true`).
    public var executeByDefault: Bool
    /// Row cap and timeout of each query.
    public var queryOptions: QueryOptions
    /// Rows kept in the chat history per result (default 100).
    public var storedRows: Int
    /// The least similarity for a verified-query cache hit (default 0.9).
    public var cacheThreshold: Float
    /// Whether SQL that executed successfully is added to the verified-query cache (default `false`).
    public var cacheSuccessfulExecutions: Bool
    /// The schema budget for the prompt.
    public var schemaBudget: SchemaBudget
    /// How the prompt is assembled.
    public var prompt: PromptBuilder
    /// How long a loaded schema is trusted before it is introspected again (default 60 s).
    public var schemaRefreshInterval: Duration
    /// The longest question accepted, in characters (default 2,000).
    public var maxQuestionLength: Int

    /// Creates a configuration with the documented defaults.
    public init(
        maxAttempts: Int = 2,
        temperature: Double = 0,
        executeByDefault: Bool = true,
        queryOptions: QueryOptions = QueryOptions(),
        storedRows: Int = 100,
        cacheThreshold: Float = 0.9,
        cacheSuccessfulExecutions: Bool = false,
        schemaBudget: SchemaBudget = SchemaBudget(),
        prompt: PromptBuilder = PromptBuilder(),
        schemaRefreshInterval: Duration = .seconds(60),
        maxQuestionLength: Int = 2_000
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.temperature = temperature
        self.executeByDefault = executeByDefault
        self.queryOptions = queryOptions
        self.storedRows = storedRows
        self.cacheThreshold = cacheThreshold
        self.cacheSuccessfulExecutions = cacheSuccessfulExecutions
        self.schemaBudget = schemaBudget
        self.prompt = prompt
        self.schemaRefreshInterval = schemaRefreshInterval
        self.maxQuestionLength = maxQuestionLength
    }
}
