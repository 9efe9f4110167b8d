import DaiBaiAzure
import DaiBaiCore
import DaiBaiTestSupport
import DaiBaiTesting
import Foundation
import Logging
import Synchronization

/// Collects every log line (message and metadata) so tests can search it.
final class KeyVaultLogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    /// Every line so far, each `level message metadata`.
    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    /// A logger at trace level writing here.
    func logger() -> Logger {
        var logger = Logger(label: "daibai.test.keyvault") { _ in KeyVaultCaptureHandler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    func append(_ line: String) { lines.withLock { $0.append(line) } }
}

struct KeyVaultCaptureHandler: LogHandler {
    let capture: KeyVaultLogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let fields = metadata.merging(event.metadata ?? [:]) { $1 }
            .map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " ")
        capture.append("\(event.level) \(event.message) \(fields)")
    }
}

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
        Retrier(policy: RetryPolicy(maxAttempts: maxAttempts), sleep: { [self] wait in waits.withLock { $0.append(wait) } })
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
            verifyChallengeResource: verifyChallengeResource, cacheTTL: cacheTTL, now: now, logger: logger)
    }
}
