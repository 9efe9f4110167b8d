import DaiBaiCore
import Foundation
import HTTPTypes

/// Turns an OpenAI-style error response (status, headers, `{"error": {…}}` body) into an
/// ``LLMError``, keeping the provider's message with every secret removed.
///
/// | Condition | Error |
/// |---|---|
/// | code `context_length_exceeded` (or a message about the maximum context length), or 413 | `contextLengthExceeded` |
/// | code `content_filter` / `content_policy_violation` | `contentFiltered` |
/// | 401 | `authentication` |
/// | 403 | `permissionDenied` |
/// | 404 | `misconfigured` (model or base URL not found; names the settings) |
/// | 429 with code `insufficient_quota` | `permissionDenied` (retrying does not help) |
/// | 429 | `rateLimited` with the `Retry-After` hint |
/// | 529 | `overloaded` |
/// | 5xx | `server` |
/// | other 4xx | `misconfigured` (the provider rejected the request) |
struct OpenAIErrorMapper: Sendable {
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
        let parsed = try? JSONDecoder().decode(OpenAIErrorBody.self, from: Data(body))
        let detail = parsed?.error
        let message = self.message(detail: detail, status: status, body: body)
        if let classified = classify(detail, message: message) { return classified }
        switch status {
        case 401:
            return .authentication(provider: provider, message: message)
        case 403:
            return .permissionDenied(provider: provider, message: message)
        case 404:
            return .misconfigured(
                provider: provider,
                message: "the model '\(model)' or the API path was not found at \(endpoint) (\(message)). Check llm.providers.\(provider).model and llm.providers.\(provider).endpoint."
            )
        case 413:
            return .contextLengthExceeded(provider: provider, message: message)
        case 429 where detail?.code == "insufficient_quota" || detail?.type == "insufficient_quota":
            return .permissionDenied(provider: provider, message: message)
        case 429:
            return .rateLimited(provider: provider, retryAfter: RetryAfter.delay(from: headers))
        case 529:
            return .overloaded(provider: provider)
        case 500...599:
            return .server(provider: provider, status: status, message: message)
        default:
            return .misconfigured(provider: provider, message: "the provider rejected the request with HTTP \(status): \(message)")
        }
    }

    /// The error for an `{"error": …}` object sent inside a stream.
    func map(streamed detail: OpenAIErrorBody.Detail) -> LLMError {
        let message = self.message(detail: detail, status: nil, body: [])
        return classify(detail, message: message)
            ?? .transport(provider: provider, message: "the provider reported an error during the stream: \(message)")
    }

    /// Errors recognised by code or message, whatever the status.
    private func classify(_ detail: OpenAIErrorBody.Detail?, message: String) -> LLMError? {
        let code = detail?.code?.lowercased() ?? ""
        let type = detail?.type?.lowercased() ?? ""
        let text = detail?.message?.lowercased() ?? ""
        if code == "context_length_exceeded" || type == "context_length_exceeded" || text.contains("maximum context length") {
            return .contextLengthExceeded(provider: provider, message: message)
        }
        if code == "content_filter" || code == "content_policy_violation" || type == "content_filter" {
            return .contentFiltered(provider: provider, message: message)
        }
        return nil
    }

    /// The provider's message (with code and parameter), or an excerpt of the body, redacted.
    private func message(detail: OpenAIErrorBody.Detail?, status: Int?, body: [UInt8]) -> String {
        var parts: [String] = []
        if let text = detail?.message?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty {
            parts.append(text)
        } else {
            let raw = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            parts.append(raw.isEmpty ? "HTTP \(status.map(String.init) ?? "error") with an empty body" : raw)
        }
        if let code = detail?.code, !code.isEmpty { parts.append("code \(code)") }
        if let param = detail?.param, !param.isEmpty { parts.append("param \(param)") }
        return redactor.redact(parts.joined(separator: "; "))
    }
}
