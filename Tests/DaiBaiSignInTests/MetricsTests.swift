import DaiBaiCore
import DaiBaiSignIn
import DaiBaiTestSupport
import Foundation
import Testing

extension RecordingMetricsFactory {
    /// The sum of the series `label` with exactly `dimensions` (`name=value`, or none).
    func value(_ label: String, _ dimensions: String = "") -> Double {
        let pairs = dimensions.split(separator: ",").map { $0.split(separator: "=", maxSplits: 1).map(String.init) }
        return values(label, Dictionary(pairs.compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil }, uniquingKeysWith: { _, last in last })).reduce(0, +)
    }
}

@Suite("Sign-in metrics: outcomes, fetches, rate-limited refetches")
struct MetricsTests {
    @Test("Each outcome and each JWKS fetch is counted")
    func counters() async throws {
        let metrics = RecordingMetricsFactory()
        try await TestIssuer.with(publishing: [try TestKeys.primary()]) { issuer in
            let clock = TestClock()
            let configuration = try SignInConfiguration(issuer: issuer.issuer, audience: SignInRig.audience, requestTimeout: TestPatience.generous)
            let authenticator = OIDCBearerAuthenticator(
                configuration: configuration, transport: AsyncHTTPClientTransport(), now: { clock.now() }, metricsFactory: metrics)
            let rig = SignInRig(issuer: issuer, clock: clock, authenticator: authenticator)
            _ = try await rig.authenticate(try rig.token())
            _ = await rig.refusal(authorization: nil)
            _ = await rig.refusal(authorization: "Bearer \(try TokenMinter.rs256(try TestKeys.primary(), kid: "other", claims: rig.claims()))")
            _ = await rig.refusal(authorization: "Bearer \(try rig.token(["aud": "x"]))")

            let label = "daibai_signin_authentications_total"
            #expect(metrics.value(label, "outcome=accepted") == 1)
            #expect(metrics.value(label, "outcome=missing_credential") == 1)
            #expect(metrics.value(label, "outcome=unknown_key") == 1)
            #expect(metrics.value(label, "outcome=invalid_claim") == 1)
            #expect(metrics.value("daibai_signin_jwks_fetches_total", "outcome=success") == 1)
            #expect(metrics.value("daibai_signin_jwks_refetches_rate_limited_total") == 1)
        }
    }
}
