import DaiBaiCore
import DaiBaiTelemetry
import DaiBaiTesting
import Foundation
import Logging
import Tracing

/// The Agent's overhead per question (the model path of `agent`, execute: false) without any
/// telemetry backend, then with the Application Insights backends: its metrics factory and
/// log handler passed to the Agent and its tracer bootstrapped as the process's tracer, the
/// exporter running and sending (gzip, JSON) to an in-process endpoint that accepts at once.
enum TelemetryBenchmark {
    static func run(arguments: [String]) async {
        let count = max(2_000, arguments.first.flatMap(Int.init) ?? 5_000)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("daibai-bench-telemetry-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/music.sqlite"
        let connector: SQLiteConnector
        do {
            try SampleDatabase.createMusicStore(at: path)
            connector = try SQLiteConnector(path: path)
        } catch {
            fail("cannot create the sample database: \(error)")
        }
        let context = RequestContext(tenant: TenantID(rawValue: "bench")!, user: UserID(rawValue: "ana")!)
        let questions = AgentBenchmark.modelQuestions
        let requests = (0..<count).map { AgentRequest(question: questions[$0 % questions.count], context: context, execute: false) }
        print("== Telemetry overhead on the Agent (model path, execute: false, \(count) sequential questions) ==")
        print("machine: \(machineDescription())")

        let plain = AgentBenchmark.makeAgent(connector: connector, model: FixedSQLModel(sql: AgentBenchmark.fixedSQL))
        let without = await AgentBenchmark.measureConcurrent(agent: plain, requests: requests, expected: .model)
        without.report(title: "without telemetry backends", target: nil)

        let sink = FakeHTTPTransport(replies: []) { _ throws(HTTPTransportError) in
            .status(200, headers: ["Content-Type": "application/json"], body: #"{"itemsReceived":0,"itemsAccepted":0,"errors":[]}"#)
        }
        let exporter: ApplicationInsightsExporter
        do {
            let connection = try ApplicationInsightsConnectionString(parsing: "InstrumentationKey=11111111-2222-3333-4444-555555555555;IngestionEndpoint=https://ingestion.invalid/")
            exporter = try ApplicationInsightsExporter(connectionString: connection, transport: sink)
        } catch {
            fail("cannot create the exporter: \(error)")
        }
        let metrics = ApplicationInsightsMetricsFactory(exporter: exporter, interval: .seconds(10))
        InstrumentationSystem.bootstrap(ApplicationInsightsTracer(exporter: exporter))
        let logger = Logger(label: "daibai.agent") { ApplicationInsightsLogHandler(label: $0, exporter: exporter, logLevel: .info) }
        let running = Task { try? await exporter.run() }
        let metricsRunning = Task { try? await metrics.run() }
        let instrumented = Agent(
            model: FixedSQLModel(sql: AgentBenchmark.fixedSQL),
            databases: StaticDatabaseDirectory(databases: [AgentBenchmark.databaseName: connector]),
            chats: InMemoryChatStore(), verifiedQueries: InMemoryVerifiedQueryStore(),
            metricsFactory: metrics, logger: logger)
        let with = await AgentBenchmark.measureConcurrent(agent: instrumented, requests: requests, expected: .model)
        with.report(title: "with Application Insights (metrics, spans, logs; exporter running)", target: nil)
        let overhead = with.percentile(0.5) - without.percentile(0.5)
        print("")
        print("p50 overhead of telemetry: \(format(overhead)) µs per question (\(format(100 * overhead / max(without.percentile(0.5), 0.001))) %); "
            + "exporter: \(exporter.acceptedCount) items accepted, \(exporter.droppedCount) dropped")
        running.cancel()
        metricsRunning.cancel()
        _ = await running.result
        _ = await metricsRunning.result
    }
}
