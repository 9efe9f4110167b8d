import DaiBaiAzure
import DaiBaiCore
import DaiBaiTesting
import Foundation
import Synchronization

/// Key Vault reads per secret per hour: the SDK's ``KeyVaultSecretStore`` (with its default
/// cache, `KeyVaultSecretCache`) over an in-memory vault that answers the challenge and the
/// `GET /secrets/{name}` calls, on an injected clock: one read of the same secret every second for
/// one simulated hour, as a busy instance would make. The `GET`s that reached the vault are counted;
/// the cache's TTL is what the count implies.
struct KeyVaultMeasurement {
    struct Result {
        var readsPerSecretHour: Double
        var impliedTTLSeconds: Double
        var callsMade: Int
        var challengeProbes: Int
    }

    static func run() async throws -> Result {
        let gets = Mutex(0)
        let probes = Mutex(0)
        let transport = FakeHTTPTransport { request throws(HTTPTransportError) in
            guard request.head.headerFields.contains(where: { $0.name.canonicalName == "authorization" }) else {
                probes.withLock { $0 += 1 }
                return .status(401, headers: [
                    "WWW-Authenticate": #"Bearer authorization="https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47", resource="https://vault.azure.net""#,
                ], body: #"{"error":{"code":"Unauthorized","message":"AKV10000: Request is missing a Bearer or PoP token."}}"#)
            }
            gets.withLock { $0 += 1 }
            let name = request.head.path?.split(separator: "?").first?.split(separator: "/").last.map(String.init) ?? "secret"
            return .status(200, headers: ["Content-Type": "application/json"], body:
                #"{"value":"measured-secret-value","id":"https://daibai-cost.vault.azure.net/secrets/\#(name)/0123456789abcdef0123456789abcdef","attributes":{"enabled":true,"created":1700000000,"updated":1700000000,"recoveryLevel":"Recoverable+Purgeable"}}"#)
        }
        let start = ContinuousClock.now
        let offset = Mutex(Duration.zero)
        let owner = try TenantID(validating: "platform")
        let store = try KeyVaultSecretStore(
            vaultURL: "https://daibai-cost.vault.azure.net/",
            credential: StaticTokenCredential(accessToken: AccessToken(token: SecretValue("token"), expiresOn: Date().addingTimeInterval(86_400 * 365))),
            layout: .singleTenant(owner: owner), transport: transport,
            now: { start.advanced(by: offset.withLock { $0 }) })
        let context = RequestContext(tenant: owner, user: .local)
        let name = try SecretName(validating: "STRIPE_API_KEY")
        var calls = 0
        for second in 0..<3_600 {
            offset.withLock { $0 = .seconds(second) }
            guard try await store.secret(named: name, context: context) != nil else {
                throw CostToolError.measurement("the measured Key Vault secret was not found")
            }
            calls += 1
        }
        let reads = gets.withLock { $0 }
        return Result(
            readsPerSecretHour: Double(reads), impliedTTLSeconds: reads > 0 ? 3_600 / Double(reads) : 0,
            callsMade: calls, challengeProbes: probes.withLock { $0 })
    }
}
