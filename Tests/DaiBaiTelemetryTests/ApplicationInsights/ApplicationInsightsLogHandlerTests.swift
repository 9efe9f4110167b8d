import DaiBaiTelemetry
import DaiBaiTestSupport
import Foundation
import Logging
import Testing
import Tracing

@Suite("Application Insights log handler", .timeLimit(.minutes(10)))
struct ApplicationInsightsLogHandlerTests {
    struct GuardRejected: Error, CustomStringConvertible {
        var description: String { "DROP is not allowed" }
    }

    static let time = Date(timeIntervalSince1970: 1_700_000_000.25)

    static func logger(_ exporter: ApplicationInsightsExporter) -> Logger {
        Logger(label: "daibai.agent") { label in
            ApplicationInsightsLogHandler(label: label, exporter: exporter, logLevel: .debug, metadataProvider: nil, now: { time })
        }
    }

    @Test("Lines become messages with mapped severities and metadata as properties; lines with an error become exceptions")
    func messagesAndExceptions() async throws {
        try await AITest.withIngestion { fake, server in
            let exporter = try AITest.exporter(server)
            var logger = Self.logger(exporter)
            logger[metadataKey: "component"] = "agent"
            logger.debug("prompt built", metadata: ["tables": "3"])
            logger.warning("slow model", metadata: ["request": ["attempt": "2"]])
            logger.trace("below the level is not sent")
            logger.error("guard rejected the SQL", metadata: ["error": "\(GuardRejected())", "dialect": "sqlite"])
            logger.critical("store down", metadata: ["error": .stringConvertible(GuardRejected())])
            #expect(await exporter.flush() == 0)
            #expect(fake.problems == [])

            let envelopes = fake.delivered
            #expect(envelopes.map(\.data.baseType) == ["MessageData", "MessageData", "ExceptionData", "ExceptionData"])
            #expect(envelopes.allSatisfy { $0.time == Self.time })
            guard case .message(let debug) = envelopes[0].data, case .message(let warning) = envelopes[1].data,
                  case .exception(let error) = envelopes[2].data, case .exception(let critical) = envelopes[3].data
            else { Issue.record("unexpected types: \(envelopes)"); return }
            #expect(debug.message == "prompt built")
            #expect(debug.severityLevel == .verbose)
            #expect(debug.properties["tables"] == "3")
            #expect(debug.properties["component"] == "agent")
            #expect(debug.properties["logger"] == "daibai.agent")
            #expect(warning.severityLevel == .warning)
            #expect(warning.properties["request.attempt"] == "2")
            #expect(error.severityLevel == .error)
            #expect(error.exceptions.first?.message == "DROP is not allowed")
            #expect(error.properties["message"] == "guard rejected the SQL")
            #expect(error.properties["dialect"] == "sqlite")
            #expect(error.properties["error"] == nil)
            #expect(critical.severityLevel == .critical)
            #expect(critical.exceptions.first?.typeName.hasSuffix("GuardRejected") == true)
        }
    }

    @Test("A line logged inside a span carries its operation id and the span as parent")
    func insideSpan() async throws {
        try await AITest.withIngestion { fake, server in
            let exporter = try AITest.exporter(server)
            let tracer = ApplicationInsightsTracer(exporter: exporter)
            let logger = Self.logger(exporter)
            let span = tracer.startSpan("POST /ask", context: .topLevel, ofKind: .server)
            InstrumentationContext.$current.withValue(span.context) {
                logger.info("answered")
            }
            logger.info("outside")
            #expect(await exporter.flush() == 0)
            let spanContext = try #require(span.context.applicationInsightsSpanContext)
            let lines = fake.delivered
            #expect(lines.count == 2)
            #expect(lines.first?.tags["ai.operation.id"] == spanContext.operationID)
            #expect(lines.first?.tags["ai.operation.parentId"] == spanContext.spanID)
            #expect(lines.last?.tags["ai.operation.id"] == nil)
            #expect(fake.problems == [])
        }
    }

    @Test("swift-log levels map to Application Insights severities")
    func severities() {
        let mapped = Logger.Level.allCases.map(ApplicationInsightsLogHandler.severity)
        #expect(mapped == [.verbose, .verbose, .information, .information, .warning, .error, .critical])
    }
}
