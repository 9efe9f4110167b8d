import DaiBaiCore
import Foundation

/// How ``MeterReporter`` maps and paces usage events.
public struct MeterReporterConfiguration: Sendable, Hashable {
    /// The meter `event_name` of each kind (as configured on the Stripe meters).
    public static let defaultEventNames: [UsageKind: String] = [
        .inputTokens: "daibai_input_tokens",
        .outputTokens: "daibai_output_tokens",
        .taskCompleted: "daibai_tasks_completed",
        .queryExecuted: "daibai_queries_executed",
    ]

    /// The meter `event_name` per usage kind; events of a kind not listed stay pending.
    public var eventNames: [UsageKind: String]
    /// How many events are read from the ledger at a time (at least 1).
    public var batchSize: Int
    /// The pause between two drains in ``MeterReporter/run()``.
    public var interval: Duration
    /// Events older than this are flagged rejected without being sent (Stripe accepts
    /// timestamps within the past 35 days only).
    public var maxEventAge: TimeInterval

    /// Creates a configuration.
    public init(
        eventNames: [UsageKind: String] = MeterReporterConfiguration.defaultEventNames,
        batchSize: Int = 100,
        interval: Duration = .seconds(60),
        maxEventAge: TimeInterval = 35 * 24 * 60 * 60
    ) {
        self.eventNames = eventNames
        self.batchSize = max(1, batchSize)
        self.interval = interval
        self.maxEventAge = maxEventAge
    }
}
