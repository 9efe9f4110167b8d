import DaiBaiAzure
import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import Testing

@Suite("Identity: ClientSecretCredential")
struct IdentityClientSecretCredentialTests {
    typealias F = IdentityFixtures

    @Test("posts the client credentials grant and returns the token with its expiry")
    func success() async throws {
        let clock = IdentityTestClock()
        try await withLoopbackServer([
            .init("POST /\(F.tenant)/oauth2/v2.0/token") { _ in F.tokenResponse("secret-flow-token", expiresIn: 3599) },
        ]) { server in
            let credential = ClientSecretCredential(
                tenantID: F.tenant, clientID: F.clientID, secret: SecretValue("s3cr3t~value"),
                authorityHost: server.baseURL, now: clock.function
            )
            let token = try await credential.token(for: TokenRequest(scopes: [F.scope]))
            #expect(token.token.revealed() == "secret-flow-token")
            #expect(token.expiresOn == clock.now.addingTimeInterval(3599))

            let request = try #require(server.requests.first)
            #expect(request.method == "POST")
            #expect(request.header("content-type") == "application/x-www-form-urlencoded")
            #expect(F.form(request) == [
                "client_id": F.clientID,
                "grant_type": "client_credentials",
                "client_secret": "s3cr3t~value",
                "scope": "https://vault.azure.net/.default",
            ])
            #expect(request.bodyText.contains("scope=https%3A%2F%2Fvault.azure.net%2F.default"))
        }
    }

    @Test("an AADSTS error becomes authenticationFailed with the code and correlation ID, never the secret")
    func aadError() async throws {
        try await withLoopbackServer([
            .init("POST /\(F.tenant)/oauth2/v2.0/token") { _ in F.aadError(status: 401) },
        ]) { server in
            let credential = ClientSecretCredential(
                tenantID: F.tenant, clientID: F.clientID, secret: SecretValue("do-not-show-me"),
                authorityHost: server.baseURL, retryPolicy: .none
            )
            let error = await #expect(throws: CredentialError.self) {
                _ = try await credential.token(for: TokenRequest(scopes: [F.scope]))
            }
            guard case .authenticationFailed(let name, let reason) = try #require(error) else {
                Issue.record("expected authenticationFailed, got \(String(describing: error))")
                return
            }
            #expect(name == "ClientSecretCredential")
            #expect(reason.contains("HTTP 401"))
            #expect(reason.contains("invalid_client"))
            #expect(reason.contains("AADSTS7000215"))
            #expect(reason.contains("9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d"))
            #expect(!F.message(error).contains("do-not-show-me"))
        }
    }

    @Test("a second call within the token's lifetime is answered from the cache")
    func cached() async throws {
        try await withLoopbackServer([
            .init("POST /\(F.tenant)/oauth2/v2.0/token") { _ in F.tokenResponse("cached-token") },
        ]) { server in
            let credential = ClientSecretCredential(tenantID: F.tenant, clientID: F.clientID, secret: SecretValue("x"), authorityHost: server.baseURL)
            let first = try await credential.token(for: TokenRequest(scopes: [F.scope]))
            let second = try await credential.token(for: TokenRequest(scopes: [F.scope]))
            #expect(first == second)
            #expect(server.requests.count == 1)
        }
    }

    @Test("another tenant is refused unless additionally allowed, then used in the path")
    func tenantOverride() async throws {
        let other = "contoso.onmicrosoft.com"
        try await withLoopbackServer([
            .init("POST /\(other)/oauth2/v2.0/token") { _ in F.tokenResponse("other-tenant-token") },
        ]) { server in
            let strict = ClientSecretCredential(tenantID: F.tenant, clientID: F.clientID, secret: SecretValue("x"), authorityHost: server.baseURL)
            let error = await #expect(throws: CredentialError.self) {
                _ = try await strict.token(for: TokenRequest(scopes: [F.scope], tenantID: other))
            }
            #expect(F.message(error).contains("additionallyAllowedTenants"))
            #expect(server.requests.isEmpty)

            let lenient = ClientSecretCredential(
                tenantID: F.tenant, clientID: F.clientID, secret: SecretValue("x"), authorityHost: server.baseURL,
                additionallyAllowedTenants: [other]
            )
            let token = try await lenient.token(for: TokenRequest(scopes: [F.scope], tenantID: other))
            #expect(token.token.revealed() == "other-tenant-token")
            #expect(server.requests.map(\.path) == ["/\(other)/oauth2/v2.0/token"])
        }
    }

    @Test("plain http is refused for a host that is not loopback")
    func httpsRequired() async throws {
        let credential = ClientSecretCredential(
            tenantID: F.tenant, clientID: F.clientID, secret: SecretValue("x"), authorityHost: "http://login.example.com"
        )
        let error = await #expect(throws: CredentialError.self) {
            _ = try await credential.token(for: TokenRequest(scopes: [F.scope]))
        }
        #expect(F.message(error).contains("must use https"))
    }
}
