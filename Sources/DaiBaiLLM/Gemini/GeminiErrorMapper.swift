import DaiBaiCore
import Foundation
import HTTPTypes

/// Turns a Gemini error response (status, headers, `{"error": {code, message, status}}`) into
/// an ``LLMError``, keeping the provider's message with every secret removed.
///
/// | Condition | Error |
/// |---|---|
/// | message about the input token count exceeding the maximum | `contextLengthExceeded` |
/// | 401, `UNAUTHENTICATED`, or 400 with `API_KEY_INVALID` / "API key not valid" | `authentication` |
/// | 403, `PERMISSION_DENIED` | `permissionDenied` |
/// | 404, `NOT_FOUND` | `misconfigured` (names the model and endpoint settings) |
/// | 429, `RESOURCE_EXHAUSTED` | `rateLimited` (`Retry-After`, else `RetryInfo.retryDelay`) |
/// | 503, `UNAVAILABLE` | `overloaded` |
/// | other 5xx | `server` |
/// | other 4xx | `misconfigured` (the provider rejected the request) |
struct GeminiErrorMapper: Sendable {
    /// The provider's configured name.
    let provider: String
    /// The configured model.
    let model: String
    /// The base URL, for messages.
    let endpoint: LLMEndpoint
    /// Removes secrets from provider text.
    let redactor: SecretRedactor

    /// The error for a response with `status`, `headers` and `body`.
    func map(status: Int, headers: HTTPFields, body: [UInt8]) -> LLMError {
        let detail = (try? JSONDecoder().decode(GeminiErrorBody.self, from: Data(body)))?.error
        return map(status: status, headers: headers, detail: detail, body: body)
    }

    /// The error for an `{"error": …}` object sent inside a stream.
    func map(streamed detail: GeminiErrorBody.Detail) -> LLMError {
        map(status: detail.code ?? 500, headers: [:], detail: detail, body: [])
    }

    private func map(status: Int, headers: HTTPFields, detail: GeminiErrorBody.Detail?, body: [UInt8]) -> LLMError {
        let message = self.message(detail: detail, status: status, body: body)
        let canonical = detail?.status?.uppercased() ?? ""
        let text = detail?.message?.lowercased() ?? ""
        let reasons = Set((detail?.details ?? []).compactMap { $0.reason?.uppercased() })
        if text.contains("token count") && text.contains("exceeds") || text.contains("exceeds the maximum number of tokens") {
            return .contextLengthExceeded(provider: provider, message: message)
        }
        if status == 401 || canonical == "UNAUTHENTICATED" || reasons.contains("API_KEY_INVALID") || text.contains("api key not valid") || text.contains("api key expired") {
            return .authentication(provider: provider, message: message)
        }
        if status == 403 || canonical == "PERMISSION_DENIED" {
            return .permissionDenied(provider: provider, message: message)
        }
        if status == 404 || canonical == "NOT_FOUND" {
            return .misconfigured(
                provider: provider,
                message: "the model '\(model)' or the API path was not found at \(endpoint) (\(message)). Check llm.providers.\(provider).model and llm.providers.\(provider).endpoint."
            )
        }
        if status == 429 || canonical == "RESOURCE_EXHAUSTED" {
            let hint = RetryAfter.delay(from: headers) ?? (detail?.details ?? []).lazy.compactMap { Self.duration($0.retryDelay) }.first
            return .rateLimited(provider: provider, retryAfter: hint)
        }
        if status == 503 || canonical == "UNAVAILABLE" {
            return .overloaded(provider: provider)
        }
        if (500...599).contains(status) {
            return .server(provider: provider, status: status, message: message)
        }
        return .misconfigured(provider: provider, message: "the provider rejected the request with HTTP \(status): \(message)")
    }

    /// A protobuf duration such as `"37s"` or `"1.5s"`.
    static func duration(_ text: String?) -> Duration? {
        guard let text, text.hasSuffix("s"), let seconds = Double(text.dropLast()), seconds.isFinite, seconds >= 0 else { return nil }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    /// The provider's message (with its status), or an excerpt of the body, redacted.
    private func message(detail: GeminiErrorBody.Detail?, status: Int, body: [UInt8]) -> String {
        var parts: [String] = []
        if let text = detail?.message?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty {
            parts.append(text)
        } else {
            let raw = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            parts.append(raw.isEmpty ? "HTTP \(status) with an empty body" : raw)
        }
        if let canonical = detail?.status, !canonical.isEmpty { parts.append("status \(canonical)") }
        return Self.redactGoogleKeys(redactor.redact(parts.joined(separator: "; ")))
    }

    /// `text` without anything shaped like a Google API key (`AIza…`).
    static func redactGoogleKeys(_ text: String) -> String {
        text.replacing(/AIza[0-9A-Za-z_\-]{10,}/, with: SecretRedactor.placeholder)
    }
}
