import DaiBaiCore
import DaiBaiTelemetry
import DaiBaiTestSupport
import DaiBaiTesting
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import Testing

@Suite("Application Insights exporter", .timeLimit(.minutes(10)))
struct ApplicationInsightsExporterTests {
    /// Runs `exporter` in a task until `body` is done, then cancels it.
    static func whileRunning<T>(_ exporter: ApplicationInsightsExporter, _ body: () async throws -> T) async throws -> T {
        let run = Task { try await exporter.run() }
        defer { run.cancel() }
        return try await body()
    }

    @Test("Full batches go out as one gzip-compressed JSON array each; a partial batch waits")
    func batching() async throws {
        try await AITest.withIngestion { fake, server in
            let exporter = try AITest.exporter(server, configuration: AITest.configuration(batch: 3))
            try await Self.whileRunning(exporter) {
                for index in 0..<7 { exporter.submit(AITest.message("m\(index)")) }
                #expect(await waitUntil { fake.batches.count == 2 && exporter.acceptedCount == 6 })
                #expect(fake.batches.map(\.items.count) == [3, 3])
                #expect(fake.deliveredMessages == ["m0", "m1", "m2", "m3", "m4", "m5"])
                #expect(exporter.bufferedCount == 1)
                let headers = try #require(fake.batches.first?.headers)
                #expect(headers["content-encoding"] == "gzip")
                #expect(headers["authorization"] == nil)
                #expect(server.requests.allSatisfy { $0.method == "POST" && $0.path == "/v2.1/track" })
            }
            #expect(fake.problems == [])
            let tags = try #require(fake.delivered.first?.tags)
            #expect(tags["ai.cloud.role"] == "daibai-test")
            #expect(tags["ai.cloud.roleInstance"] == "test-host")
            #expect(tags["ai.internal.sdkVersion"] == ApplicationInsightsTelemetryContext.defaultSDKVersion)
        }
    }

    @Test("While the endpoint answers 503, submit never blocks, the oldest items are dropped and counted, and the rest arrive once it recovers")
    func outage() async throws {
        try await AITest.withIngestion { fake, server in
            let healthy = Mutex(false)
            fake.respond { _, count in healthy.withLock { $0 } ? (200, ApplicationInsightsIngestionFake.accepted(count)) : (503, "") }
            let stuck = TestSignal()
            let recovered = TestSignal()
            // The retrier's first wait holds the exporter until the test lets it go.
            let retrier = AITest.instantRetrier(attempts: 100) { _ in
                if stuck.isFired { return }
                stuck.fire()
                await recovered.wait()
            }
            let metrics = RecordingMetricsFactory()
            let exporter = try AITest.exporter(
                server, configuration: AITest.configuration(capacity: 6, batch: 2), retrier: retrier, metrics: metrics
            )
            try await Self.whileRunning(exporter) {
                exporter.submit(AITest.message("m0"))
                exporter.submit(AITest.message("m1"))
                #expect(await stuck.wait(timeout: TestPatience.safetyNet), "the exporter never retried the 503")

                // The exporter is stuck in its retry wait; every submit returns at once.
                for index in 2..<12 { exporter.submit(AITest.message("m\(index)")) }
                #expect(!recovered.isFired)
                #expect(fake.batches.count == 1)
                #expect(exporter.bufferedCount == 6)
                #expect(exporter.droppedCount == 4)
                #expect(metrics.total("daibai_telemetry_appinsights_dropped_total", matching: ["reason": "buffer_full"]) == 4)

                healthy.withLock { $0 = true }
                recovered.fire()
                #expect(await waitUntil { exporter.acceptedCount == 8 })
            }
            #expect(fake.batches.first?.status == 503)
            #expect(fake.deliveredMessages == ["m0", "m1", "m6", "m7", "m8", "m9", "m10", "m11"])
            #expect(exporter.droppedCount == 4)
            #expect(exporter.rejectedCount == 0)
            #expect(metrics.total("daibai_telemetry_appinsights_accepted_total") == 8)
            #expect(fake.problems == [])
        }
    }

    @Test("A 206 puts back only the items whose own status is retryable")
    func partialSuccess() async throws {
        try await AITest.withIngestion { fake, server in
            fake.respond { n, count in n == 0 ? (206, ApplicationInsightsEnvelopeFixtures.partialSuccess) : (200, ApplicationInsightsIngestionFake.accepted(count)) }
            let exporter = try AITest.exporter(server)
            for index in 0..<3 { exporter.submit(AITest.message("m\(index)")) }

            #expect(await exporter.flush() == 1, "item 1 (503) stays buffered")
            #expect(exporter.acceptedCount == 1)
            #expect(exporter.rejectedCount == 1, "item 2 (400) is dropped")
            #expect(await exporter.flush() == 0)

            #expect(fake.batches.map(\.items.count) == [3, 1])
            let retried = try #require(fake.batches.last?.envelopes.first)
            guard case .message(let data) = retried.data else { Issue.record("not a message: \(retried)"); return }
            #expect(data.message == "m1")
            #expect(exporter.acceptedCount == 2)
            #expect(fake.problems == [])
        }
    }

    @Test("Graceful shutdown sends what is buffered before run returns")
    func flushOnShutdown() async throws {
        try await AITest.withIngestion { fake, server in
            let exporter = try AITest.exporter(server, configuration: AITest.configuration(batch: 100))
            for index in 0..<5 { exporter.submit(AITest.message("m\(index)")) }
            let group = ServiceGroup(
                services: [exporter], gracefulShutdownSignals: [], cancellationSignals: [],
                logger: Logger(label: "daibai.test.group") { SwiftLogNoOpLogHandler($0) }
            )
            let stopped = TestSignal()
            let run = Task {
                defer { stopped.fire() }
                try await group.run()
            }
            #expect(fake.batches.isEmpty, "nothing is sent before a batch is full or the interval passes")
            await group.triggerGracefulShutdown()
            let finished = await stopped.wait(timeout: TestPatience.safetyNet)
            #expect(finished, "the exporter did not finish its graceful shutdown")
            if !finished { run.cancel() }
            try await run.value
            #expect(fake.deliveredMessages == ["m0", "m1", "m2", "m3", "m4"])
            #expect(exporter.bufferedCount == 0)
        }
    }

    @Test("A refused batch (400) is dropped and logged without the instrumentation key")
    func rejected() async throws {
        try await AITest.withIngestion { fake, server in
            fake.respond { _, _ in (400, #"{"itemsReceived":2,"itemsAccepted":0,"errors":[]}"#) }
            let capture = LogCapture()
            let exporter = try AITest.exporter(server, logger: capture.logger())
            exporter.submit(AITest.message("a"))
            exporter.submit(AITest.message("b"))
            #expect(await exporter.flush() == 0)
            #expect(exporter.rejectedCount == 2)
            #expect(fake.batches.count == 1, "a 400 is not retried")
            #expect(capture.text.contains("400"))
            #expect(!capture.text.contains(AITest.key))
        }
    }

    @Test("Retryable statuses are retried by Core's retrier within one flush")
    func retried() async throws {
        try await AITest.withIngestion { fake, server in
            fake.respond { n, count in n < 2 ? (n == 0 ? 429 : 500, "") : (200, ApplicationInsightsIngestionFake.accepted(count)) }
            let exporter = try AITest.exporter(server, retrier: AITest.instantRetrier(attempts: 3))
            exporter.submit(AITest.message("a"))
            #expect(await exporter.flush() == 0)
            #expect(fake.batches.map(\.status) == [429, 500, 200])
            #expect(fake.deliveredMessages == ["a"])
        }
    }

    @Test("An unreachable endpoint keeps the items buffered, after the retrier's attempts")
    func unreachable() async throws {
        let transport = FakeHTTPTransport { _ throws(HTTPTransportError) in throw .connectionFailed("connection refused") }
        let connection = try ApplicationInsightsConnectionString(parsing: "InstrumentationKey=\(AITest.key);IngestionEndpoint=https://dc.example.com")
        let capture = LogCapture()
        let exporter = try ApplicationInsightsExporter(
            connectionString: connection, transport: transport, configuration: AITest.configuration(),
            retrier: AITest.instantRetrier(attempts: 2), logger: capture.logger()
        )
        exporter.submit(AITest.message("a"))
        #expect(await exporter.flush() == 1)
        #expect(exporter.bufferedCount == 1)
        #expect(transport.requestCount == 2)
        #expect(transport.requests.first?.head.path == "/v2.1/track")
        #expect(capture.text.contains("unreachable"))
        #expect(!capture.text.contains(AITest.key))
    }

    @Test("Authorization=AAD requires a credential; its token goes out as a bearer for the monitor scope")
    func entra() async throws {
        try await AITest.withIngestion { fake, server in
            await expectError(ApplicationInsightsExporterError.self, { $0 == .entraCredentialRequired }) {
                _ = try AITest.exporter(server, extra: ";Authorization=AAD")
            }
            let credential = StaticTokenCredential(token: "entra-token")
            let exporter = try AITest.exporter(server, credential: credential, extra: ";Authorization=AAD")
            exporter.submit(AITest.message("a"))
            #expect(await exporter.flush() == 0)
            #expect(fake.batches.first?.headers["authorization"] == "Bearer entra-token")
            #expect(credential.requests.map(\.scopes) == [["https://monitor.azure.com//.default"]])
        }
    }

    @Test("Without a token the items stay buffered")
    func noToken() async throws {
        try await AITest.withIngestion { fake, server in
            let exporter = try AITest.exporter(server, credential: FailingTokenCredential(), extra: ";Authorization=AAD")
            exporter.submit(AITest.message("a"))
            #expect(await exporter.flush() == 1)
            #expect(fake.batches.isEmpty)
        }
    }
}
