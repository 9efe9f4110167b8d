import DaiBaiTestSupport
import Logging
import Metrics
import Testing
import Tracing

@testable import DaiBaiTelemetry

@Suite("OTLP with OTEL_SDK_DISABLED", .timeLimit(.minutes(10)))
struct OTLPDisabledTests {
    @Test("OTEL_SDK_DISABLED=true gives no-op backends and a service that waits for its shutdown")
    func sdkDisabled() async throws {
        try await withOTLPCollector { collector in
            let capture = LogCapture()
            var configuration = DaiBaiOTLPConfiguration(serviceName: "daibai-otlp-test", endpoint: collector.server.baseURL)
            configuration.diagnosticLogger = capture.logger()
            let backends = try DaiBaiOTLP.makeBackends(configuration: configuration, environment: ["OTEL_SDK_DISABLED": "TRUE"])
            #expect(backends.signals.isEmpty)
            #expect(backends.metricsFactory is NOOPMetricsHandler)
            #expect(backends.logHandlerFactory("daibai.test") is SwiftLogNoOpLogHandler)
            try await withRunningService(backends.service) {
                backends.tracer.startSpan("daibai.test.disabled").end()
                backends.logger(label: "daibai.test").info("not exported")
            }
            #expect(collector.server.requests.isEmpty)
            #expect(capture.lines == ["info OTEL_SDK_DISABLED=true: OTLP export is off, every backend is a no-op"])
        }
    }

    @Test("other values of OTEL_SDK_DISABLED leave export on")
    func sdkEnabled() async throws {
        try await withOTLPCollector { collector in
            var configuration = DaiBaiOTLPConfiguration(serviceName: "daibai-otlp-test", endpoint: collector.server.baseURL)
            configuration.signals = [.traces]
            configuration.diagnosticLogger = LogCapture().logger()
            let backends = try DaiBaiOTLP.makeBackends(configuration: configuration, environment: ["OTEL_SDK_DISABLED": "false"])
            #expect(backends.signals == [.traces])
            try await withRunningService(backends.service) {
                backends.tracer.startSpan("daibai.test.enabled").end()
            }
            #expect(try collector.spans().map(\.name) == ["daibai.test.enabled"])
        }
    }
}
