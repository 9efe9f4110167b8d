import CompressNIO
import DaiBaiCore
import DaiBaiLLM
import DaiBaiTelemetry
import DaiBaiTestSupport
import DaiBaiTesting
import Foundation
import Logging
import Metrics
import NIOCore
import Testing
import Tracing

/// The Agent with real exporters: the whole request's telemetry goes to a fake Application
/// Insights ingestion endpoint, and nothing secret is in any exported byte; an incoming
/// `traceparent` continues through the Agent, the model's HTTP call and the connector's query.
// Serialized: both tests install their tracer as the process's one (SwitchableTracer).
@Suite("Telemetry end to end: the Agent's spans, metrics and logs through the Application Insights exporter", .serialized)
struct AgentTelemetryExportTests {
    static let apiKey = "sk-proj-TELEMETRYSECRET0123456789abcdEXPT"
    static let databasePassword = "pg-Secret-Passw0rd-7731"
    static let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
    static let callerSpanID = "00f067aa0ba902b7"
    static let sql = "SELECT count(*) AS tracks FROM tracks"

    /// An OpenAI chat completion in the shape of OpenAI's API reference, answering with `sql`.
    static let completion = #"{"id":"chatcmpl-t","object":"chat.completion","created":1741569952,"model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"```sql\nSELECT count(*) AS tracks FROM tracks\n```","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":50,"completion_tokens":9,"total_tokens":59}}"#

    struct Rig {
        let directory: URL
        let connector: SQLiteConnector
        init(metrics: any MetricsFactory, logger: Logger) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("daibai-telemetry-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let path = directory.appendingPathComponent("music.sqlite").path
            _ = try SampleDatabase.createMusicStore(at: path)
            connector = try SQLiteConnector(path: path, logger: logger, metricsFactory: metrics)
        }
        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    /// An OpenAI provider with `apiKey`, over a transport that logs and measures into the exporters.
    static func provider(_ vendor: LoopbackHTTPServer, logger: Logger, metrics: any MetricsFactory) throws -> any LLMProvider {
        try OpenAIProvider(
            configuration: OpenAIProvider.Configuration(baseURL: vendor.baseURL + "/v1", model: "gpt-4o", apiKey: SecretValue(apiKey)),
            transport: AsyncHTTPClientTransport(logger: logger, metricsFactory: metrics), logger: logger)
    }

    static func gunzipped(_ request: LoopbackHTTPServer.Request) -> String {
        var buffer = ByteBuffer(bytes: request.body)
        guard var inflated = try? buffer.decompress(with: .gzip()), let bytes = inflated.readBytes(length: inflated.readableBytes) else {
            return request.bodyText
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("with a model key and a database password set, no exported byte contains either; the exports do carry the request")
    func noSecretInAnyExportedByte() async throws {
        let fake = ApplicationInsightsIngestionFake(instrumentationKey: AITest.key)
        try await withLoopbackServer([fake.route]) { ingestion in
            try await withLoopbackServer([
                .init("POST /v1/chat/completions") { _ in .text(200, Self.completion, headers: ["Content-Type": "application/json"]) },
            ]) { vendor in
                // Spans of other suites running meanwhile also arrive: a large buffer keeps ours.
                let exporter = try AITest.exporter(ingestion, configuration: AITest.configuration(capacity: 100_000, batch: 500))
                let metrics = ApplicationInsightsMetricsFactory(exporter: exporter, interval: TestPatience.generous)
                let logger = Logger(label: "daibai.agent") { ApplicationInsightsLogHandler(label: $0, exporter: exporter, logLevel: .trace) }
                let rig = try Rig(metrics: metrics, logger: logger)
                defer { rig.remove() }
                let tracer = ApplicationInsightsTracer(exporter: exporter)
                let failing: Result<Void, any Error> = try await SwitchableTracer.shared.with(tracer) {
                    let agent = Agent(
                        model: try Self.provider(vendor, logger: logger, metrics: metrics),
                        databases: StaticDatabaseDirectory(databases: ["music": rig.connector]),
                        chats: InMemoryChatStore(), metricsFactory: metrics, logger: logger)
                    let answer = try await agent.ask(AgentRequest(question: "How many tracks are there?", context: .local))
                    #expect(answer.sql == Self.sql)
                    // A database whose connection string holds a password, unreachable: its failure is logged.
                    let refusing = try ReservedLoopbackPort(.refusing)
                    defer { refusing.close() }
                    var configuration = try PostgresConnectorConfiguration(
                        connectionString: SecretValue("postgres://reader:\(Self.databasePassword)@127.0.0.1:\(refusing.port)/shop"))
                    configuration.connectTimeout = .seconds(2)
                    let unreachable = try PostgresConnector(configuration: configuration, logger: logger, metricsFactory: metrics)
                    let outcome: Result<Void, any Error>
                    do {
                        _ = try await unreachable.executeReadOnly("SELECT 1", options: QueryOptions(timeout: .seconds(3)))
                        outcome = .success(())
                    } catch {
                        logger.error("request failed", metadata: ["error": "\(error)", "configuration": "\(configuration)"])
                        outcome = .failure(error)
                    }
                    await unreachable.shutdown()
                    return outcome
                }
                #expect(throws: (any Error).self) { try failing.get() }
                metrics.export()
                _ = await exporter.flush()

                let exported = ingestion.requests.map(Self.gunzipped).joined(separator: "\n")
                #expect(fake.problems == [])
                #expect(exported.contains(DaiBaiMetricName.agentStepDuration), "the metrics were exported")
                #expect(exported.contains("daibai.agent.generation"), "the spans were exported")
                #expect(exported.contains("request failed"), "the logs were exported")
                for secret in [Self.apiKey, Self.databasePassword, "TELEMETRYSECRET", "Bearer sk-"] {
                    #expect(!exported.contains(secret), "an exported byte contains a secret")
                }
                #expect(!ingestion.requests.contains { $0.bodyText.contains(Self.apiKey) })
            }
        }
    }

    @Test("an incoming traceparent continues through the Agent's steps, the model's HTTP call (which carries it on) and the query")
    func traceparentPropagates() async throws {
        let fake = ApplicationInsightsIngestionFake(instrumentationKey: AITest.key)
        try await withLoopbackServer([fake.route]) { ingestion in
            try await withLoopbackServer([
                .init("POST /v1/chat/completions") { _ in .text(200, Self.completion, headers: ["Content-Type": "application/json"]) },
            ]) { vendor in
                let exporter = try AITest.exporter(ingestion, configuration: AITest.configuration(capacity: 100_000, batch: 500))
                let tracer = ApplicationInsightsTracer(exporter: exporter)
                let metrics = NOOPMetricsHandler.instance
                let logger = Logger(label: "daibai.test") { SwiftLogNoOpLogHandler($0) }
                let rig = try Rig(metrics: metrics, logger: logger)
                defer { rig.remove() }
                try await SwitchableTracer.shared.with(tracer) {
                    var context = ServiceContext.topLevel
                    tracer.extract(["traceparent": "00-\(Self.traceID)-\(Self.callerSpanID)-01"], into: &context, using: DictionaryExtractor())
                    let server = tracer.startSpan("POST /v1/ask", context: context, ofKind: .server)
                    try await ServiceContext.withValue(server.context) {
                        let agent = Agent(
                            model: try Self.provider(vendor, logger: logger, metrics: metrics),
                            databases: StaticDatabaseDirectory(databases: ["music": rig.connector]), chats: InMemoryChatStore())
                        _ = try await agent.ask(AgentRequest(question: "How many tracks are there?", context: .local))
                    }
                    server.end()
                }
                _ = await exporter.flush()
                let ours = fake.delivered.filter { $0.tags[ApplicationInsightsContextTag.operationID] == Self.traceID }
                let names = ours.compactMap { envelope -> String? in
                    switch envelope.data {
                    case .request(let data): data.name
                    case .remoteDependency(let data): data.name
                    default: nil
                    }
                }
                #expect(names.contains("POST /v1/ask"))
                #expect(names.contains(DaiBaiSpanName.agentStep(.generation)))
                #expect(names.contains(DaiBaiSpanName.http(method: "POST")))
                #expect(names.contains(DaiBaiSpanName.databaseQuery))
                let chat = try #require(vendor.requests.first)
                let traceparent = try #require(chat.header("traceparent"))
                #expect(traceparent.hasPrefix("00-\(Self.traceID)-"), "the model's HTTP call carries the trace on")
            }
        }
    }
}

