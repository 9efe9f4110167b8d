import DaiBaiCore
import DaiBaiTesting
import Testing

@testable import DaiBaiAzure

/// Challenge-based authentication against a loopback vault that answers 401 + `WWW-Authenticate`
/// to any request without the expected bearer token.
@Suite("KeyVault challenge authentication")
struct KeyVaultChallengeAuthTests {
    @Test("The first request carries no token; the token is requested for the challenge's scope and tenant")
    func firstRequestIsUnauthenticated() async throws {
        try await KeyVaultFakeVault.run { vault, server in
            vault.seed("OPENAI-API-KEY", value: "sk-live-1")
            let credential = StaticTokenCredential(token: "test-token")
            let store = try KeyVaultFixtures.store(server, credential: credential)

            let value = try await store.secret(named: KeyVaultFixtures.name("OPENAI_API_KEY"), context: .local)

            #expect(value?.revealed() == "sk-live-1")
            let requests = server.requests
            #expect(requests.count == 2)
            #expect(requests[0].header("authorization") == nil)
            #expect(requests[1].header("authorization") == "Bearer test-token")
            #expect(requests.map(\.path) == ["/secrets/OPENAI-API-KEY", "/secrets/OPENAI-API-KEY"])
            #expect(requests[1].queryValue("api-version") == "2025-07-01")
            #expect(credential.requests == [
                TokenRequest(scopes: ["\(server.baseURL)/.default"], tenantID: "72f988bf-86f1-41af-91ab-2d7cd011db47")
            ])
        }
    }

    @Test("The challenge and token are cached per store: later requests go authenticated at once")
    func challengeIsCached() async throws {
        try await KeyVaultFakeVault.run { vault, server in
            vault.seed("A", value: "1")
            vault.seed("B", value: "2")
            let credential = StaticTokenCredential(token: "test-token")
            let store = try KeyVaultFixtures.store(server, credential: credential)

            _ = try await store.secret(named: KeyVaultFixtures.name("A"), context: .local)
            _ = try await store.secret(named: KeyVaultFixtures.name("B"), context: .local)

            #expect(server.requests.count == 3)
            #expect(server.requests[2].header("authorization") == "Bearer test-token")
            #expect(credential.callCount == 1)
        }
    }

    @Test("A write's unauthenticated first request carries no body, so the value waits for a verified challenge")
    func firstWriteCarriesNoBody() async throws {
        try await KeyVaultFakeVault.run { vault, server in
            let store = try KeyVaultFixtures.store(server)

            try await store.setSecret(SecretValue("pg://user:hunter2@db"), named: KeyVaultFixtures.name("DB_URL"), context: .local)

            let requests = server.requests
            #expect(requests.count == 2)
            #expect(requests[0].method == "PUT")
            #expect(requests[0].body.isEmpty)
            #expect(requests[0].header("authorization") == nil)
            #expect(requests[1].bodyText.contains("pg://user:hunter2@db"))
            #expect(vault.stored("DB-URL")?.versions.last?.value == "pg://user:hunter2@db")
        }
    }

    @Test("A challenge for another domain fails, the credential is never asked and no token or value is sent")
    func resourceMismatchIsRefused() async throws {
        var settings = KeyVaultFakeVault.Settings()
        settings.challenge = #"Bearer authorization="https://login.microsoftonline.com/evil-tenant", resource="https://vault.azure.net""#
        try await KeyVaultFakeVault.run(settings: settings) { vault, server in
            vault.seed("OPENAI-API-KEY", value: "sk-live-1")
            let credential = StaticTokenCredential(token: "test-token")
            let store = try KeyVaultFixtures.store(server, credential: credential)

            let readError = await #expect(throws: SecretStoreError.self) {
                _ = try await store.secret(named: KeyVaultFixtures.name("OPENAI_API_KEY"), context: .local)
            }
            let writeError = await #expect(throws: SecretStoreError.self) {
                try await store.setSecret(SecretValue("never-sent-value"), named: KeyVaultFixtures.name("NEW_KEY"), context: .local)
            }

            guard case .misconfigured(let message)? = readError else {
                Issue.record("expected .misconfigured, got \(String(describing: readError))")
                return
            }
            #expect(message.contains("vault.azure.net"))
            #expect(message.contains("verifyChallengeResource"))
            #expect(writeError.map { "\($0)" }?.contains("never-sent-value") == false)
            #expect(credential.callCount == 0)
            #expect(server.requests.count == 2)
            #expect(server.requests.allSatisfy { $0.header("authorization") == nil })
            #expect(server.requests.allSatisfy { !$0.bodyText.contains("never-sent-value") })
        }
    }

    @Test("Verification can be turned off, as the official SDKs' verify_challenge_resource")
    func verificationCanBeDisabled() async throws {
        var settings = KeyVaultFakeVault.Settings()
        settings.challenge = #"Bearer authorization="https://login.microsoftonline.com/contoso", resource="https://vault.azure.net""#
        try await KeyVaultFakeVault.run(settings: settings) { vault, server in
            vault.seed("A", value: "1")
            let credential = StaticTokenCredential(token: "test-token")
            let store = try KeyVaultFixtures.store(server, credential: credential, verifyChallengeResource: false)

            let value = try await store.secret(named: KeyVaultFixtures.name("A"), context: .local)

            #expect(value?.revealed() == "1")
            #expect(credential.requests == [TokenRequest(scopes: ["https://vault.azure.net/.default"], tenantID: "contoso")])
        }
    }

    @Test("The authorization_uri= and scope= forms give the tenant and the scope as is")
    func alternativeChallengeForm() async throws {
        try await KeyVaultFakeVault.run { vault, server in
            vault.update {
                $0.challenge = "Bearer authorization_uri=\"https://login.microsoftonline.com/tenant-b/oauth2/authorize\", "
                    + "scope=\"\(server.baseURL)/.default\""
            }
            vault.seed("A", value: "1")
            let credential = StaticTokenCredential(token: "test-token")
            let store = try KeyVaultFixtures.store(server, credential: credential)

            _ = try await store.secret(named: KeyVaultFixtures.name("A"), context: .local)

            #expect(credential.requests == [TokenRequest(scopes: ["\(server.baseURL)/.default"], tenantID: "tenant-b")])
        }
    }

    @Test("A later 401 re-challenges once with a fresh token")
    func laterUnauthorizedReChallenges() async throws {
        try await KeyVaultFakeVault.run { vault, server in
            vault.update { $0.acceptedToken = "token-1" }
            vault.seed("A", value: "1")
            let credential = KeyVaultSequenceCredential(["token-1", "token-2"])
            let store = try KeyVaultFixtures.store(server, credential: credential)
            _ = try await store.secret(named: KeyVaultFixtures.name("A"), context: .local)

            vault.update { $0.acceptedToken = "token-2" }
            let value = try await store.secret(named: KeyVaultFixtures.name("A"), context: .local)

            #expect(value?.revealed() == "1")
            #expect(credential.requests.count == 2)
            #expect(server.requests.suffix(2).map { $0.header("authorization") } == ["Bearer token-1", "Bearer token-2"])
        }
    }

    @Test("A token refused after the re-challenge is an error, not a loop")
    func refusedTokenIsAnError() async throws {
        try await KeyVaultFakeVault.run { vault, server in
            vault.seed("A", value: "1")
            let credential = StaticTokenCredential(token: "test-token")
            let store = try KeyVaultFixtures.store(server, credential: credential)
            _ = try await store.secret(named: KeyVaultFixtures.name("A"), context: .local)

            vault.update { $0.acceptedToken = "some-other-token" }
            let error = await #expect(throws: SecretStoreError.self) {
                _ = try await store.secret(named: KeyVaultFixtures.name("A"), context: .local)
            }

            let text = error.map { "\($0)" } ?? ""
            #expect(text.contains("HTTP 401 Unauthorized"))
            #expect(text.contains("AKV10000"))
            #expect(!text.contains("test-token"))
            #expect(server.requests.count == 4)
            #expect(credential.callCount == 2)
        }
    }

    @Test("A credential failure is reported with the scope, never a token")
    func credentialFailure() async throws {
        try await KeyVaultFakeVault.run { _, server in
            let credential = FailingTokenCredential(reason: "no managed identity endpoint")
            let store = try KeyVaultFixtures.store(server, credential: credential)

            let error = await #expect(throws: SecretStoreError.self) {
                _ = try await store.secret(named: KeyVaultFixtures.name("A"), context: .local)
            }

            let text = error.map { "\($0)" } ?? ""
            #expect(text.contains("no managed identity endpoint"))
            #expect(text.contains("\(server.baseURL)/.default"))
            #expect(server.requests.count == 1)
        }
    }
}

/// The `WWW-Authenticate` parser and the resource-domain rule, on the header values Key Vault sends.
@Suite("KeyVault challenge parsing")
struct KeyVaultChallengeParsingTests {
    @Test("The documented resource form gives tenant and scope")
    func resourceForm() throws {
        let challenge = try #require(KeyVaultChallenge(wwwAuthenticate:
            #"Bearer authorization="https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47", resource="https://vault.azure.net""#))
        #expect(challenge.scope == "https://vault.azure.net/.default")
        #expect(challenge.tenantID == "72f988bf-86f1-41af-91ab-2d7cd011db47")
    }

    @Test("The scope form is used as is, and a PoP challenge before Bearer is skipped")
    func scopeForm() throws {
        let challenge = try #require(KeyVaultChallenge(wwwAuthenticate:
            #"PoP nonce="abc", Bearer authorization_uri="https://login.windows.net/contoso/oauth2/authorize", scope="https://vault.azure.net/.default""#))
        #expect(challenge.scope == "https://vault.azure.net/.default")
        #expect(challenge.tenantID == "contoso")
    }

    @Test("Headers without a Bearer challenge naming a resource are rejected")
    func noChallenge() {
        #expect(KeyVaultChallenge(wwwAuthenticate: "") == nil)
        #expect(KeyVaultChallenge(wwwAuthenticate: #"Basic realm="vault""#) == nil)
        #expect(KeyVaultChallenge(wwwAuthenticate: #"Bearer authorization="https://login.microsoftonline.com/t""#) == nil)
    }

    @Test("The vault host must be the resource host or a subdomain of it", arguments: [
        ("myvault.vault.azure.net", "https://vault.azure.net/.default", true),
        ("MyVault.Vault.Azure.Net", "https://vault.azure.net/.default", true),
        ("myvault.vault.azure.cn", "https://vault.azure.cn/.default", true),
        ("vault.azure.net", "https://vault.azure.net/.default", true),
        ("myvault.vault.azure.net", "https://vault.azure.cn/.default", false),
        ("evilvault.net", "https://vault.net/.default", false),
        ("vault.azure.net.attacker.example", "https://vault.azure.net/.default", false),
        ("myvault.vault.azure.net", "https://attacker.example/.default", false),
        ("myvault.vault.azure.net", "not a url", false),
    ])
    func resourceRule(host: String, scope: String, matches: Bool) {
        #expect(KeyVaultChallenge(scope: scope, tenantID: nil).resourceMatches(vaultHost: host) == matches)
    }
}
