import DaiBaiAzure
import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import HTTPTypes
import Logging
import Synchronization

/// Shared setup of the App Configuration tests: a loopback store and a provider pointed at it.
enum AppConfigurationTestSupport {
    typealias Item = AppConfigurationFakeStore.Item

    static let keyVaultReferenceType = "application/vnd.microsoft.appconfig.keyvaultref+json;charset=utf-8"
    static let featureFlagType = "application/vnd.microsoft.appconfig.ff+json;charset=utf-8"

    /// Runs `body` with a started loopback store serving `store`.
    @discardableResult
    static func withStore<T>(
        _ store: AppConfigurationFakeStore,
        _ body: (LoopbackHTTPServer) async throws -> T
    ) async throws -> T {
        try await withLoopbackServer(store.routes, body)
    }

    /// A retrier that never waits, recording the waits it was asked for.
    static func instantRetrier(maxAttempts: Int = 3, waits: AppConfigurationWaitLog = AppConfigurationWaitLog()) -> Retrier {
        Retrier(policy: RetryPolicy(maxAttempts: maxAttempts, maxTotalTime: TestPatience.generous), sleep: { waits.append($0) })
    }

    /// A provider authenticated with the store's access key, over the real transport
    /// (wrapped to record what went on the wire).
    static func provider(
        _ store: AppConfigurationFakeStore,
        _ server: LoopbackHTTPServer,
        recorder: AppConfigurationRecordingTransport = AppConfigurationRecordingTransport(),
        selectors: [AppConfigurationSelector] = [AppConfigurationSelector(keyFilter: "*", labelFilter: nil)],
        featureFlagSelectors: [AppConfigurationSelector] = [],
        keyPrefix: String? = "DaiBai:",
        secretStore: (any SecretStore)? = nil,
        refreshInterval: Duration = .seconds(30),
        retrier: Retrier = instantRetrier(),
        logger: Logger = Logger(label: "appconfiguration-test", factory: { _ in SwiftLogNoOpLogHandler() }),
        now: @escaping @Sendable () -> Date = { Date() }
    ) async throws(AppConfigurationError) -> AppConfigurationProvider {
        try await AppConfigurationProvider(
            authentication: .connectionString(SecretValue(store.connectionString(baseURL: server.baseURL))),
            selectors: selectors,
            featureFlagSelectors: featureFlagSelectors,
            keyPrefix: keyPrefix,
            secretStore: secretStore,
            refreshInterval: refreshInterval,
            transport: recorder,
            retrier: retrier,
            timeout: TestPatience.generous,
            logger: logger,
            now: now
        )
    }
}

/// The waits a test retrier was asked for.
final class AppConfigurationWaitLog: Sendable {
    private let waits = Mutex<[Duration]>([])
    var all: [Duration] { waits.withLock { $0 } }
    func append(_ wait: Duration) { waits.withLock { $0.append(wait) } }
}

/// Sends through the real ``AsyncHTTPClientTransport`` and records each request head as it
/// went on the wire (the loopback server only sees decoded query items).
final class AppConfigurationRecordingTransport: HTTPTransport {
    private let base = AsyncHTTPClientTransport()
    private let heads = Mutex<[HTTPRequest]>([])

    /// The request targets (path and query) sent, oldest first.
    var targets: [String] { heads.withLock { $0.compactMap(\.path) } }
    /// The request heads sent, oldest first.
    var requests: [HTTPRequest] { heads.withLock { $0 } }

    func send(_ request: HTTPTransportRequest) async throws(HTTPTransportError) -> HTTPTransportResponse {
        heads.withLock { $0.append(request.head) }
        return try await base.send(request)
    }
}

