/// A ``KeyAuditSink`` that keeps nothing: the default when no audit trail is configured.
public struct DiscardingKeyAuditSink: KeyAuditSink {
    /// Creates the sink.
    public init() {}

    /// Discards `event`.
    public func record(_ event: KeyAuditEvent) async {}
}
