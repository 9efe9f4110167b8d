import DaiBaiCore
import HTTPTypes
import Testing
@testable import DaiBaiLLM

/// The status and error-body mapping, case by case (the HTTP path is covered by the provider tests).
@Suite
struct OpenAIErrorMapperTests {
    let mapper: OpenAIErrorMapper

    init() throws {
        mapper = OpenAIErrorMapper(
            provider: "openai",
            model: "gpt-4o",
            endpoint: try LLMEndpoint("https://api.openai.com/v1"),
            redactor: SecretRedactor(secrets: [SecretValue(testKey)])
        )
    }

    func map(_ status: Int, _ body: String, headers: HTTPFields = [:]) -> LLMError {
        mapper.map(status: status, headers: headers, body: Array(body.utf8))
    }

    @Test func statusesMapToTheirErrors() {
        #expect(map(403, #"{"error":{"message":"Project does not have access to model","type":"invalid_request_error","code":"model_not_found"}}"#)
            == .permissionDenied(provider: "openai", message: "Project does not have access to model; code model_not_found"))
        #expect(map(529, "overloaded") == .overloaded(provider: "openai"))
        #expect(map(500, ErrorFixtures.serverError) == .server(provider: "openai", status: 500, message: "The server had an error while processing your request. Sorry about that!"))
        #expect(map(429, ErrorFixtures.rateLimited, headers: [HTTPField.Name("retry-after-ms")!: "1500"]) == .rateLimited(provider: "openai", retryAfter: .milliseconds(1500)))
        #expect(map(429, ErrorFixtures.rateLimited) == .rateLimited(provider: "openai", retryAfter: nil))
    }

    @Test func insufficientQuotaIsNotARetryableRateLimit() {
        guard case .permissionDenied(_, let message) = map(429, ErrorFixtures.insufficientQuota) else {
            Issue.record("expected permissionDenied")
            return
        }
        #expect(message.contains("exceeded your current quota"))
    }

    @Test func contentFilterAndContextLengthAreRecognisedByCode() {
        guard case .contentFiltered = map(400, ErrorFixtures.contentFiltered) else {
            Issue.record("expected contentFiltered")
            return
        }
        guard case .contextLengthExceeded = map(400, ErrorFixtures.contextLengthExceeded) else {
            Issue.record("expected contextLengthExceeded")
            return
        }
    }

    @Test func otherClientErrorsAreMisconfigurationsWithTheParameter() {
        let body = #"{"error":{"message":"Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.","type":"invalid_request_error","param":"max_tokens","code":"unsupported_parameter"}}"#
        guard case .misconfigured(_, let message) = map(400, body) else {
            Issue.record("expected misconfigured")
            return
        }
        #expect(message.contains("HTTP 400"))
        #expect(message.contains("param max_tokens"))
    }

    @Test func compatibleServiceBodiesAndPlainTextAreKeptRedacted() {
        #expect(map(500, #"{"error":"upstream failed for key \#(testKey)"}"#) == .server(provider: "openai", status: 500, message: "upstream failed for key <redacted>"))
        #expect(map(502, #"{"message":"bad gateway","code":502}"#) == .server(provider: "openai", status: 502, message: "bad gateway"))
        #expect(map(503, "Authorization: Bearer abc.def-ghi failed") == .server(provider: "openai", status: 503, message: "Authorization: Bearer <redacted> failed"))
        #expect(map(401, #"{"error":{"message":"Incorrect API key provided: sk-proj-********************abcd.","code":"invalid_api_key"}}"#)
            == .authentication(provider: "openai", message: "Incorrect API key provided: <redacted>; code invalid_api_key"))
        #expect(map(500, "") == .server(provider: "openai", status: 500, message: "HTTP 500 with an empty body"))
    }

    @Test func longBodiesAreCut() {
        guard case .server(_, _, let message) = map(500, String(repeating: "x", count: 10_000)) else {
            Issue.record("expected server")
            return
        }
        #expect(message.count <= SecretRedactor.maxLength + 1)
    }

    @Test func tokenLimitFieldIsChosenByModelName() {
        for model in ["o1", "o1-mini", "o3", "o3-mini", "o4-mini", "gpt-5", "gpt-5-mini", "openai/o3-mini", "O3-MINI"] {
            #expect(OpenAITokenLimitParameter.automatic.resolved(forModel: model) == .maxCompletionTokens, "\(model)")
        }
        for model in ["gpt-4o", "gpt-4.1-mini", "llama-3.3-70b", "deepseek-chat", "o1x", "mistral-large-latest"] {
            #expect(OpenAITokenLimitParameter.automatic.resolved(forModel: model) == .maxTokens, "\(model)")
        }
        #expect(OpenAITokenLimitParameter.maxCompletionTokens.resolved(forModel: "gpt-4o") == .maxCompletionTokens)
    }
}
