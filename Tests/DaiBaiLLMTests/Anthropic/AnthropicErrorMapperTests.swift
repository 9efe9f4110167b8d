import DaiBaiCore
import HTTPTypes
import Testing
@testable import DaiBaiLLM

/// Anthropic's error object and stream events, case by case (the HTTP path is covered by the provider tests).
@Suite
struct AnthropicErrorMapperTests {
    let mapper: AnthropicErrorMapper

    init() throws {
        mapper = AnthropicErrorMapper(
            provider: "claude",
            model: "claude-3-5-sonnet-20241022",
            endpoint: try LLMEndpoint("https://api.anthropic.com"),
            redactor: SecretRedactor(secrets: [SecretValue(testKey)])
        )
    }

    private func map(_ status: Int, _ body: String, headers: HTTPFields = [:]) -> LLMError {
        mapper.map(status: status, headers: headers, body: Array(body.utf8))
    }

    @Test func errorTypesWinOverStatuses() {
        #expect(map(400, AnthropicFixtures.error("authentication_error", "bad key")) == .authentication(provider: "claude", message: "bad key; type authentication_error"))
        #expect(map(400, AnthropicFixtures.overloaded) == .overloaded(provider: "claude"))
        #expect(map(502, AnthropicFixtures.apiError) == .server(provider: "claude", status: 502, message: "An unexpected error has occurred internal to Anthropic's systems.; type api_error"))
    }

    @Test func statusesWithoutAnErrorObjectAreMapped() {
        #expect(map(401, "") == .authentication(provider: "claude", message: "HTTP 401 with an empty body"))
        #expect(map(529, "<html>overloaded</html>") == .overloaded(provider: "claude"))
        #expect(map(503, "") == .server(provider: "claude", status: 503, message: "HTTP 503 with an empty body"))
        #expect(map(429, "", headers: [.retryAfter: "3"]) == .rateLimited(provider: "claude", retryAfter: .seconds(3)))
        guard case .misconfigured(_, let message) = map(404, AnthropicFixtures.notFound) else {
            Issue.record("expected misconfigured")
            return
        }
        #expect(message.contains("llm.providers.claude.model"))
    }

    @Test func otherInvalidRequestsAreMisconfigurations() {
        guard case .misconfigured(_, let message) = map(400, AnthropicFixtures.error("invalid_request_error", "messages: roles must alternate")) else {
            Issue.record("expected misconfigured")
            return
        }
        #expect(message.contains("roles must alternate"))
    }

    @Test func theKeyIsRemovedFromMessages() {
        let error = map(401, AnthropicFixtures.invalidAPIKey(echoing: testKey))
        #expect(!error.description.contains(testKey))
        #expect(error.description.contains(SecretRedactor.placeholder))
    }

    @Test func streamedErrorsAreTyped() {
        #expect(mapper.map(streamed: .init(type: "overloaded_error", message: "Overloaded")) == .overloaded(provider: "claude"))
        guard case .contextLengthExceeded = mapper.map(streamed: .init(type: "invalid_request_error", message: "prompt is too long: 9 tokens > 8 maximum")) else {
            Issue.record("expected contextLengthExceeded")
            return
        }
        guard case .transport = mapper.map(streamed: .init(type: "something_new", message: "?")) else {
            Issue.record("expected transport")
            return
        }
    }

    @Test func stopReasonsMapToFinishReasons() {
        #expect(FinishReason(anthropic: "end_turn") == .stop)
        #expect(FinishReason(anthropic: "stop_sequence") == .stop)
        #expect(FinishReason(anthropic: "max_tokens") == .length)
        #expect(FinishReason(anthropic: "refusal") == .contentFilter)
        #expect(FinishReason(anthropic: "tool_use") == .other("tool_use"))
        #expect(FinishReason(anthropic: nil) == nil)
    }
}
