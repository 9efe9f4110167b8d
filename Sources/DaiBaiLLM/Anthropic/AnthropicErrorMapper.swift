import DaiBaiCore
import Foundation
import HTTPTypes

/// Maps Anthropic's error object and HTTP status to ``LLMError``, with secrets removed.
struct AnthropicErrorMapper: Sendable {
    let provider: String
    let model: String
    let endpoint: LLMEndpoint
    let redactor: SecretRedactor

    func map(status: Int, headers: HTTPFields, body: [UInt8]) -> LLMError {
        let detail = (try? JSONDecoder().decode(AnthropicErrorBody.self, from: Data(body)))?.error
        let message = self.message(detail: detail, status: status, body: body)
        if let classified = classify(detail, status: status, headers: headers, message: message) { return classified }
        switch status {
        case 401: return .authentication(provider: provider, message: message)
        case 403: return .permissionDenied(provider: provider, message: message)
        case 404: return notFound(message)
        case 413: return .contextLengthExceeded(provider: provider, message: message)
        case 429: return .rateLimited(provider: provider, retryAfter: RetryAfter.delay(from: headers))
        case 529: return .overloaded(provider: provider)
        case 500...599: return .server(provider: provider, status: status, message: message)
        default:
            return .misconfigured(provider: provider, message: "the provider rejected the request with HTTP \(status): \(message)")
        }
    }

    func map(streamed detail: AnthropicErrorBody.Detail) -> LLMError {
        let message = self.message(detail: detail, status: nil, body: [])
        return classify(detail, status: nil, headers: [:], message: message)
            ?? .transport(provider: provider, message: "the provider reported an error during the stream: \(message)")
    }

    private func classify(_ detail: AnthropicErrorBody.Detail?, status: Int?, headers: HTTPFields, message: String) -> LLMError? {
        let text = detail?.message?.lowercased() ?? ""
        switch detail?.type?.lowercased() {
        case "authentication_error": return .authentication(provider: provider, message: message)
        case "permission_error": return .permissionDenied(provider: provider, message: message)
        case "not_found_error": return notFound(message)
        case "rate_limit_error": return .rateLimited(provider: provider, retryAfter: RetryAfter.delay(from: headers))
        case "request_too_large": return .contextLengthExceeded(provider: provider, message: message)
        case "overloaded_error": return .overloaded(provider: provider)
        case "api_error": return .server(provider: provider, status: status.flatMap { (500...599).contains($0) ? $0 : nil } ?? 500, message: message)
        case "invalid_request_error" where text.contains("prompt is too long") || text.contains("context window"):
            return .contextLengthExceeded(provider: provider, message: message)
        default: return nil
        }
    }

    private func notFound(_ message: String) -> LLMError {
        .misconfigured(
            provider: provider,
            message: "the model '\(model)' or the API path was not found at \(endpoint) (\(message)). Check llm.providers.\(provider).model and llm.providers.\(provider).endpoint."
        )
    }

    private func message(detail: AnthropicErrorBody.Detail?, status: Int?, body: [UInt8]) -> String {
        var parts: [String] = []
        if let text = detail?.message?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty {
            parts.append(text)
        } else {
            let raw = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            parts.append(raw.isEmpty ? "HTTP \(status.map(String.init) ?? "error") with an empty body" : raw)
        }
        if let type = detail?.type, !type.isEmpty { parts.append("type \(type)") }
        return redactor.redact(parts.joined(separator: "; "))
    }
}
