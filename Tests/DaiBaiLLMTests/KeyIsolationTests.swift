import DaiBaiTestSupport
import DaiBaiCore
import DaiBaiLLM
import DaiBaiTesting
import HTTPTypes
import Testing

/// The API key goes only to the configured base URL's scheme, host and port.
@Suite(.timeLimit(.minutes(10)))
struct KeyIsolationTests {
    @Test func aRedirectToAnotherHostNeverCarriesTheKey() async throws {
        try await withLoopbackServer([
            .init("/*") { _ in .text(200, ChatCompletionFixtures.completion) },
        ]) { elsewhere in
            try await withLoopbackServer([
                .init("/*") { _ in .text(307, "", headers: ["Location": elsewhere.url("/v1/chat/completions")]) },
            ]) { configured in
                let provider = try makeProvider(configured)
                _ = try? await provider.complete(sqlRequest)
                _ = try? await provider.listModels()
                #expect(configured.requests.count == 2)
                #expect(configured.requests.allSatisfy { $0.header("Authorization") == "Bearer \(testKey)" })
                // The transport never follows redirects, so neither the key nor the prompt
                // travels to the other host.
                #expect(elsewhere.requests.isEmpty)
            }
        }
    }

    @Test func aBasePathThatLooksLikeAnotherHostStaysOnTheConfiguredHost() async throws {
        let transport = FakeHTTPTransport { _ throws(HTTPTransportError) in .status(.ok, body: ChatCompletionFixtures.completion) }
        for baseURL in ["https://api.openai.com//evil.example/v1", "https://api.openai.com/v1/..//evil.example", "https://api.openai.com/%2F%2Fevil.example"] {
            let provider = try OpenAIProvider(configuration: .init(baseURL: baseURL, model: "gpt-4o", apiKey: SecretValue(testKey)), transport: transport)
            _ = try await provider.complete(sqlRequest)
            _ = try? await provider.listModels()
        }
        #expect(transport.requests.count == 6)
        for request in transport.requests {
            #expect(request.head.scheme == "https")
            #expect(request.head.authority == "api.openai.com")
            #expect(request.head.path?.hasPrefix("//") == false)
        }
    }

    @Test func baseURLsThatHideAnotherHostOrCarryCredentialsAreRefused() {
        for baseURL in [
            "https://api.openai.com@evil.example/v1",
            "https://user:pass@api.openai.com/v1",
            "ftp://api.openai.com/v1",
            "https://api.openai.com/v1?redirect=https://evil.example",
            "https://api.openai.com/v1#frag",
            "api.openai.com/v1",
            "",
        ] {
            #expect(throws: LLMError.self, "\(baseURL)") {
                try OpenAIProvider(configuration: .init(baseURL: baseURL, model: "gpt-4o", apiKey: SecretValue(testKey)))
            }
        }
    }

    @Test func endpointsJoinPathsUnderTheBasePathOnly() throws {
        let endpoint = try LLMEndpoint("https://API.example.com:8443/compatible-mode/v1/")
        #expect(endpoint.scheme == "https")
        #expect(endpoint.authority == "api.example.com:8443")
        #expect(endpoint.basePath == "/compatible-mode/v1")
        #expect(endpoint.path("chat/completions") == "/compatible-mode/v1/chat/completions")
        #expect(endpoint.path("//evil.example/x") == "/compatible-mode/v1/evil.example/x")
        let request = endpoint.request(.post, path: "models")
        #expect(endpoint.owns(request))
        var moved = request
        moved.authority = "evil.example"
        #expect(!endpoint.owns(moved))
        #expect(endpoint.description == "https://api.example.com:8443/compatible-mode/v1")
    }
}
