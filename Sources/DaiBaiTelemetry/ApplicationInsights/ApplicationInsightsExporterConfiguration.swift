/// How ``ApplicationInsightsExporter`` buffers and sends.
///
/// Values out of range are clamped when the configuration is created (at least one item, no
/// negative durations).
public struct ApplicationInsightsExporterConfiguration: Sendable {
    /// The most items held in memory (default 10,000). When full, the oldest is dropped.
    public var bufferCapacity: Int
    /// The most items per request (default 500).
    public var maxBatchSize: Int
    /// The longest an item waits before it is sent when fewer than ``maxBatchSize`` are waiting
    /// (default 5 s); also the pause after a request whose items had to be kept for later.
    public var flushInterval: Duration
    /// The longest to wait for the response head of one request (default 30 s).
    public var requestTimeout: Duration
    /// How long a graceful shutdown may spend sending what is still buffered (default 10 s).
    public var shutdownFlushTimeout: Duration
    /// The tags added to every envelope.
    public var context: ApplicationInsightsTelemetryContext

    /// Creates a configuration.
    public init(
        bufferCapacity: Int = 10_000,
        maxBatchSize: Int = 500,
        flushInterval: Duration = .seconds(5),
        requestTimeout: Duration = .seconds(30),
        shutdownFlushTimeout: Duration = .seconds(10),
        context: ApplicationInsightsTelemetryContext = ApplicationInsightsTelemetryContext()
    ) {
        self.bufferCapacity = max(1, bufferCapacity)
        self.maxBatchSize = max(1, maxBatchSize)
        self.flushInterval = max(.zero, flushInterval)
        self.requestTimeout = max(.zero, requestTimeout)
        self.shutdownFlushTimeout = max(.zero, shutdownFlushTimeout)
        self.context = context
    }
}
