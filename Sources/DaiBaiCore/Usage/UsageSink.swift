/// Why usage could not be recorded.
public enum UsageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The sink could not store the events; the message names the operation.
    case backend(String)

    /// A message that says what failed.
    public var description: String {
        switch self {
        case .backend(let message): "Usage could not be recorded: \(message)"
        }
    }
}

/// Where usage events go (billing plugs in here).
///
/// `record` returns only once the events are durably accepted; recording an event whose
/// ``UsageEvent/id`` was already recorded must not count it twice.
public protocol UsageSink: Sendable {
    /// Records `events`.
    func record(_ events: [UsageEvent]) async throws(UsageError)
}

/// A sink that keeps nothing: the default when billing is not configured.
public struct DiscardingUsageSink: UsageSink {
    /// Creates the sink.
    public init() {}
    /// Does nothing.
    public func record(_ events: [UsageEvent]) async throws(UsageError) {}
}
