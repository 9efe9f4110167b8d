import DaiBaiCore
import Foundation
import HTTPTypes
import Logging
import OpenAPIRuntime

/// The HTTP side every provider of this module shares: builds requests under the configured
/// ``LLMEndpoint``, attaches the credential only when the request goes to that endpoint,
/// sends through the injected ``HTTPTransport`` (which retries), reads bounded bodies and
/// turns transport failures into ``LLMError``.
///
/// It never logs header values, bodies or query strings.
struct LLMHTTPClient: Sendable {
    /// The provider's configured name, used in errors and logs.
    let provider: String
    /// Where every request goes.
    let endpoint: LLMEndpoint
    /// The credential attached to requests to ``endpoint``.
    let authentication: LLMAuthentication
    /// Header fields added to every request (set by configuration, never by request input).
    let extraHeaders: HTTPFields
    /// The transport (retries happen there).
    let transport: any HTTPTransport
    /// The longest wait for a response head.
    let timeout: Duration
    /// Receives debug lines.
    let logger: Logger

    /// The largest successful response body read whole.
    static let maxResponseBytes = 16 * 1024 * 1024
    /// The most bytes of an error body kept.
    static let maxErrorBodyBytes = 64 * 1024

    /// Removes the configured secrets from provider text.
    var redactor: SecretRedactor { SecretRedactor(secrets: authentication.secrets) }

    /// Sends a request to `relativePath` under the endpoint and returns once the head arrived.
    ///
    /// - Throws: ``LLMError/cancelled`` when the task is cancelled, ``LLMError/transport(provider:message:)``
    ///   when no response arrived.
    func send(
        _ method: HTTPRequest.Method,
        path relativePath: String,
        body: [UInt8]? = nil,
        accept: String = "application/json"
    ) async throws(LLMError) -> HTTPTransportResponse {
        var fields = extraHeaders
        fields[.accept] = accept
        fields[.userAgent] = "DaiBai (swift)"
        if body != nil { fields[.contentType] = "application/json" }
        var head = endpoint.request(method, path: relativePath, headerFields: fields)
        if authentication.isConfigured {
            // The key goes only to the configured scheme and authority.
            guard endpoint.owns(head) else {
                throw .misconfigured(provider: provider, message: "refusing to send the credential to a host other than \(endpoint)")
            }
            let credential = try await authentication.resolve()
            for field in credential.fields { head.headerFields[field.name] = field.value }
        }
        let started = ContinuousClock.now
        do throws(HTTPTransportError) {
            let response = try await transport.send(HTTPTransportRequest(head: head, body: body, timeout: timeout))
            logger.debug(
                "LLM HTTP response",
                metadata: [
                    "provider": "\(provider)", "method": "\(method.rawValue)", "path": "\(head.path ?? "")",
                    "status": "\(response.head.status.code)", "elapsed": "\(started.duration(to: .now))",
                ]
            )
            return response
        } catch {
            logger.debug("LLM HTTP request failed", metadata: ["provider": "\(provider)", "error": "\(redactor.redact(error.description))"])
            throw map(error)
        }
    }

    /// The whole body of a successful response, at most ``maxResponseBytes``.
    func readBody(_ response: HTTPTransportResponse) async throws(LLMError) -> [UInt8] {
        do throws(HTTPTransportError) {
            return try await response.collectBody(upTo: Self.maxResponseBytes)
        } catch {
            throw map(error)
        }
    }

    /// The first ``maxErrorBodyBytes`` of an error response's body (read failures give what was read).
    static func readErrorBody(_ response: HTTPTransportResponse) async -> [UInt8] {
        var bytes: [UInt8] = []
        do {
            for try await chunk in response.body {
                bytes.append(contentsOf: chunk.prefix(maxErrorBodyBytes - bytes.count))
                if bytes.count >= maxErrorBodyBytes { break }
            }
        } catch {
            // Keep what arrived; the status already says the call failed.
        }
        return bytes
    }

    /// `error` as an ``LLMError`` (cancellation stays cancellation), secrets removed.
    func map(_ error: HTTPTransportError) -> LLMError {
        switch error {
        case .cancelled: .cancelled
        default: .transport(provider: provider, message: redactor.redact(error.description))
        }
    }

    /// Maps an error thrown while reading a streamed body.
    func map(streamError error: any Error) -> LLMError {
        switch error {
        case let error as LLMError: error
        case let error as HTTPTransportError: map(error)
        case is CancellationError: .cancelled
        default:
            Task.isCancelled ? .cancelled : .transport(provider: provider, message: "reading the stream failed: \(redactor.redact(String(describing: error)))")
        }
    }

    /// `value` as JSON bytes.
    func encode(_ value: some Encodable) throws(LLMError) -> [UInt8] {
        do {
            return Array(try JSONEncoder().encode(value))
        } catch {
            throw .transport(provider: provider, message: "the request could not be encoded as JSON: \(error)")
        }
    }

    /// `bytes` decoded as `type`; a malformed body is a transport error naming `what`.
    func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], what: String) throws(LLMError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch {
            let excerpt = redactor.redact(String(decoding: bytes.prefix(500), as: UTF8.self))
            throw .transport(provider: provider, message: "the \(what) is not in the expected format (\(Self.describe(error))); body starts with: \(excerpt)")
        }
    }

    /// A short description of a decoding error (the path and the problem, no values).
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(type(of: error))" }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing '\(key.stringValue)' at '\(path(context))'"
        case .typeMismatch(_, let context): return "wrong type at '\(path(context))'"
        case .valueNotFound(_, let context): return "null at '\(path(context))'"
        case .dataCorrupted(let context): return "invalid JSON at '\(path(context))'"
        @unknown default: return "invalid JSON"
        }
    }
}
