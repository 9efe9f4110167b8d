/// Per-request figures measured by `daibai-cost` by running the SDK itself (the Agent on the
/// sample database, the Cosmos DB chat store over the loopback fake, the Application Insights
/// exporter, the Key Vault cache and the App Configuration provider).
public struct Measurements: Sendable, Codable, Equatable {
    /// Request units of an ask that starts a conversation (create it, append question and answer).
    public var cosmosRUPerNewConversationAsk: Double
    /// Request units of an ask that continues a conversation (read it and its last messages, append two).
    public var cosmosRUPerFollowUpAsk: Double
    /// Request units of listing the caller's conversations (the typical "other" request).
    public var cosmosRUPerListRequest: Double
    /// Cosmos DB requests of a new-conversation ask and of a follow-up ask.
    public var cosmosRequestsPerNewConversationAsk: Double
    /// Cosmos DB requests of a follow-up ask.
    public var cosmosRequestsPerFollowUpAsk: Double
    /// Bytes of documents an ask adds to the container (message documents; a conversation document per new conversation).
    public var cosmosStoredBytesPerAsk: Double
    /// Uncompressed JSON bytes of telemetry (spans, logs; not metrics) per ask.
    public var telemetryBytesPerAsk: Double
    /// Bytes as sent (gzip) per ask.
    public var telemetryGzipBytesPerAsk: Double
    /// Telemetry envelopes per ask.
    public var telemetryEnvelopesPerAsk: Double
    /// Uncompressed JSON bytes of one metrics snapshot (all series the Agent emits), sent once per interval per instance.
    public var telemetryMetricBytesPerSnapshot: Double
    /// Seconds between metrics snapshots.
    public var telemetryMetricIntervalSeconds: Double
    /// In-process seconds of an ask answered from the verified-query cache (SQL executed, chat store in memory).
    public var secondsPerCacheAsk: Double
    /// In-process seconds of a model-path ask without the model's latency (SQL executed, chat store in memory).
    public var secondsPerModelAskWithoutModel: Double
    /// Characters of the prompt sent to the model per call on the sample database.
    public var promptCharactersPerModelCall: Double
    /// The Key Vault secret cache's time to live, seconds.
    public var keyVaultCacheTTLSeconds: Double
    /// Key Vault `GET /secrets/{name}` requests per secret per hour under continuous use on one instance.
    public var keyVaultReadsPerSecretHour: Double
    /// App Configuration requests per reload (key-values and feature flags, all pages).
    public var appConfigRequestsPerRefresh: Double
    /// Seconds between App Configuration reloads (`azure.appconfig.refresh_seconds`).
    public var appConfigRefreshSeconds: Double
    /// How each figure was obtained, one line each.
    public var methods: [String]

    /// Creates measurements.
    public init(
        cosmosRUPerNewConversationAsk: Double, cosmosRUPerFollowUpAsk: Double, cosmosRUPerListRequest: Double,
        cosmosRequestsPerNewConversationAsk: Double, cosmosRequestsPerFollowUpAsk: Double, cosmosStoredBytesPerAsk: Double,
        telemetryBytesPerAsk: Double, telemetryGzipBytesPerAsk: Double, telemetryEnvelopesPerAsk: Double,
        telemetryMetricBytesPerSnapshot: Double, telemetryMetricIntervalSeconds: Double,
        secondsPerCacheAsk: Double, secondsPerModelAskWithoutModel: Double, promptCharactersPerModelCall: Double,
        keyVaultCacheTTLSeconds: Double, keyVaultReadsPerSecretHour: Double,
        appConfigRequestsPerRefresh: Double, appConfigRefreshSeconds: Double, methods: [String]
    ) {
        self.cosmosRUPerNewConversationAsk = cosmosRUPerNewConversationAsk
        self.cosmosRUPerFollowUpAsk = cosmosRUPerFollowUpAsk
        self.cosmosRUPerListRequest = cosmosRUPerListRequest
        self.cosmosRequestsPerNewConversationAsk = cosmosRequestsPerNewConversationAsk
        self.cosmosRequestsPerFollowUpAsk = cosmosRequestsPerFollowUpAsk
        self.cosmosStoredBytesPerAsk = cosmosStoredBytesPerAsk
        self.telemetryBytesPerAsk = telemetryBytesPerAsk
        self.telemetryGzipBytesPerAsk = telemetryGzipBytesPerAsk
        self.telemetryEnvelopesPerAsk = telemetryEnvelopesPerAsk
        self.telemetryMetricBytesPerSnapshot = telemetryMetricBytesPerSnapshot
        self.telemetryMetricIntervalSeconds = telemetryMetricIntervalSeconds
        self.secondsPerCacheAsk = secondsPerCacheAsk
        self.secondsPerModelAskWithoutModel = secondsPerModelAskWithoutModel
        self.promptCharactersPerModelCall = promptCharactersPerModelCall
        self.keyVaultCacheTTLSeconds = keyVaultCacheTTLSeconds
        self.keyVaultReadsPerSecretHour = keyVaultReadsPerSecretHour
        self.appConfigRequestsPerRefresh = appConfigRequestsPerRefresh
        self.appConfigRefreshSeconds = appConfigRefreshSeconds
        self.methods = methods
    }

    /// Input tokens per model call, estimated at four characters per token (OpenAI's rule of thumb for English text).
    public var inputTokensPerModelCall: Double { promptCharactersPerModelCall / 4 }

    /// Checks that no figure is negative and the intervals are positive.
    public func validate() throws(CostModelError) {
        let figures = [
            cosmosRUPerNewConversationAsk, cosmosRUPerFollowUpAsk, cosmosRUPerListRequest, cosmosStoredBytesPerAsk,
            telemetryBytesPerAsk, telemetryGzipBytesPerAsk, telemetryMetricBytesPerSnapshot, secondsPerCacheAsk,
            secondsPerModelAskWithoutModel, promptCharactersPerModelCall, keyVaultReadsPerSecretHour, appConfigRequestsPerRefresh,
        ]
        guard figures.allSatisfy({ $0 >= 0 && $0.isFinite }) else { throw .invalidArgument("measurements must be finite and not negative") }
        guard keyVaultCacheTTLSeconds > 0, appConfigRefreshSeconds > 0, telemetryMetricIntervalSeconds > 0 else {
            throw .invalidArgument("the Key Vault TTL, the App Configuration refresh interval and the metrics interval must be positive")
        }
    }
}
