import DaiBaiAzure
import DaiBaiCore
import DaiBaiTestSupport
import DaiBaiTesting
import Foundation
import Logging
import Synchronization

/// A clock the test moves by hand.
final class KeyVaultTestClock: Sendable {
    private let start = ContinuousClock.now
    private let offset = Mutex<Duration>(.zero)

    func advance(by duration: Duration) { offset.withLock { $0 += duration } }

    var now: @Sendable () -> ContinuousClock.Instant {
        { [self] in start.advanced(by: offset.withLock { $0 }) }
    }
}

/// Records the waits of a retrier instead of sleeping.
final class KeyVaultSleepRecorder: Sendable {
    private let waits = Mutex<[Duration]>([])

    var recorded: [Duration] { waits.withLock { $0 } }

    func retrier(maxAttempts: Int = 3) -> Retrier {
        Retrier(policy: RetryPolicy(maxAttempts: maxAttempts, maxTotalTime: TestPatience.generous), sleep: { [self] wait in waits.withLock { $0.append(wait) } })
    }
}

/// A credential handing out `tokens` in turn (the last one repeats), recording requests.
final class KeyVaultSequenceCredential: TokenCredential {
    private let state: Mutex<(index: Int, requests: [TokenRequest])>
    private let tokens: [String]

    init(_ tokens: [String]) {
        self.tokens = tokens
        self.state = Mutex((0, []))
    }

    var requests: [TokenRequest] { state.withLock { $0.requests } }

    func token(for request: TokenRequest) async throws(CredentialError) -> AccessToken {
        let token = state.withLock { state in
            state.requests.append(request)
            defer { state.index += 1 }
            return tokens[min(state.index, tokens.count - 1)]
        }
        return AccessToken(token: SecretValue(token), expiresOn: Date(timeIntervalSinceNow: 3600))
    }
}

enum KeyVaultFixtures {
    static let acme = RequestContext(tenant: TenantID(rawValue: "acme") ?? .local, user: .local)
    static let globex = RequestContext(tenant: TenantID(rawValue: "globex") ?? .local, user: .local)

    static func name(_ raw: String) throws -> SecretName {
        try SecretName(validating: raw)
    }

    /// A store on `server` with no retries' real sleeping and the cache off unless asked.
    static func store(
        _ server: LoopbackHTTPServer,
        layout: KeyVaultSecretStore.Layout = .singleTenant(owner: .local),
        credential: any TokenCredential = StaticTokenCredential(token: "test-token"),
        retrier: Retrier = KeyVaultSleepRecorder().retrier(),
        verifyChallengeResource: Bool = true,
        cacheTTL: Duration = .zero,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now },
        logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws -> KeyVaultSecretStore {
        try KeyVaultSecretStore(
            vaultURL: server.baseURL + "/", credential: credential, layout: layout, retrier: retrier,
            verifyChallengeResource: verifyChallengeResource, cacheTTL: cacheTTL, timeout: TestPatience.generous,
            now: now, logger: logger)
    }
}
