import DaiBaiCore
import DaiBaiSignIn
import DaiBaiTestSupport
import Foundation
import Testing

@Suite("1,000 validations keep the JWKS fetch count bounded")
struct BulkValidationTests {
    @Test("1,000 tokens (two known kids, 10% unknown kids), in concurrent batches, across one refetch interval: at most 2 JWKS fetches")
    func thousandTokens() async throws {
        let first = try TestKeys.primary()
        let second = try TestKeys.next()
        try await SignInRig.run(publishing: [first, second]) { rig in
            // Each token is distinct (its own jti); every tenth names a kid the issuer never published.
            var tokens: [(token: String, known: Bool)] = []
            for index in 0..<1_000 {
                let claims = rig.claims(["jti": "token-\(index)"])
                if index % 10 == 9 {
                    tokens.append((try TokenMinter.rs256(first, kid: "ghost-\(index)", claims: claims), false))
                } else {
                    tokens.append((try TokenMinter.rs256(index % 2 == 0 ? first : second, claims: claims), true))
                }
            }
            var accepted = 0
            var refusedUnknown = 0
            var other: [AuthenticationError] = []
            // Half now, half after the minimum refetch interval has passed once; each half in
            // batches of 50 concurrent validations, one batch after the other, so later batches'
            // unknown kids meet the rate limit rather than a fetch in flight.
            for (phase, half) in [tokens[..<500], tokens[500...]].enumerated() {
                if phase == 1 { rig.clock.advance(301) }
                for start in stride(from: half.startIndex, to: half.endIndex, by: 50) {
                    let batch = half[start..<min(start + 50, half.endIndex)]
                    let outcomes = await withTaskGroup(of: (Bool, AuthenticationError?).self) { group in
                        for entry in batch {
                            group.addTask { (entry.known, await rig.refusal(authorization: "Bearer \(entry.token)")) }
                        }
                        var outcomes: [(Bool, AuthenticationError?)] = []
                        for await outcome in group { outcomes.append(outcome) }
                        return outcomes
                    }
                    for (known, error) in outcomes {
                        switch (known, error) {
                        case (true, nil): accepted += 1
                        case (false, .unknownKey?): refusedUnknown += 1
                        case (_, let error): other.append(error ?? .invalidSignature)
                        }
                    }
                }
            }
            let statistics = rig.authenticator.keys.statistics
            print("DaiBaiSignIn bulk validation: 1000 tokens, \(accepted) accepted, \(refusedUnknown) unknown-kid refusals; JWKS fetch count = \(statistics.fetchCount) (\(rig.issuer.jwksRequestCount) JWKS requests served); \(statistics)")
            #expect(accepted == 900)
            #expect(refusedUnknown == 100)
            #expect(other.isEmpty, "unexpected outcomes: \(other.prefix(3))")
            #expect(statistics.fetchCount >= 1)
            #expect(statistics.fetchCount <= 2)
            #expect(rig.issuer.jwksRequestCount == statistics.fetchCount)
            #expect(statistics.failedFetchCount == 0)
            // Unknown kids after the first batch of each half were refused without a fetch.
            #expect(statistics.rateLimitedMissCount >= 80)
        }
    }
}
