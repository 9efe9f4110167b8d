/// How a ``HybridConnectionListener`` keeps its control channel up and takes connections.
public struct ListenerConfiguration: Sendable {
    /// The waits before reconnect attempts after the control channel drops: the first drop waits
    /// the first entry, each further failure the next one, staying at the last. The default,
    /// 0, 1, 2, 5, 10, 30 seconds, is what the Azure Relay SDKs use. It restarts at the first
    /// entry once a control channel has come up.
    public var reconnectDelays: [Duration]
    /// The share of a token's remaining lifetime after which it is renewed (0.8: at 80 %).
    public var renewalFraction: Double
    /// The shortest wait before a renewal.
    public var minimumRenewalInterval: Duration
    /// How often the control channel and rendezvous sockets are pinged; the SDKs use 3.5
    /// minutes. A socket whose ping goes unanswered for a period is closed (the control channel
    /// then reconnects), so a silently dead connection never lasts longer than two periods.
    public var keepAliveInterval: Duration
    /// The most rendezvous connections served at once; further senders are rejected with 503.
    public var maxConcurrentConnections: Int
    /// The largest message accepted from a sender.
    public var maxMessageBytes: Int

    /// Creates a configuration; the defaults suit production.
    public init(
        reconnectDelays: [Duration] = [.zero, .seconds(1), .seconds(2), .seconds(5), .seconds(10), .seconds(30)],
        renewalFraction: Double = 0.8,
        minimumRenewalInterval: Duration = .seconds(1),
        keepAliveInterval: Duration = .seconds(210),
        maxConcurrentConnections: Int = 64,
        maxMessageBytes: Int = 4 * 1024 * 1024
    ) {
        self.reconnectDelays = reconnectDelays.isEmpty ? [.seconds(1)] : reconnectDelays
        self.renewalFraction = min(max(renewalFraction, 0.01), 0.95)
        self.minimumRenewalInterval = minimumRenewalInterval
        self.keepAliveInterval = keepAliveInterval
        self.maxConcurrentConnections = max(1, maxConcurrentConnections)
        self.maxMessageBytes = maxMessageBytes
    }

    /// The wait before reconnect attempt `failures` (1 for the first attempt after a drop).
    func reconnectDelay(afterFailures failures: Int) -> Duration {
        reconnectDelays[min(max(failures - 1, 0), reconnectDelays.count - 1)]
    }
}
