import DaiBaiCore
import Synchronization

/// A ``KeyAuditSink`` that keeps every event in memory, for tests.
public final class RecordingKeyAuditSink: KeyAuditSink {
    private let recorded = Mutex<[KeyAuditEvent]>([])

    /// An empty sink.
    public init() {}

    /// Keeps `event`.
    public func record(_ event: KeyAuditEvent) async { recorded.withLock { $0.append(event) } }

    /// Every event so far, in order.
    public var events: [KeyAuditEvent] { recorded.withLock { $0 } }
}
