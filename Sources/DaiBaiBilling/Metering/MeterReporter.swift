import DaiBaiCore
import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Tracing

/// Bills the ledger's pending usage events as Stripe meter events, exactly once each.
///
/// One meter event per usage event: `event_name` from ``MeterReporterConfiguration/eventNames``,
/// `payload[value]` = quantity, `identifier` = the event id, `timestamp` = the event's time,
/// the customer from ``StripeCustomerLookup``. An event is marked reported only after Stripe
/// accepted it (2xx), or refused it as an already used identifier (an earlier request was
/// accepted, e.g. before a crash). Events older than ``MeterReporterConfiguration/maxEventAge``
/// or refused by Stripe (400 other than the duplicate) are flagged rejected with the reason,
/// never deleted and never sent again. Events of a tenant without a customer stay pending.
/// Authentication, permission, 404 (a wrong base URL), rate-limit, Stripe and network
/// failures stop the drain and leave the events pending for the next one.
///
/// Token events not paid by the platform (an event's `payer` is `tenant` or `byok`: the vendor
/// bills the tenant or the user) are never sent: each batch first settles them in the ledger with
/// ``UsageLedger/markNotCharged(_:at:)``, whatever their age, customer or meter, so they leave the
/// pending events and are not offered again. Only pending events are settled, so a reported
/// event is never touched. Answered questions and executed queries are reported whoever paid
/// for the tokens.
///
/// As a swift-service-lifecycle `Service`, ``run()`` drains every ``MeterReporterConfiguration/interval``
/// until graceful shutdown, finishing the batch in flight first.
///
/// Metrics: the counter `daibai_meter_events_total` with the dimension `outcome`
/// (`reported`, `duplicate`, `rejected`, `failed`, `not_charged`). Tracing: one span per drain,
/// `MeterReporter.reportPending`, with the counts as attributes.
public struct MeterReporter: Service {
    private let ledger: any UsageLedger
    private let stripe: StripeClient
    private let customers: any StripeCustomerLookup
    private let configuration: MeterReporterConfiguration
    private let now: @Sendable () -> Date
    private let sleep: @Sendable (Duration) async throws -> Void
    private let logger: Logger
    private let counters: MeterReporterCounters

    /// Creates a reporter.
    /// - Parameters:
    ///   - ledger: Where pending events are read and marked.
    ///   - stripe: The Stripe client meter events are created with.
    ///   - customers: Maps a tenant to its Stripe customer.
    ///   - configuration: Event names, batch size, interval and age limit.
    ///   - now: The current time (for the age limit and the reported-at time).
    ///   - sleep: Waits between drains; must throw when the task is cancelled.
    ///   - logger: Receives one line per drain and the reasons events stay pending.
    ///   - metricsFactory: Creates the counters; `MetricsSystem.factory` by default.
    public init(
        ledger: any UsageLedger,
        stripe: StripeClient,
        customers: any StripeCustomerLookup,
        configuration: MeterReporterConfiguration = MeterReporterConfiguration(),
        now: @escaping @Sendable () -> Date = { Date() },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        logger: Logger = Logger(label: "daibai.billing.meter", factory: { _ in SwiftLogNoOpLogHandler() }),
        metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) {
        self.ledger = ledger
        self.stripe = stripe
        self.customers = customers
        self.configuration = configuration
        self.now = now
        self.sleep = sleep
        self.logger = logger
        self.counters = MeterReporterCounters(factory: metricsFactory)
    }

    /// Drains until graceful shutdown (or cancellation), pausing ``MeterReporterConfiguration/interval``
    /// between drains; a drain in flight finishes its batch before `run` returns.
    public func run() async throws {
        logger.info("Meter reporter started", metadata: ["interval": "\(configuration.interval)"])
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                let summary = try await reportPending()
                logger.debug("Meter report drain finished", metadata: ["summary": "\(summary)"])
            } catch {
                logger.error("Meter report drain failed", metadata: ["error": "\(error)"])
            }
            if Task.isShuttingDownGracefully || Task.isCancelled { break }
            let sleep = self.sleep
            let interval = configuration.interval
            do {
                try await cancelWhenGracefulShutdown { try await sleep(interval) }
            } catch {
                // Woken by graceful shutdown or cancellation; the loop condition decides.
            }
        }
        logger.info("Meter reporter stopped")
    }

    /// Reports the pending events once, batch after batch, until none is left to try, a
    /// failure stops the drain, or graceful shutdown begins (the current batch finishes).
    /// - Throws: ``BillingStoreError`` when the ledger cannot be read or written.
    @discardableResult
    public func reportPending() async throws(BillingStoreError) -> MeterReportSummary {
        let result: Result<MeterReportSummary, BillingStoreError> = await withSpan("MeterReporter.reportPending") { span in
            do throws(BillingStoreError) {
                let summary = try await drain()
                span.attributes["daibai.meter.reported"] = summary.reported
                span.attributes["daibai.meter.rejected"] = summary.rejected
                span.attributes["daibai.meter.not_charged"] = summary.notCharged
                span.attributes["daibai.meter.failed_attempts"] = summary.failedAttempts
                return .success(summary)
            } catch {
                span.recordError(error)
                return .failure(error)
            }
        }
        return try result.get()
    }

    private func drain() async throws(BillingStoreError) -> MeterReportSummary {
        var summary = MeterReportSummary()
        var cursor: UsageLedgerCursor?
        var lookups = MeterCustomerCache()
        while !Task.isCancelled {
            let batch = try await ledger.unreported(limit: configuration.batchSize, after: cursor)
            guard let last = batch.last else { break }
            let notCharged = batch.filter { !PlatformCharge.isCharged($0) }
            if !notCharged.isEmpty {
                try await ledger.markNotCharged(notCharged.map(\.id), at: now())
                summary.notCharged += notCharged.count
                counters.notCharged.increment(by: Int64(notCharged.count))
                logger.debug("Usage events not charged by the platform settled without reporting", metadata: ["events": "\(notCharged.count)"])
            }
            for event in batch where PlatformCharge.isCharged(event) {
                if let stop = try await report(event, lookups: &lookups, summary: &summary) {
                    summary.stoppedBy = stop
                    logger.warning("Meter report drain stopped; events stay pending", metadata: ["error": "\(stop)"])
                    return summary
                }
            }
            cursor = UsageLedgerCursor(after: last)
            if batch.count < configuration.batchSize || Task.isShuttingDownGracefully { break }
        }
        for (tenant, count) in lookups.waiting.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            logger.warning(
                "Usage events wait for the tenant's Stripe customer",
                metadata: ["tenant": "\(tenant)", "events": "\(count)"])
        }
        return summary
    }

    /// Reports one event; returns the error that must stop the drain, if any.
    private func report(_ event: UsageEvent, lookups: inout MeterCustomerCache, summary: inout MeterReportSummary) async throws(BillingStoreError) -> StripeError? {
        let current = now()
        if current.timeIntervalSince(event.timestamp) > configuration.maxEventAge {
            let days = Int(configuration.maxEventAge / 86_400)
            try await reject(event, reason: "older than \(days) days; Stripe accepts meter events from the past \(days) days only", at: current, summary: &summary)
            return nil
        }
        guard let eventName = configuration.eventNames[event.kind] else {
            summary.waitingForMeter += 1
            return nil
        }
        guard let customer = try await lookups.customer(for: event.tenant, using: customers) else {
            summary.waitingForCustomer += 1
            return nil
        }
        do {
            _ = try await stripe.createMeterEvent(
                eventName: eventName, customerID: customer, value: event.quantity,
                identifier: event.id.uuidString.lowercased(), timestamp: event.timestamp)
            try await ledger.markReported([event.id], at: now())
            summary.reported += 1
            counters.reported.increment()
            return nil
        } catch let error as StripeError {
            return try await handle(error, for: event, summary: &summary)
        } catch let error as BillingStoreError {
            throw error
        } catch {
            throw .storage(operation: "report a usage event", detail: "\(error)")
        }
    }

    private func handle(_ error: StripeError, for event: UsageEvent, summary: inout MeterReportSummary) async throws(BillingStoreError) -> StripeError? {
        if error.isDuplicateMeterEvent {
            try await ledger.markReported([event.id], at: now())
            summary.reported += 1
            summary.duplicates += 1
            counters.duplicate.increment()
            logger.debug("Stripe already had the meter event", metadata: ["event": "\(event.id)"])
            return nil
        }
        switch error {
        case .invalidRequest(let details) where details.status == 404:
            // An unknown URL, not a problem of this event: the base URL is wrong.
            summary.failedAttempts += 1
            counters.failed.increment()
            return error
        case .invalidRequest(let details):
            let reason = error.isMeterEventTimestampRejected
                ? "Stripe refused the timestamp (\(details))"
                : "Stripe refused the event (\(details))"
            try await reject(event, reason: reason, at: now(), summary: &summary)
            return nil
        case .idempotency, .invalidResponse:
            summary.failedAttempts += 1
            counters.failed.increment()
            logger.warning("Meter event not reported; it stays pending", metadata: ["event": "\(event.id)", "error": "\(error)"])
            return nil
        case .authentication, .permission, .rateLimited, .api, .connection, .configuration, .cancelled:
            summary.failedAttempts += 1
            counters.failed.increment()
            return error
        }
    }

    private func reject(_ event: UsageEvent, reason: String, at date: Date, summary: inout MeterReportSummary) async throws(BillingStoreError) {
        try await ledger.markRejected(event.id, reason: reason, at: date)
        summary.rejected += 1
        counters.rejected.increment()
        logger.warning("Usage event rejected for billing", metadata: ["event": "\(event.id)", "tenant": "\(event.tenant)", "reason": "\(reason)"])
    }
}
