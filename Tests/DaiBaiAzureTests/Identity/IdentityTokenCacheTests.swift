@testable import DaiBaiAzure
import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import Synchronization
import Testing

@Suite("Identity: token cache")
struct IdentityTokenCacheTests {
    typealias F = IdentityFixtures

    @Test("100 concurrent callers: exactly one token request reaches the server")
    func singleFlight() async throws {
        let hits = IdentityCounter()
        let release = TestSignal()
        try await withLoopbackServer([
            .init("POST /\(F.tenant)/oauth2/v2.0/token") { _ in
                hits.increment()
                _ = await release.wait(timeout: TestPatience.safetyNet)
                return F.tokenResponse("shared-token")
            },
        ]) { server in
            let credential = ClientSecretCredential(tenantID: F.tenant, clientID: F.clientID, secret: SecretValue("x"), authorityHost: server.baseURL,
                timeout: TestPatience.generous)
            let tokens = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<100 {
                    group.addTask { try await credential.token(for: TokenRequest(scopes: [F.scope])).token.revealed() }
                }
                // Let the one request through once it arrived (the others are waiting on it by then or hit the cache).
                _ = await waitUntil { hits.count > 0 }
                release.fire()
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(tokens.count == 100)
            #expect(Set(tokens) == ["shared-token"])
            #expect(hits.count == 1)
            #expect(server.requests.count == 1)
        }
    }

    @Test("a token is refreshed 300 s before it expires, not earlier")
    func refreshMargin() async throws {
        let clock = IdentityTestClock()
        let hits = IdentityCounter()
        try await withLoopbackServer([
            .init("POST /*") { _ in F.tokenResponse("token-\(hits.increment())", expiresIn: 3600) },
        ]) { server in
            let credential = ClientSecretCredential(
                tenantID: F.tenant, clientID: F.clientID, secret: SecretValue("x"), authorityHost: server.baseURL, now: clock.function
            )
            let request = TokenRequest(scopes: [F.scope])
            let value1 = try await credential.token(for: request).token.revealed()
            #expect(value1 == "token-1")
            clock.advance(by: 3299) // 301 s before expiry
            let value2 = try await credential.token(for: request).token.revealed()
            #expect(value2 == "token-1")
            clock.advance(by: 2) // 299 s before expiry
            let value3 = try await credential.token(for: request).token.revealed()
            #expect(value3 == "token-2")
            #expect(server.requests.count == 2)
        }
    }

    @Test("refresh_in from the token endpoint brings the refresh forward")
    func refreshIn() async throws {
        let clock = IdentityTestClock()
        let hits = IdentityCounter()
        try await withLoopbackServer([
            .init("POST /*") { _ in F.tokenResponse("token-\(hits.increment())", expiresIn: 86399, refreshIn: 43199) },
        ]) { server in
            let credential = ClientSecretCredential(
                tenantID: F.tenant, clientID: F.clientID, secret: SecretValue("x"), authorityHost: server.baseURL, now: clock.function
            )
            let request = TokenRequest(scopes: [F.scope])
            let value4 = try await credential.token(for: request).token.revealed()
            #expect(value4 == "token-1")
            clock.advance(by: 43198)
            let value5 = try await credential.token(for: request).token.revealed()
            #expect(value5 == "token-1")
            clock.advance(by: 2)
            let value6 = try await credential.token(for: request).token.revealed()
            #expect(value6 == "token-2")
        }
    }

    @Test("scopes and tenant are separate cache entries")
    func keyedByScopesAndTenant() async throws {
        let hits = IdentityCounter()
        try await withLoopbackServer([
            .init("POST /*") { _ in F.tokenResponse("token-\(hits.increment())") },
        ]) { server in
            let credential = ClientSecretCredential(
                tenantID: F.tenant, clientID: F.clientID, secret: SecretValue("x"), authorityHost: server.baseURL,
                additionallyAllowedTenants: ["*"]
            )
            let vault = try await credential.token(for: TokenRequest(scopes: [F.scope])).token.revealed()
            let arm = try await credential.token(for: TokenRequest(scopes: ["https://management.azure.com/.default"])).token.revealed()
            let otherTenant = try await credential.token(for: TokenRequest(scopes: [F.scope], tenantID: "fabrikam.com")).token.revealed()
            let vaultAgain = try await credential.token(for: TokenRequest(scopes: [F.scope])).token.revealed()
            #expect([vault, arm, otherTenant, vaultAgain] == ["token-1", "token-2", "token-3", "token-1"])
        }
    }

    @Test("a failed fetch reaches every waiter and is not cached")
    func failureNotCached() async throws {
        let hits = IdentityCounter()
        let release = TestSignal()
        try await withLoopbackServer([
            .init("POST /*") { _ in
                if hits.increment() == 1 {
                    _ = await release.wait(timeout: TestPatience.safetyNet)
                    return F.aadError(status: 400)
                }
                return F.tokenResponse("after-failure")
            },
        ]) { server in
            let credential = ClientSecretCredential(
                tenantID: F.tenant, clientID: F.clientID, secret: SecretValue("x"), authorityHost: server.baseURL, retryPolicy: .none
            )
            let results = await withTaskGroup(of: Result<AccessToken, CredentialError>.self) { group in
                for _ in 0..<10 {
                    group.addTask {
                        do throws(CredentialError) { return .success(try await credential.token(for: TokenRequest(scopes: [F.scope]))) } catch { return .failure(error) }
                    }
                }
                _ = await waitUntil { hits.count > 0 }
                release.fire()
                return await group.reduce(into: [Result<AccessToken, CredentialError>]()) { $0.append($1) }
            }
            #expect(results.count == 10)
            for result in results {
                guard case .failure(.authenticationFailed(_, let reason)) = result else {
                    Issue.record("expected the shared failure, got \(result)")
                    continue
                }
                #expect(reason.contains("AADSTS7000215"))
            }
            #expect(hits.count == 1)
            let token = try await credential.token(for: TokenRequest(scopes: [F.scope]))
            #expect(token.token.revealed() == "after-failure")
            #expect(server.requests.count == 2)
        }
    }

    @Test("a failed proactive refresh keeps handing out the still-valid token, and retries after the pause")
    func failedProactiveRefresh() async throws {
        let clock = IdentityTestClock()
        let hits = IdentityCounter()
        try await withLoopbackServer([
            .init("POST /*") { _ in
                switch hits.increment() {
                case 1: return F.tokenResponse("original", expiresIn: 3600)
                case 2: return F.aadError(status: 400)
                default: return F.tokenResponse("refreshed", expiresIn: 3600)
                }
            },
        ]) { server in
            let credential = ClientSecretCredential(
                tenantID: F.tenant, clientID: F.clientID, secret: SecretValue("x"), authorityHost: server.baseURL,
                retryPolicy: .none, now: clock.function
            )
            let request = TokenRequest(scopes: [F.scope])
            let value7 = try await credential.token(for: request).token.revealed()
            #expect(value7 == "original")
            clock.advance(by: 3400) // in the refresh window; the refresh fails
            let value8 = try await credential.token(for: request).token.revealed()
            #expect(value8 == "original")
            clock.advance(by: 10) // within the 30 s pause: no new attempt
            let value9 = try await credential.token(for: request).token.revealed()
            #expect(value9 == "original")
            #expect(hits.count == 2)
            clock.advance(by: 30)
            let value10 = try await credential.token(for: request).token.revealed()
            #expect(value10 == "refreshed")
            #expect(hits.count == 3)
        }
    }

    @Test("cancelling one waiter does not cancel the shared fetch for the others")
    func cancellationOfOneWaiter() async throws {
        let cache = TokenCache()
        let started = TestSignal()
        let release = TestSignal()
        let fetches = IdentityCounter()
        let fetch: @Sendable () async throws(CredentialError) -> AccessToken = {
            fetches.increment()
            started.fire()
            _ = await release.wait(timeout: TestPatience.safetyNet)
            return AccessToken(token: SecretValue("shared"), expiresOn: Date().addingTimeInterval(3600))
        }
        let request = TokenRequest(scopes: [F.scope])
        let cancelled = Task { try await cache.token(for: request, credentialName: "Test", fetch: fetch) }
        _ = await started.wait(timeout: TestPatience.safetyNet)
        let patient = Task { try await cache.token(for: request, credentialName: "Test", fetch: fetch) }
        _ = await waitUntil { cache.waiterCount(for: request) >= 2 }
        try #require(cache.waiterCount(for: request) == 2)
        cancelled.cancel()
        let cancelledResult = await cancelled.result
        #expect(throws: CredentialError.self) { try cancelledResult.get() }
        release.fire()
        let patientToken = try await patient.value
        #expect(patientToken.token.revealed() == "shared")
        #expect(fetches.count == 1)
    }

    @Test("when the only waiter is cancelled, the fetch stops and the next caller starts a new one")
    func cancellationOfTheOnlyWaiter() async throws {
        let cache = TokenCache()
        let started = TestSignal()
        let fetches = IdentityCounter()
        let fetch: @Sendable () async throws(CredentialError) -> AccessToken = { () async throws(CredentialError) -> AccessToken in
            let number = fetches.increment()
            if number == 1 {
                started.fire()
                await TestSignal().wait() // returns only when cancelled
                throw .authenticationFailed(credential: "Test", reason: "cancelled fetch")
            }
            return AccessToken(token: SecretValue("fetch-\(number)"), expiresOn: Date().addingTimeInterval(3600))
        }
        let request = TokenRequest(scopes: [F.scope])
        let cancelled = Task { try await cache.token(for: request, credentialName: "Test", fetch: fetch) }
        _ = await started.wait(timeout: TestPatience.safetyNet)
        cancelled.cancel()
        let cancelledResult = await cancelled.result
        #expect(throws: CredentialError.self) { try cancelledResult.get() }
        let next = try await cache.token(for: request, credentialName: "Test", fetch: fetch)
        #expect(next.token.revealed() == "fetch-2")
        #expect(fetches.count == 2)
    }

    @Test("CachingTokenCredential puts the cache in front of any credential")
    func cachingWrapper() async throws {
        let calls = IdentityCounter()
        struct Counting: TokenCredential {
            let calls: IdentityCounter
            func token(for request: TokenRequest) async throws(CredentialError) -> AccessToken {
                AccessToken(token: SecretValue("call-\(calls.increment())"), expiresOn: Date().addingTimeInterval(3600))
            }
        }
        let credential = CachingTokenCredential(Counting(calls: calls))
        let first = try await credential.token(for: TokenRequest(scopes: [F.scope]))
        let second = try await credential.token(for: TokenRequest(scopes: [F.scope]))
        #expect(first.token.revealed() == "call-1")
        #expect(second.token.revealed() == "call-1")
        #expect(calls.count == 1)
    }
}
