import DaiBaiCore
import DaiBaiLLM
import DaiBaiTestSupport
import DaiBaiTesting
import Foundation
import Testing

/// Bring-your-own-key end to end: users' keys in a real SQLite vault under a local KEK, the
/// standard registry's OpenAI provider over real HTTP, and a fake OpenAI server that records
/// which key every request carried. The response body is the OpenAI chat-completion shape
/// of Support/AgentEndToEndSupport.swift (from OpenAI's API reference).
@Suite("Bring your own key: each user's question reaches the vendor with that user's key", .timeLimit(.minutes(10)))
struct UserKeyEndToEndTests {
    static let platformKey = "sk-platform-0123456789abcdefghijPLAT"
    static let users = 100

    static func key(for index: Int) -> String { "sk-proj-user\(index)-0123456789abcdefghij\(1000 + index)" }
    static func context(_ index: Int) -> RequestContext {
        RequestContext(tenant: TenantID(rawValue: "tenant-\(index % 7)")!, user: UserID(rawValue: "user-\(index)")!)
    }

    @Test("100 concurrent asks from users with their own keys each reach the fake vendor with their own key")
    func concurrentUsersOwnKeys() async throws {
        let fixture = try EndToEndFixture()
        defer { fixture.remove() }
        let store = try SQLiteWrappedKeyStore(path: fixture.directory.appendingPathComponent("keys.sqlite").path)
        let vault = EnvelopeUserKeyVault(store: store, kek: try LocalKeyEncryptionKey(versions: [("v1", .init(size: .bits256))]))
        for index in 0..<Self.users {
            try await vault.putKey(SecretValue(Self.key(for: index)), provider: "openai", context: Self.context(index))
        }
        let vendor = try #require(EndToEndVendor.all.first { $0.type == "openai" })

        try await withLoopbackServer([
            .init(vendor.routePattern) { [vendor] _ in .text(200, vendor.completionBody, headers: ["Content-Type": "application/json"]) },
        ]) { server in
            let settings = LLMProviderSettings(name: "openai", type: "openai", apiKey: SecretValue(Self.platformKey), endpoint: server.baseURL + "/v1")
            let context = LLMProviderContext(transport: RetryingHTTPTransport(base: AsyncHTTPClientTransport(), policy: .none))
            let registry = LLMProviderRegistry.standard
            let resolver = UserKeyModelResolver(
                provider: "openai", vault: vault, makeProvider: registry.keyedFactory(for: settings, context: context),
                platform: try registry.makeProvider(settings, context: context))
            let agent = Agent(
                model: try registry.makeProvider(settings, context: context), models: resolver,
                databases: StaticDatabaseDirectory(databases: ["music": fixture.connector]), chats: fixture.chats, usageSink: fixture.usage)

            let answered = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0...Self.users {  // user 100 has no key: the platform pays.
                    group.addTask {
                        let question = "How many tracks are there? (asked by user-\(index))"
                        let answer = try await agent.ask(AgentRequest(question: question, context: Self.context(index)))
                        return answer.sql == endToEndSQL ? 1 : 0
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(answered == Self.users + 1)

            let requests = server.requests
            #expect(requests.count == Self.users + 1)
            var seen = Set<Int>()
            for request in requests {
                let body = request.bodyText
                guard let range = body.range(of: #"asked by user-(\d+)"#, options: .regularExpression),
                      let index = Int(body[range].split(separator: "-").last ?? "") else {
                    Issue.record("a request without a user tag reached the vendor")
                    continue
                }
                seen.insert(index)
                let expected = index < Self.users ? Self.key(for: index) : Self.platformKey
                #expect(request.header("authorization") == "Bearer \(expected)", "user-\(index)")
            }
            #expect(seen == Set(0...Self.users))
        }

        let tokens = fixture.usage.events.filter { $0.kind == .inputTokens }
        #expect(tokens.count == Self.users + 1)
        #expect(tokens.filter { $0.payer == .byok }.count == Self.users)
        #expect(tokens.filter { $0.payer == .platform }.map(\.user.rawValue) == ["user-\(Self.users)"])
    }

    @Test("with a model-list verifier, a key the vendor refuses is not stored, an accepted one is, an unreachable vendor stores nothing")
    func verifiedBeforeStoring() async throws {
        let good = "sk-proj-good0123456789abcdefghijGOOD"
        let bad = "sk-proj-revoked0123456789abcdefgBADD"
        // OpenAI's "List models" response shape (API reference, GET /v1/models).
        let modelList = #"{"object":"list","data":[{"id":"gpt-4o","object":"model","created":1686935002,"owned_by":"openai"}]}"#
        try await withLoopbackServer([
            .init("GET /v1/models") { request in
                request.header("authorization") == "Bearer \(good)"
                    ? .text(200, modelList, headers: ["Content-Type": "application/json"])
                    : .text(401, ErrorFixtures.invalidAPIKey(echoing: bad), headers: ["Content-Type": "application/json"])
            },
        ]) { server in
            let context = LLMProviderContext(transport: RetryingHTTPTransport(base: AsyncHTTPClientTransport(), policy: .none))
            let settings = LLMProviderSettings(name: "openai", type: "openai", endpoint: server.baseURL + "/v1")
            let store = InMemoryWrappedKeyStore()
            let vault = EnvelopeUserKeyVault(
                store: store, kek: try LocalKeyEncryptionKey(versions: [("v1", .init(size: .bits256))]),
                verifier: ModelListKeyVerifier(settings: [settings], context: context))
            let alice = Self.context(1)
            await expectError(UserKeyVaultError.self, { error in
                guard case .invalidKey(provider: "openai", _) = error else { return false }
                return !error.description.contains(bad)
            }) {
                try await vault.putKey(SecretValue(bad), provider: "openai", context: alice)
            }
            #expect(try await store.records(context: alice).isEmpty)
            try await vault.putKey(SecretValue(good), provider: "openai", context: alice)
            #expect(try await vault.key(provider: "openai", context: alice)?.key.revealed() == good)
            #expect(server.requests.map { $0.header("authorization") } == ["Bearer \(bad)", "Bearer \(good)"])
        }

        let port = try ReservedLoopbackPort(.refusing)
        defer { port.close() }
        let offline = LLMProviderSettings(name: "openai", type: "openai", endpoint: "http://127.0.0.1:\(port.port)/v1")
        let context = LLMProviderContext(transport: RetryingHTTPTransport(base: AsyncHTTPClientTransport(), policy: .none))
        let vault = EnvelopeUserKeyVault(
            store: InMemoryWrappedKeyStore(), kek: try LocalKeyEncryptionKey(versions: [("v1", .init(size: .bits256))]),
            verifier: ModelListKeyVerifier(settings: [offline], context: context))
        await expectError(UserKeyVaultError.self, { if case .keyVerificationUnavailable(provider: "openai", _) = $0 { true } else { false } }) {
            try await vault.putKey(SecretValue(good), provider: "openai", context: Self.context(2))
        }
    }
}
