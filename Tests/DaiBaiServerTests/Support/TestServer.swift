import AsyncHTTPClient
import DaiBaiBilling
import DaiBaiCore
import DaiBaiServer
import DaiBaiTestSupport
import DaiBaiTesting
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle

/// An in-process server on a free loopback port, built from fakes, with a real HTTP client.
struct TestServer {
    let port: Int
    let client: HTTPClient

    struct Reply {
        var status: Int
        var headers: HTTPHeaders
        var body: Data
        var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// Sends one request and collects the reply.
    func send(_ method: HTTPMethod, _ path: String, token: String? = "dev:acme:ana", json: String? = nil, headers: [(String, String)] = []) async throws -> Reply {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let response = try await client.execute(request, timeout: .seconds(300))
        let body = try await response.body.collect(upTo: 16 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: Data(buffer: body))
    }

    /// Runs `body` against a server over `components`.
    static func with<T: Sendable>(
        _ components: ServerComponents, settings: ServerSettings = ServerSettings(port: 0, auth: .development),
        logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
        _ body: @Sendable (TestServer) async throws -> T
    ) async throws -> T {
        var settings = settings
        settings.port = 0
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = DaiBaiServerApp.makeApplication(components: components, settings: settings, logger: logger) { port in
            continuation.yield(port)
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw TestServerError() }
            do {
                let result = try await body(TestServer(port: port, client: client))
                try await client.shutdown()
                group.cancelAll()
                return result
            } catch {
                try? await client.shutdown()
                group.cancelAll()
                throw error
            }
        }
    }
}

struct TestServerError: Error {}

/// Components over fakes: the bundled sample (shared), in-memory stores, development auth.
struct TestComponents {
    let chats = InMemoryChatStore()
    let inventory = InMemoryDataInventory()
    let secrets = InMemorySecretStore()

    func make(
        model: any LLMProvider = UnconfiguredModel(), extra: [String: any DatabaseConnector] = [:],
        rateLimiter: any RequestRateLimiter = InMemoryRateLimiter(limit: 10_000),
        readiness: [ReadinessCheck] = [], webhook: StripeWebhookHandler? = nil
    ) async throws -> ServerComponents {
        let sample = try await SampleLibrary.make(storageDirectory: TestComponents.newDirectory())
        var shared: [String: any DatabaseConnector] = extra
        shared[SampleLibrary.databaseName] = try SQLiteConnector(path: sample.path)
        let directory = LayeredDatabaseDirectory(
            tenant: InventoryDatabaseDirectory(inventory: inventory, secrets: secrets),
            shared: StaticDatabaseDirectory(databases: shared, defaultName: SampleLibrary.databaseName), defaultName: nil)
        let agent = Agent(
            model: model, databases: directory, chats: chats,
            verifiedQueries: LayeredVerifiedQueryStore(tenant: InMemoryVerifiedQueryStore(), shared: sample.verifiedQueries))
        return ServerComponents(
            agent: agent, chats: chats, inventory: inventory, secrets: secrets, webhookHandler: webhook,
            authenticator: DevelopmentAuthenticator(), rateLimiter: rateLimiter, readinessChecks: readiness, readinessTimeout: .seconds(30))
    }

    /// A new temporary directory.
    static func newDirectory() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("daibai-server-tests-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
