import DaiBaiCore
import DaiBaiSignIn
import DaiBaiTestSupport
import Foundation
import Testing

@Suite("The JWKS cache: rotation, rate-limited refetch, single-flight, outages")
struct KeyCacheTests {
    @Test("Key rotation: a token with the newly published kid is accepted after exactly one refetch")
    func rotation() async throws {
        try await SignInRig.run { rig in
            let old = try TestKeys.primary()
            let new = try TestKeys.next()
            _ = try await rig.authenticate(try rig.token(signedBy: old))
            #expect(rig.issuer.jwksRequestCount == 1)

            try rig.issuer.publish([old, new])
            rig.clock.advance(301)  // past the minimum refetch interval since the first fetch
            let principal = try await rig.authenticate(try rig.token(signedBy: new))
            #expect(principal.context.user.rawValue == SignInRig.userGUID)
            #expect(rig.issuer.jwksRequestCount == 2)
            #expect(rig.fetchCount == 2)
            #expect(rig.issuer.discoveryRequestCount == 1)  // the discovery document is kept
            #expect(rig.authenticator.keys.keyIDs == ["key-1", "key-2"])

            // Both keys verify now without further fetches.
            _ = try await rig.authenticate(try rig.token(signedBy: old))
            _ = try await rig.authenticate(try rig.token(signedBy: new))
            #expect(rig.issuer.jwksRequestCount == 2)
        }
    }

    @Test("Unknown kids within the minimum interval cause no further fetch (rate limit), after it exactly one")
    func rateLimitedRefetch() async throws {
        try await SignInRig.run { rig in
            let key = try TestKeys.primary()
            _ = try await rig.authenticate(try rig.token())
            #expect(rig.issuer.jwksRequestCount == 1)

            // Right after the first fetch: refused at once, nothing fetched.
            for index in 0..<20 {
                let token = try TokenMinter.rs256(key, kid: "forged-\(index)", claims: rig.claims())
                await rig.expectRefused(token) { $0 == .unknownKey(keyID: "forged-\(index)") }
            }
            #expect(rig.issuer.jwksRequestCount == 1)
            #expect(rig.authenticator.keys.statistics.rateLimitedMissCount == 20)

            // Past the interval: the first unknown kid refetches once, the rest are refused again.
            rig.clock.advance(301)
            for index in 20..<40 {
                let token = try TokenMinter.rs256(key, kid: "forged-\(index)", claims: rig.claims())
                await rig.expectRefused(token) { $0 == .unknownKey(keyID: "forged-\(index)") }
            }
            #expect(rig.issuer.jwksRequestCount == 2)
            #expect(rig.fetchCount == 2)
            #expect(rig.authenticator.keys.statistics.rateLimitedMissCount == 39)
            // The known key was never affected.
            _ = try await rig.authenticate(try rig.token())
        }
    }

    @Test("The minimum interval is configurable")
    func configurableInterval() async throws {
        try await SignInRig.run(minimumRefetchInterval: .seconds(10)) { rig in
            let key = try TestKeys.primary()
            _ = try await rig.authenticate(try rig.token())
            rig.clock.advance(11)
            await rig.expectRefused(try TokenMinter.rs256(key, kid: "k-a", claims: rig.claims())) { $0 == .unknownKey(keyID: "k-a") }
            #expect(rig.issuer.jwksRequestCount == 2)
            rig.clock.advance(5)
            await rig.expectRefused(try TokenMinter.rs256(key, kid: "k-b", claims: rig.claims())) { $0 == .unknownKey(keyID: "k-b") }
            #expect(rig.issuer.jwksRequestCount == 2)
        }
    }

    @Test("Concurrent requests that need the keys share one fetch (single-flight)")
    func singleFlight() async throws {
        try await SignInRig.run { rig in
            let gate = TestSignal()
            rig.issuer.holdJWKS(until: gate)
            let token = try rig.token()
            let callers = 24
            try await withThrowingTaskGroup(of: AuthenticatedPrincipal.self) { group in
                for _ in 0..<callers {
                    group.addTask { try await rig.authenticate(token) }
                }
                // Every caller but the first is waiting on the first one's fetch before the JWKS answers.
                let joined = await waitUntil { rig.authenticator.keys.statistics.sharedFetchWaitCount == callers - 1 }
                #expect(joined)
                gate.fire()
                var accepted = 0
                for try await _ in group { accepted += 1 }
                #expect(accepted == callers)
            }
            #expect(rig.issuer.jwksRequestCount == 1)
            #expect(rig.issuer.discoveryRequestCount == 1)
            #expect(rig.fetchCount == 1)
        }
    }

    @Test("Concurrent misses of a rotated kid share one refetch")
    func singleFlightRefetch() async throws {
        try await SignInRig.run { rig in
            _ = try await rig.authenticate(try rig.token())
            try rig.issuer.publish([try TestKeys.primary(), try TestKeys.next()])
            rig.clock.advance(301)
            let gate = TestSignal()
            rig.issuer.holdJWKS(until: gate)
            let token = try rig.token(signedBy: try TestKeys.next())
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<16 { group.addTask { _ = try await rig.authenticate(token) } }
                #expect(await waitUntil { rig.authenticator.keys.statistics.sharedFetchWaitCount == 15 })
                gate.fire()
                try await group.waitForAll()
            }
            #expect(rig.issuer.jwksRequestCount == 2)
        }
    }

    @Test("JWKS endpoint down: issuerUnavailable, never let through; it recovers once the endpoint is back")
    func jwksDown() async throws {
        try await SignInRig.run { rig in
            rig.issuer.setJWKSStatus(503)
            let token = try rig.token()
            await rig.expectRefused(token) { if case .issuerUnavailable = $0 { true } else { false } }
            #expect(rig.authenticator.keys.statistics.failedFetchCount == 1)

            rig.issuer.setJWKSStatus(200)
            _ = try await rig.authenticate(token)
            #expect(rig.authenticator.keys.statistics.keyCount == 1)
        }
    }

    @Test("Discovery endpoint down, or the whole server gone: issuerUnavailable")
    func discoveryDownAndServerGone() async throws {
        try await SignInRig.run { rig in
            rig.issuer.setDiscoveryStatus(500)
            await rig.expectRefused(try rig.token()) { if case .issuerUnavailable = $0 { true } else { false } }
            #expect(rig.issuer.jwksRequestCount == 0)
        }
        // A port nothing listens on (the client retries connecting until the timeout, so a short one).
        let port = try ReservedLoopbackPort(.refusing)
        defer { port.close() }
        let configuration = try SignInConfiguration(
            issuer: "http://127.0.0.1:\(port.port)/tenant/v2.0", audience: SignInRig.audience, requestTimeout: TestPatience.short)
        let authenticator = OIDCBearerAuthenticator(configuration: configuration, transport: AsyncHTTPClientTransport())
        let token = try TokenMinter.rs256(try TestKeys.primary(), claims: ["iss": configuration.issuer, "aud": SignInRig.audience])
        await expectError(AuthenticationError.self, { if case .issuerUnavailable = $0 { true } else { false } }) {
            _ = try await authenticator.authenticate(authorization: "Bearer \(token)")
        }
    }

    @Test("A discovery document for another issuer, or a non-RSA JWKS, loads no keys")
    func misconfiguredIssuer() async throws {
        try await SignInRig.run { rig in
            rig.issuer.setDiscoveryIssuer("https://evil.example/tenant/v2.0")
            await rig.expectRefused(try rig.token()) { if case .issuerUnavailable = $0 { true } else { false } }
            #expect(rig.issuer.jwksRequestCount == 0)
            rig.issuer.setDiscoveryIssuer(nil)
            try rig.issuer.publishJSON(#"{"keys":[{"kty":"oct","kid":"key-1","k":"c2VjcmV0"}]}"#)
            await rig.expectRefused(try rig.token()) { if case .issuerUnavailable = $0 { true } else { false } }
            try rig.issuer.publishJSON("not json")
            await rig.expectRefused(try rig.token()) { if case .issuerUnavailable = $0 { true } else { false } }
        }
    }

    @Test("After the keys are loaded, an outage keeps known kids verifying and refuses unknown ones as issuerUnavailable")
    func outageAfterLoad() async throws {
        try await SignInRig.run { rig in
            _ = try await rig.authenticate(try rig.token())
            rig.issuer.setJWKSStatus(503)
            rig.clock.advance(301)
            let unknown = try TokenMinter.rs256(try TestKeys.primary(), kid: "key-9", claims: rig.claims())
            await rig.expectRefused(unknown) { if case .issuerUnavailable = $0 { true } else { false } }
            _ = try await rig.authenticate(try rig.token())
            #expect(rig.issuer.jwksRequestCount == 2)
        }
    }

    @Test("Keys older than the maximum age are refreshed: a withdrawn key stops verifying")
    func maximumAge() async throws {
        try await SignInRig.run { rig in
            _ = try await rig.authenticate(try rig.token())
            try rig.issuer.publish([try TestKeys.next()])
            rig.clock.advance(86_400 + 1)
            await rig.expectRefused(try rig.token()) { $0 == .unknownKey(keyID: "key-1") }
            #expect(rig.issuer.jwksRequestCount == 2)
            _ = try await rig.authenticate(try rig.token(signedBy: try TestKeys.next()))
            #expect(rig.issuer.jwksRequestCount == 2)
        }
    }
}
