import DaiBaiTestSupport
import Foundation
import Synchronization

/// An OpenID Connect issuer on a real loopback HTTP server: a discovery document at
/// `/tenant/v2.0/.well-known/openid-configuration` and a JWKS the test changes at will.
final class TestIssuer: Sendable {
    private struct State {
        var jwks: [UInt8] = Array(#"{"keys":[]}"#.utf8)
        var jwksStatus = 200
        var discoveryStatus = 200
        var discoveryIssuer: String?
        var jwksGate: TestSignal?
    }

    let server: LoopbackHTTPServer
    private let state = Mutex(State())

    static let discoveryPath = "/tenant/v2.0/.well-known/openid-configuration"
    static let jwksPath = "/tenant/discovery/v2.0/keys"

    /// The issuer, `http://127.0.0.1:<port>/tenant/v2.0` (exactly what tokens carry in `iss`).
    var issuer: String { server.url("/tenant/v2.0") }
    /// The discovery document's URL (what the default metadata URL resolves to).
    var metadataURL: String { server.url(Self.discoveryPath) }

    private init(server: LoopbackHTTPServer) { self.server = server }

    /// Runs `body` with a started issuer publishing `keys`, and stops it afterwards.
    static func with<T>(publishing keys: [TestKey], _ body: (TestIssuer) async throws -> T) async throws -> T {
        try await withLoopbackServer { server in
            let issuer = TestIssuer(server: server)
            try issuer.publish(keys)
            await server.route("GET \(discoveryPath)") { [issuer] _ in
                let (status, claimedIssuer) = issuer.state.withLock { ($0.discoveryStatus, $0.discoveryIssuer) }
                guard status == 200 else { return .text(status, "unavailable") }
                let document = try TokenMinter.json([
                    "issuer": claimedIssuer ?? issuer.issuer,
                    "jwks_uri": issuer.server.url(jwksPath),
                    "id_token_signing_alg_values_supported": ["RS256"],
                    "authorization_endpoint": issuer.server.url("/tenant/oauth2/v2.0/authorize"),
                ])
                return .text(200, document, headers: ["Content-Type": "application/json"])
            }
            await server.route("GET \(jwksPath)") { [issuer] _ in
                if let gate = issuer.state.withLock({ $0.jwksGate }) { _ = await gate.wait(timeout: TestPatience.safetyNet) }
                let (status, body) = issuer.state.withLock { ($0.jwksStatus, $0.jwks) }
                guard status == 200 else { return .text(status, "unavailable") }
                return .bytes(200, headers: ["Content-Type": "application/json"], body)
            }
            return try await body(issuer)
        }
    }

    /// Publishes exactly `keys` (as RS256 signing JWKs) plus `extra` raw JWK objects.
    func publish(_ keys: [TestKey], extra: [[String: String]] = []) throws {
        let entries = try keys.map { try $0.jwk() } + extra
        try publishJSON(String(decoding: try JSONSerialization.data(withJSONObject: ["keys": entries], options: [.sortedKeys]), as: UTF8.self))
    }

    /// Publishes `json` as the JWKS body.
    func publishJSON(_ json: String) throws { state.withLock { $0.jwks = Array(json.utf8) } }

    /// Makes the JWKS endpoint answer `status` (200: the published keys).
    func setJWKSStatus(_ status: Int) { state.withLock { $0.jwksStatus = status } }

    /// Makes the discovery endpoint answer `status` (200: the document).
    func setDiscoveryStatus(_ status: Int) { state.withLock { $0.discoveryStatus = status } }

    /// Makes the discovery document name `issuer` instead of the real one.
    func setDiscoveryIssuer(_ issuer: String?) { state.withLock { $0.discoveryIssuer = issuer } }

    /// Holds every JWKS answer until `gate` fires (`nil`: answer at once).
    func holdJWKS(until gate: TestSignal?) { state.withLock { $0.jwksGate = gate } }

    /// JWKS requests received so far.
    var jwksRequestCount: Int { server.requests.filter { $0.path == Self.jwksPath }.count }

    /// Discovery requests received so far.
    var discoveryRequestCount: Int { server.requests.filter { $0.path == Self.discoveryPath }.count }
}
