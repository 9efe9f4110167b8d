import DaiBaiCore
import Foundation
import HTTPTypes
import Logging

/// A small client of the Stripe API over Core's ``HTTPTransport``.
///
/// - The API key is read from a ``SecretStore`` (``defaultSecretName`` for ``context``) on every
///   request, so a rotated key is picked up at once; it is sent only as `Authorization: Bearer`
///   to the configured base URL, and never appears in logs, errors or descriptions.
/// - Every request pins ``apiVersion`` in `Stripe-Version`; every POST carries an
///   `Idempotency-Key` (the caller's, or a random UUID), the same on each retry.
/// - Bodies are form-encoded with ``StripeFormEncoder``; errors become ``StripeError``.
/// - Retries go through Core's ``Retrier`` with ``StripeRetryRules``.
public struct StripeClient: Sendable, CustomStringConvertible {
    /// The Stripe API version this client is written against, sent as `Stripe-Version`.
    public static let apiVersion = "2025-04-30.basil"
    /// Stripe's production API.
    public static let defaultBaseURL = "https://api.stripe.com"
    /// The secret holding the API key (`sk_…` or a restricted `rk_…` key).
    public static let defaultSecretName = "STRIPE_API_KEY"

    /// The largest response body read.
    static let maxResponseBytes = 1024 * 1024

    private let endpoint: StripeEndpoint
    private let secrets: any SecretStore
    private let secretName: SecretName
    private let context: RequestContext
    private let transport: any HTTPTransport
    private let retrier: Retrier
    private let timeout: Duration
    private let now: @Sendable () -> Date
    private let makeIdempotencyKey: @Sendable () -> String
    private let logger: Logger

    /// Creates a client.
    /// - Parameters:
    ///   - secrets: Where the API key is read.
    ///   - secretName: The key's secret name.
    ///   - context: The tenant whose secret is read (the platform's own tenant for billing).
    ///   - baseURL: `https://api.stripe.com` by default; `http://` is accepted for loopback hosts only.
    ///   - transport: Sends each attempt (not a retrying transport: this client retries itself).
    ///   - retrier: The retry loop; its policy defaults to ``StripeRetryRules/defaultPolicy``.
    ///   - timeout: The longest wait for a response head per attempt.
    ///   - now: The current time, for `Retry-After` dates.
    ///   - idempotencyKey: Makes the `Idempotency-Key` of a POST the caller gave none for.
    ///   - logger: Receives debug lines (method, path, status; never headers or bodies).
    /// - Throws: ``StripeError/configuration(_:)`` for an unusable base URL or secret name.
    public init(
        secrets: any SecretStore,
        secretName: String = StripeClient.defaultSecretName,
        context: RequestContext = .local,
        baseURL: String = StripeClient.defaultBaseURL,
        transport: any HTTPTransport = AsyncHTTPClientTransport(),
        retrier: Retrier = Retrier(policy: StripeRetryRules.defaultPolicy),
        timeout: Duration = .seconds(30),
        now: @escaping @Sendable () -> Date = { Date() },
        idempotencyKey: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() },
        logger: Logger = Logger(label: "daibai.billing.stripe", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(StripeError) {
        self.endpoint = try StripeEndpoint(baseURL)
        self.secrets = secrets
        do {
            self.secretName = try SecretName(validating: secretName)
        } catch {
            throw .configuration("the API key's secret name is invalid: \(error)")
        }
        self.context = context
        self.transport = transport
        self.retrier = retrier
        self.timeout = timeout
        self.now = now
        self.makeIdempotencyKey = idempotencyKey
        self.logger = logger
    }

    /// `StripeClient(<base URL>, key: <secret name>)`; never the key.
    public var description: String { "StripeClient(\(endpoint), key: \(secretName))" }

    /// Creates a billing meter event (`POST /v1/billing/meter_events`).
    ///
    /// - Parameters:
    ///   - eventName: The meter's `event_name`.
    ///   - customerID: The Stripe customer (`payload[stripe_customer_id]`).
    ///   - value: The usage quantity (`payload[value]`).
    ///   - identifier: Stripe's unique identifier of the event; a resend with the same one is
    ///     refused as a duplicate (``StripeError/isDuplicateMeterEvent``).
    ///   - timestamp: When the usage happened (sent in whole seconds; within the past 35 days).
    ///   - idempotencyKey: The `Idempotency-Key`; a random one by default.
    /// - Returns: The event as Stripe stored it.
    public func createMeterEvent(
        eventName: String,
        customerID: String,
        value: Int,
        identifier: String,
        timestamp: Date,
        idempotencyKey: String? = nil
    ) async throws(StripeError) -> StripeMeterEvent {
        let fields = [
            StripeFormField("event_name", eventName),
            StripeFormField("payload", .object([
                StripeFormField("stripe_customer_id", customerID),
                StripeFormField("value", String(value)),
            ])),
            StripeFormField("identifier", identifier),
            StripeFormField("timestamp", String(Int64(timestamp.timeIntervalSince1970.rounded(.down)))),
        ]
        let body = try await post("/v1/billing/meter_events", fields: fields, idempotencyKey: idempotencyKey)
        do {
            let event = try JSONDecoder().decode(StripeMeterEvent.self, from: Data(body))
            guard event.object == "billing.meter_event" else {
                throw StripeError.invalidResponse("expected a billing.meter_event object, got '\(event.object)'")
            }
            return event
        } catch let error as StripeError {
            throw error
        } catch {
            throw .invalidResponse("the meter event could not be decoded (\(Self.describe(error)))")
        }
    }

    /// Sends a form-encoded POST to `path` (e.g. `/v1/customers`) and returns the 2xx body.
    ///
    /// - Throws: ``StripeError`` for an error status (after retries), no response, or no API key.
    public func post(_ path: String, fields: [StripeFormField], idempotencyKey: String? = nil) async throws(StripeError) -> [UInt8] {
        let key = try await apiKey()
        var headers = HTTPFields()
        headers[.authorization] = "Bearer \(key.revealed())"
        headers[.contentType] = "application/x-www-form-urlencoded"
        headers[.accept] = "application/json"
        headers[.userAgent] = "DaiBai (swift)"
        if let version = HTTPField.Name("Stripe-Version") { headers[version] = Self.apiVersion }
        if let idempotency = HTTPField.Name("Idempotency-Key") { headers[idempotency] = idempotencyKey ?? makeIdempotencyKey() }
        let head = endpoint.request(.post, path: path, headerFields: headers)
        let request = HTTPTransportRequest(head: head, body: Array(StripeFormEncoder.encode(fields).utf8), timeout: timeout)
        return try await send(request, key: key)
    }

    // MARK: - Internals

    private func apiKey() async throws(StripeError) -> SecretValue {
        let value: SecretValue?
        do {
            value = try await secrets.secret(named: secretName, context: context)
        } catch {
            throw .configuration("the API key could not be read from the \(secrets.storeName) secret store: \(error)")
        }
        guard let value, !value.isEmpty else {
            throw .configuration("no secret '\(secretName)' in the \(secrets.storeName) secret store for tenant \(context.tenant); store the Stripe API key there")
        }
        return value
    }

    private func send(_ request: HTTPTransportRequest, key: SecretValue) async throws(StripeError) -> [UInt8] {
        let path = request.head.path ?? ""
        let policy = retrier.policy
        let now = self.now
        let logger = self.logger
        let response: HTTPTransportResponse
        do throws(HTTPTransportError) {
            response = try await retrier.run(
                { _ throws(HTTPTransportError) in try await transport.send(request) },
                decide: { outcome, attempt in
                    let decision = StripeRetryRules.decide(outcome, policy: policy, now: now())
                    if case .retry = decision {
                        logger.debug("Retrying Stripe request", metadata: ["path": "\(path)", "attempt": "\(attempt)"])
                    }
                    return decision
                },
                beforeRetry: { discarded, _, _ in
                    if case .success(let response) = discarded { _ = try? await response.collectBody(upTo: Self.maxResponseBytes) }
                },
                whenCancelled: { .cancelled }
            )
        } catch {
            switch error {
            case .cancelled: throw .cancelled
            default:
                logger.debug("Stripe request failed", metadata: ["path": "\(path)", "error": "\(StripeRedaction.redact(error.description, key: key.revealed()))"])
                throw .connection(StripeRedaction.redact(error.description, key: key.revealed()))
            }
        }
        let status = response.head.status.code
        logger.debug("Stripe response", metadata: ["method": "POST", "path": "\(path)", "status": "\(status)"])
        let body: [UInt8]
        do throws(HTTPTransportError) {
            body = try await response.collectBody(upTo: Self.maxResponseBytes)
        } catch {
            if case .cancelled = error { throw .cancelled }
            throw .connection(StripeRedaction.redact(error.description, key: key.revealed()))
        }
        guard (200..<300).contains(status) else {
            throw StripeErrorMapping.error(status: status, headers: response.head.headerFields, body: body, key: key.revealed())
        }
        return body
    }

    /// A short description of a decoding error (the path and the problem, no values).
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(type(of: error))" }
        switch error {
        case .keyNotFound(let key, _): return "missing '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case .dataCorrupted: return "invalid JSON"
        @unknown default: return "invalid JSON"
        }
    }
}
