import DaiBaiCore
import Foundation
import HTTPTypes
import Logging
import Metrics
import ServiceLifecycle
import Synchronization

/// Sends telemetry to Application Insights: `POST {IngestionEndpoint}/v2.1/track` with a
/// gzip-compressed JSON array of envelopes.
///
/// ``submit(_:)`` only appends to a bounded in-memory buffer: it never blocks and never throws.
/// When the buffer is full the oldest item is dropped and counted (``droppedCount``, and the
/// counter `daibai_telemetry_appinsights_dropped_total{reason="buffer_full"}`).
///
/// ``run()`` (a swift-service-lifecycle `Service`) sends a batch as soon as
/// ``ApplicationInsightsExporterConfiguration/maxBatchSize`` items wait, otherwise every
/// ``ApplicationInsightsExporterConfiguration/flushInterval``. Each request goes through the
/// `Retrier` of `RetryingHTTPTransport`: 408, 429, 5xx and transport failures are retried with
/// backoff (honouring `Retry-After`). Items that still could not be delivered go back to the
/// front of the buffer for the next round; a partial success (206) puts back only the items
/// whose own status is retryable. Items the service refuses for good (400, 402, 413, …) are
/// dropped and counted with `reason="rejected"`.
///
/// On graceful shutdown the loop stops and what is buffered is sent for at most
/// ``ApplicationInsightsExporterConfiguration/shutdownFlushTimeout``. Put the exporter first in
/// the `ServiceGroup`, so it is shut down last, after the services whose telemetry it carries.
///
/// With `Authorization=AAD`, or whenever a credential is given, each request carries
/// `Authorization: Bearer` with a token for the connection string's
/// ``ApplicationInsightsConnectionString/entraScope``. The instrumentation key is never logged.
public final class ApplicationInsightsExporter: Service, Sendable {
    /// Where telemetry goes.
    public let connectionString: ApplicationInsightsConnectionString
    /// Buffering and batching.
    public let configuration: ApplicationInsightsExporterConfiguration

    private let transport: RetryingHTTPTransport
    private let credential: (any TokenCredential)?
    private let sleep: @Sendable (Duration) async throws -> Void
    private let logger: Logger
    private let buffer: ApplicationInsightsBuffer
    private let commonTags: [String: String]
    private let target: (scheme: String, authority: String, path: String)
    private let counters: Counters
    private let totals = Mutex(Totals())

    /// The largest response body read (a 206 lists one error per refused item).
    static let responseBodyLimit = 4 * 1024 * 1024

    private struct Totals {
        var accepted = 0
        var rejected = 0
    }

    private struct Counters: Sendable {
        let droppedFull: Counter
        let rejected: Counter
        let accepted: Counter
    }

    /// What one request achieved.
    struct BatchOutcome: Sendable, Equatable {
        var accepted = 0
        var requeued = 0
        var rejected = 0
    }

    /// Creates an exporter.
    ///
    /// - Parameters:
    ///   - connectionString: The resource to send to.
    ///   - transport: The HTTP transport, for example `AsyncHTTPClientTransport()`; it is wrapped
    ///     in a `RetryingHTTPTransport` with `retrier`.
    ///   - configuration: Buffer size, batch size and intervals.
    ///   - credential: An Entra token credential; required when the connection string says
    ///     `Authorization=AAD`, optional otherwise.
    ///   - retrier: The retry loop for each request (its policy decides which statuses are retried;
    ///     inject its sleep and clock in tests).
    ///   - sleep: Waits for the flush interval and the shutdown limit; must return or throw when
    ///     the task is cancelled. `Task.sleep` by default.
    ///   - logger: Receives one line per failed request (status and counts, never contents or the key).
    ///   - metricsFactory: Where the exporter's own counters go; `MetricsSystem.factory` by default.
    /// - Throws: ``ApplicationInsightsExporterError/entraCredentialRequired`` when Entra
    ///   authentication is required and no credential is given.
    public init(
        connectionString: ApplicationInsightsConnectionString,
        transport: some HTTPTransport,
        configuration: ApplicationInsightsExporterConfiguration = ApplicationInsightsExporterConfiguration(),
        credential: (any TokenCredential)? = nil,
        retrier: Retrier = Retrier(),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        logger: Logger = Logger(label: "daibai.telemetry.appinsights", factory: { _ in SwiftLogNoOpLogHandler() }),
        metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) throws(ApplicationInsightsExporterError) {
        if connectionString.authorization == .entra, credential == nil { throw .entraCredentialRequired }
        let url = connectionString.trackURL
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty
        else { throw .invalidIngestionEndpoint(url) }
        let authority = components.port.map { "\(host):\($0)" } ?? host
        self.target = (scheme, authority, components.percentEncodedPath)
        self.connectionString = connectionString
        self.configuration = configuration
        self.transport = RetryingHTTPTransport(base: transport, retrier: retrier)
        self.credential = credential
        self.sleep = sleep
        self.logger = logger
        self.buffer = ApplicationInsightsBuffer(capacity: configuration.bufferCapacity)
        self.commonTags = configuration.context.tags
        let dropped = "daibai_telemetry_appinsights_dropped_total"
        self.counters = Counters(
            droppedFull: Counter(label: dropped, dimensions: [("reason", "buffer_full")], factory: metricsFactory),
            rejected: Counter(label: dropped, dimensions: [("reason", "rejected")], factory: metricsFactory),
            accepted: Counter(label: "daibai_telemetry_appinsights_accepted_total", factory: metricsFactory)
        )
    }

    // MARK: - Producing

    /// Buffers `envelope` for sending; never blocks, never throws.
    ///
    /// When the buffer is full, the oldest buffered item is dropped and counted.
    public func submit(_ envelope: ApplicationInsightsEnvelope) {
        let dropped = buffer.append(envelope)
        if dropped > 0 { counters.droppedFull.increment(by: Int64(dropped)) }
    }

    /// Items dropped because the buffer was full (including items put back after a failed
    /// request that no longer fitted).
    public var droppedCount: Int { buffer.dropped }

    /// Items the service refused for good (or that could not be encoded) and that were dropped.
    public var rejectedCount: Int { totals.withLock { $0.rejected } }

    /// Items the service accepted.
    public var acceptedCount: Int { totals.withLock { $0.accepted } }

    /// Items waiting to be sent.
    public var bufferedCount: Int { buffer.count }

    // MARK: - Sending

    /// Sends batches until the task is cancelled or a graceful shutdown is triggered, then sends
    /// what is still buffered for at most ``ApplicationInsightsExporterConfiguration/shutdownFlushTimeout``.
    public func run() async throws {
        await cancelWhenGracefulShutdown { [self] in await sendLoop() }
        await flushOnShutdown()
    }

    /// Sends everything buffered now, batch by batch, stopping early when a request could not
    /// deliver all its items (they stay buffered) or the task is cancelled.
    ///
    /// - Returns: How many items are still buffered.
    @discardableResult
    public func flush() async -> Int {
        while !Task.isCancelled {
            let batch = buffer.take(upTo: configuration.maxBatchSize)
            if batch.isEmpty { break }
            let outcome = await send(batch)
            if outcome.requeued > 0 { break }
        }
        return buffer.count
    }

    private func sendLoop() async {
        var pause = false
        while !Task.isCancelled {
            if pause || buffer.count < configuration.maxBatchSize {
                await waitForBatch(orOnlyTheInterval: pause)
                if Task.isCancelled { break }
            }
            let batch = buffer.take(upTo: configuration.maxBatchSize)
            if batch.isEmpty {
                pause = false
                continue
            }
            pause = await send(batch).requeued > 0
        }
    }

    /// Waits for a full batch or the flush interval, whichever comes first (only the interval
    /// when `onlyTheInterval`, after a request that could not deliver everything).
    private func waitForBatch(orOnlyTheInterval onlyTheInterval: Bool) async {
        let size = configuration.maxBatchSize
        let interval = configuration.flushInterval
        let buffer = buffer
        let sleep = sleep
        await withTaskGroup(of: Void.self) { group in
            if !onlyTheInterval {
                group.addTask { await buffer.waitForBatch(size: size) }
            }
            group.addTask { try? await sleep(interval) }
            await group.next()
            group.cancelAll()
        }
    }

    private func flushOnShutdown() async {
        guard buffer.count > 0 else { return }
        let limit = configuration.shutdownFlushTimeout
        let sleep = sleep
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [self] in await flush() }
            group.addTask { try? await sleep(limit) }
            await group.next()
            group.cancelAll()
        }
        let left = buffer.count
        if left > 0 {
            logger.warning(
                "Telemetry still buffered at shutdown was not sent",
                metadata: ["items": "\(left)", "limit": "\(limit)"]
            )
        }
    }

    /// Sends one batch and puts back, drops or counts its items by the answer.
    func send(_ batch: [ApplicationInsightsEnvelope]) async -> BatchOutcome {
        await ApplicationInsightsExportSuppression.run { await self.deliver(batch) }
    }

    private func deliver(_ batch: [ApplicationInsightsEnvelope]) async -> BatchOutcome {
        var outcome = BatchOutcome()
        var items: [ApplicationInsightsEnvelope] = []
        var body: [UInt8] = [UInt8(ascii: "[")]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for envelope in batch {
            let stamped = stamp(envelope)
            guard let json = try? encoder.encode(stamped) else {
                outcome.rejected += 1
                continue
            }
            if !items.isEmpty { body.append(UInt8(ascii: ",")) }
            body.append(contentsOf: json)
            items.append(stamped)
        }
        body.append(UInt8(ascii: "]"))
        if outcome.rejected > 0 {
            logger.warning("Telemetry items that cannot be encoded as JSON were dropped", metadata: ["items": "\(outcome.rejected)"])
        }
        guard !items.isEmpty else { return record(outcome) }

        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.accept] = "application/json"
        let compressed = ApplicationInsightsGzip.compress(body)
        if compressed != nil { headers[.contentEncoding] = "gzip" }
        if let credential {
            do {
                let token = try await credential.token(for: TokenRequest(scopes: [connectionString.entraScope]))
                headers[.authorization] = "Bearer \(token.token.revealed())"
            } catch {
                logger.warning("No Entra token for Application Insights; telemetry stays buffered", metadata: ["error": "\(error)"])
                outcome.requeued += requeue(items)
                return record(outcome)
            }
        }
        let request = HTTPTransportRequest(
            head: HTTPRequest(method: .post, scheme: target.scheme, authority: target.authority, path: target.path, headerFields: headers),
            body: compressed ?? body,
            timeout: configuration.requestTimeout
        )

        let response: HTTPTransportResponse
        do {
            response = try await transport.send(request)
        } catch {
            switch error {
            case .invalidRequest, .bodyTooLarge:
                logger.error("Application Insights refused to take the request; telemetry dropped", metadata: ["error": "\(error)", "items": "\(items.count)"])
                outcome.rejected += items.count
            case .connectionFailed, .timedOut, .cancelled:
                if error != .cancelled {
                    logger.warning("Application Insights unreachable; telemetry stays buffered", metadata: ["error": "\(error)", "items": "\(items.count)"])
                }
                outcome.requeued += requeue(items)
            }
            return record(outcome)
        }

        let status = response.head.status.code
        let responseBody = try? await response.collectBody(upTo: Self.responseBodyLimit)
        switch status {
        case 206:
            outcome = partial(items, body: responseBody, outcome: outcome)
        case 200..<300:
            outcome.accepted += items.count
        case _ where transport.retrier.policy.isRetryable(status: status):
            logger.warning("Application Insights kept failing; telemetry stays buffered", metadata: ["status": "\(status)", "items": "\(items.count)"])
            outcome.requeued += requeue(items)
        default:
            logger.error(
                "Application Insights refused telemetry; dropped",
                metadata: ["status": "\(status)", "items": "\(items.count)", "hint": "\(Self.hint(for: status))"]
            )
            outcome.rejected += items.count
        }
        return record(outcome)
    }

    /// Handles a 206: the listed items with a retryable status go back, the other listed ones
    /// are dropped, the rest were accepted.
    private func partial(_ items: [ApplicationInsightsEnvelope], body: [UInt8]?, outcome: BatchOutcome) -> BatchOutcome {
        var outcome = outcome
        guard let body, let answer = try? JSONDecoder().decode(ApplicationInsightsTrackResponse.self, from: Data(body)) else {
            logger.warning("Application Insights answered 206 without a readable body; counted as accepted", metadata: ["items": "\(items.count)"])
            outcome.accepted += items.count
            return outcome
        }
        var retry: [Int: ApplicationInsightsEnvelope] = [:]
        var refused = Set<Int>()
        for error in answer.errors where items.indices.contains(error.index) {
            if transport.retrier.policy.isRetryable(status: error.statusCode) {
                retry[error.index] = items[error.index]
            } else {
                refused.insert(error.index)
            }
        }
        refused.subtract(retry.keys)
        let again = retry.keys.sorted().compactMap { retry[$0] }
        outcome.requeued += requeue(again)
        outcome.rejected += refused.count
        outcome.accepted += items.count - again.count - refused.count
        logger.debug(
            "Application Insights accepted part of a batch",
            metadata: ["accepted": "\(items.count - again.count - refused.count)", "retry": "\(again.count)", "refused": "\(refused.count)"]
        )
        return outcome
    }

    /// Puts `items` back in front of the buffer; returns how many were put back (the ones that
    /// no longer fit are dropped and counted).
    private func requeue(_ items: [ApplicationInsightsEnvelope]) -> Int {
        let dropped = buffer.putBack(items)
        if dropped > 0 { counters.droppedFull.increment(by: Int64(dropped)) }
        return items.count - dropped
    }

    private func record(_ outcome: BatchOutcome) -> BatchOutcome {
        totals.withLock { totals in
            totals.accepted += outcome.accepted
            totals.rejected += outcome.rejected
        }
        if outcome.accepted > 0 { counters.accepted.increment(by: Int64(outcome.accepted)) }
        if outcome.rejected > 0 { counters.rejected.increment(by: Int64(outcome.rejected)) }
        return outcome
    }

    /// `envelope` with this resource's key and the common tags (its own tags win).
    private func stamp(_ envelope: ApplicationInsightsEnvelope) -> ApplicationInsightsEnvelope {
        var envelope = envelope
        envelope.instrumentationKey = connectionString.instrumentationKey.revealed()
        envelope.tags = commonTags.merging(envelope.tags) { _, own in own }
        return envelope
    }

    private static func hint(for status: Int) -> String {
        switch status {
        case 400: "the service could not read the items"
        case 401, 403: "check the credential and that it has the Monitoring Metrics Publisher role on the resource"
        case 402, 439: "the resource's daily cap or quota is reached"
        case 413: "the batch is too large; lower maxBatchSize"
        default: "see the Application Insights ingestion documentation"
        }
    }
}
