import DaiBaiCore
import DaiBaiTestSupport
import DaiBaiTesting
import Foundation
import Synchronization
import Testing

/// Builds scripted providers named after the key they were given, and counts the builds.
final class KeyedProviderFactory: Sendable {
    private let built = Mutex<[String]>([])

    /// The last four characters of every key a provider was built with, in order.
    var builds: [String] { built.withLock { $0 } }

    func make(_ key: SecretValue) throws(ConfigurationError) -> any LLMProvider {
        let lastFour = String(key.revealed().suffix(4))
        built.withLock { $0.append(lastFour) }
        return ScriptedLLMProvider(name: "openai", model: "key-\(lastFour)") { _ throws(LLMError) in
            LLMResponse(text: "```sql\nSELECT 1\n```", usage: TokenUsage(inputTokens: 10, outputTokens: 2), finishReason: .stop, model: "key-\(lastFour)")
        }
    }
}

/// A clock the test moves by hand.
final class ManualInstant: Sendable {
    private let value = Mutex(ContinuousClock.now)
    var now: ContinuousClock.Instant { value.withLock { $0 } }
    func advance(_ duration: Duration) { value.withLock { $0 = $0.advanced(by: duration) } }
}

/// A vault whose every call fails, for the fail-closed checks.
struct BrokenVault: UserKeyVault {
    func putKey(_ key: SecretValue, provider: String, context: RequestContext) async throws(UserKeyVaultError) -> ProviderKeySummary { throw .storage(.unavailable("down")) }
    func key(provider: String, context: RequestContext) async throws(UserKeyVaultError) -> UserProviderKey? { throw .storage(.unavailable("down")) }
    func summary(provider: String, context: RequestContext) async throws(UserKeyVaultError) -> ProviderKeySummary? { throw .storage(.unavailable("down")) }
    func deleteKey(provider: String, context: RequestContext) async throws(UserKeyVaultError) { throw .storage(.unavailable("down")) }
    func keys(context: RequestContext) async throws(UserKeyVaultError) -> [ProviderKeySummary] { throw .storage(.unavailable("down")) }
}

@Suite("Per-request model resolution: the user's key, else the tenant's, else the platform's")
struct UserKeyModelResolverTests {
    static let alice = UserKeyVaultTests.alice
    static let bob = UserKeyVaultTests.bob
    static let platform = ScriptedLLMProvider(name: "openai", model: "platform", replies: [])

    func vault() throws -> EnvelopeUserKeyVault {
        EnvelopeUserKeyVault(store: InMemoryWrappedKeyStore(), kek: try VaultRig.localKEK())
    }

    @Test("a user with a key gets a provider built with it, paid by byok; others get the platform's")
    func byokThenPlatform() async throws {
        let vault = try vault()
        let factory = KeyedProviderFactory()
        try await vault.putKey(SecretValue("sk-proj-alice0123456789abcdefAAAA"), provider: "openai", context: Self.alice)
        let resolver = UserKeyModelResolver(provider: "openai", vault: vault, makeProvider: factory.make, platform: Self.platform)
        let forAlice = try await resolver.model(for: Self.alice)
        #expect(forAlice.payer == .byok)
        #expect(forAlice.provider.model == "key-AAAA")
        let forBob = try await resolver.model(for: Self.bob)
        #expect(forBob.payer == .platform)
        #expect(forBob.provider.model == "platform")
    }

    @Test("the provider is cached per user until the TTL ends or the key version changes")
    func cacheKeyedByVersion() async throws {
        let vault = try vault()
        let factory = KeyedProviderFactory()
        let clock = ManualInstant()
        try await vault.putKey(SecretValue("sk-proj-alice0123456789abcdefAAAA"), provider: "openai", context: Self.alice)
        let resolver = UserKeyModelResolver(provider: "openai", vault: vault, makeProvider: factory.make, platform: Self.platform, cacheTTL: .seconds(60), now: { clock.now })
        for _ in 0..<5 { _ = try await resolver.model(for: Self.alice) }
        #expect(factory.builds == ["AAAA"])

        try await vault.putKey(SecretValue("sk-proj-alice0123456789abcdefBBBB"), provider: "openai", context: Self.alice)
        #expect(try await resolver.model(for: Self.alice).provider.model == "key-BBBB")
        #expect(factory.builds == ["AAAA", "BBBB"])
        #expect(resolver.cachedProviderCount == 1)

        clock.advance(.seconds(61))
        _ = try await resolver.model(for: Self.alice)
        #expect(factory.builds == ["AAAA", "BBBB", "BBBB"])

        try await vault.deleteKey(provider: "openai", context: Self.alice)
        #expect(try await resolver.model(for: Self.alice).payer == .platform)
    }

    @Test("the tenant's key is used when the user has none, paid by the tenant")
    func tenantKey() async throws {
        let secrets = InMemorySecretStore()
        let name = try SecretName(validating: "openai-api-key")
        try await secrets.setSecret(SecretValue("sk-proj-tenant0123456789abcdefTTTT"), named: name, context: Self.bob)
        let factory = KeyedProviderFactory()
        let resolver = UserKeyModelResolver(provider: "openai", vault: try vault(), makeProvider: factory.make, tenantKey: (secrets, name), platform: nil)
        let model = try await resolver.model(for: Self.bob)
        #expect(model.payer == .tenant)
        #expect(model.provider.model == "key-TTTT")
        let other = RequestContext(tenant: TenantID(rawValue: "globex")!, user: UserID(rawValue: "gina")!)
        await expectError(ModelResolutionError.self, { $0.reason.contains("no platform model") }) {
            _ = try await resolver.model(for: other)
        }
    }

    @Test("a failing vault refuses the request instead of spending the platform's key")
    func failsClosed() async throws {
        let resolver = UserKeyModelResolver(provider: "openai", vault: BrokenVault(), makeProvider: KeyedProviderFactory().make, platform: Self.platform)
        await expectError(ModelResolutionError.self, { $0.provider == "openai" && $0.reason.contains("down") }) {
            _ = try await resolver.model(for: Self.alice)
        }
    }

    @Test("the Agent sends the question with the user's key and records byok usage")
    func agentRecordsPayer() async throws {
        let fixture = try AgentFixture()
        defer { fixture.remove() }
        let vault = try vault()
        try await vault.putKey(SecretValue("sk-proj-alice0123456789abcdefAAAA"), provider: "openai", context: Self.alice)
        let resolver = UserKeyModelResolver(provider: "openai", vault: vault, makeProvider: KeyedProviderFactory().make, platform: Self.platform)
        let policy = ScriptedUsagePolicy()
        let agent = Agent(
            model: Self.platform, models: resolver,
            databases: StaticDatabaseDirectory(databases: ["music": fixture.connector]),
            chats: fixture.chats, usageSink: fixture.usage, usagePolicy: policy)
        let answer = try await agent.ask(AgentRequest(question: "How many genres are there?", context: Self.alice))
        #expect(answer.model == "key-AAAA")
        let tokens = fixture.usage.events.filter { $0.kind == .inputTokens || $0.kind == .outputTokens }
        #expect(tokens.count == 2)
        #expect(tokens.allSatisfy { $0.payer == .byok })
        #expect(fixture.usage.events.filter { $0.kind == .taskCompleted }.map(\.payer) == [.platform])
        #expect(policy.requests.map(\.payer) == [.byok])

        let refused = Agent(
            model: Self.platform, models: UserKeyModelResolver(provider: "openai", vault: BrokenVault(), makeProvider: KeyedProviderFactory().make),
            databases: StaticDatabaseDirectory(databases: ["music": fixture.connector]), chats: fixture.chats)
        await expectError(AgentError.self, { if case .modelUnavailable = $0 { true } else { false } }) {
            _ = try await refused.ask(AgentRequest(question: "How many genres are there?", context: Self.alice))
        }
    }
}
