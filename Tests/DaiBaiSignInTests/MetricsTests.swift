import CoreMetrics
import DaiBaiCore
import DaiBaiSignIn
import DaiBaiTestSupport
import Foundation
import Synchronization
import Testing

/// A metrics factory that sums counters by label and dimensions.
final class SignInTestMetrics: MetricsFactory, Sendable {
    private final class CounterBox: CounterHandler, Sendable {
        let key: String
        let totals: SignInTestMetrics
        init(key: String, totals: SignInTestMetrics) { self.key = key; self.totals = totals }
        func increment(by amount: Int64) { totals.add(amount, to: key) }
        func reset() {}
    }

    private let values = Mutex<[String: Int64]>([:])

    func value(_ label: String, _ dimensions: String = "") -> Int64 { values.withLock { $0["\(label){\(dimensions)}"] ?? 0 } }
    fileprivate func add(_ amount: Int64, to key: String) { values.withLock { $0[key, default: 0] += amount } }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        CounterBox(key: "\(label){\(dimensions.map { "\($0.0)=\($0.1)" }.joined(separator: ","))}", totals: self)
    }
    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler { NOOPMetricsHandler.instance }
    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler { NOOPMetricsHandler.instance }
    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}
}

@Suite("Sign-in metrics: outcomes, fetches, rate-limited refetches")
struct MetricsTests {
    @Test("Each outcome and each JWKS fetch is counted")
    func counters() async throws {
        let metrics = SignInTestMetrics()
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
