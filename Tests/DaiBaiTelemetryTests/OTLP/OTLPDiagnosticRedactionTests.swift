import DaiBaiTestSupport
import Logging
import Testing

@testable import DaiBaiTelemetry

@Suite("OTLP diagnostics redaction")
struct OTLPDiagnosticRedactionTests {
    func redactingLogger(secrets: [String], capture: LogCapture) -> Logger {
        let base = capture.logger(label: "daibai.test.otel")
        var logger = Logger(label: base.label) { _ in OTLPRedactingLogHandler(base: base, secrets: secrets) }
        logger.logLevel = .trace
        return logger
    }

    @Test("swift-otel's environment override line loses both the known and the environment's header values")
    func environmentOverrideOfHeaders() {
        let capture = LogCapture()
        var logger = redactingLogger(secrets: ["known-secret"], capture: capture)
        // The shape swift-otel logs for every OTEL_* override (handler metadata, then info).
        logger[metadataKey: "component"] = "makeTracingBackend"
        logger[metadataKey: "environment_key"] = "OTEL_EXPORTER_OTLP_TRACES_HEADERS"
        logger[metadataKey: "environment_value"] = "api-key=environment-secret"
        logger[metadataKey: "previous_value"] = "x-api-key=known-secret"
        logger[metadataKey: "new_value"] = "api-key=environment-secret"
        logger.info("Configuration updated from environment")
        #expect(capture.lines == [
            "info Configuration updated from environment component=makeTracingBackend "
                + "environment_key=OTEL_EXPORTER_OTLP_TRACES_HEADERS environment_value=<redacted> "
                + "new_value=<redacted> previous_value=<redacted>",
        ])
    }

    @Test("other override lines stay readable")
    func otherOverridesStay() {
        let capture = LogCapture()
        var logger = redactingLogger(secrets: ["known-secret"], capture: capture)
        logger[metadataKey: "environment_key"] = "OTEL_EXPORTER_OTLP_ENDPOINT"
        logger[metadataKey: "environment_value"] = "http://collector:4318"
        logger.info("Configuration updated from environment")
        #expect(capture.lines == [
            "info Configuration updated from environment environment_key=OTEL_EXPORTER_OTLP_ENDPOINT environment_value=http://collector:4318",
        ])
    }

    @Test("a known header value is replaced in the message and in nested metadata")
    func knownValuesAnywhere() {
        let capture = LogCapture()
        let logger = redactingLogger(secrets: ["abc", "abcdef", ""], capture: capture)
        logger.warning("sent abcdef and abc", metadata: [
            "list": .array(["x-abcdef-y"]),
            "nested": .dictionary(["value": .stringConvertible("abc!")]),
        ])
        #expect(capture.lines == ["warning sent <redacted> and <redacted> list=[\"x-<redacted>-y\"] nested=[\"value\": \"<redacted>!\"]"])
        #expect(!capture.text.contains("abc"))
    }

    @Test("the level is the base logger's")
    func levelIsForwarded() {
        let capture = LogCapture()
        var logger = redactingLogger(secrets: [], capture: capture)
        logger.logLevel = .warning
        logger.info("dropped")
        logger.warning("kept")
        #expect(capture.lines == ["warning kept"])
    }
}
