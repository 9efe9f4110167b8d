@testable import DaiBaiTelemetry
import DaiBaiTestSupport
import Foundation
import Testing
import Tracing

/// Reads and writes header dictionaries, for extract and inject.
struct HeaderDictionaryPropagation: Extractor, Injector {
    func extract(key: String, from carrier: [String: String]) -> String? { carrier[key] }
    func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) { carrier[key] = value }
}

@Suite("Application Insights tracer", .timeLimit(.minutes(10)))
struct ApplicationInsightsTracerTests {
    static let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
    static let callerSpanID = "00f067aa0ba902b7"
    static let start = DefaultTracerClock.Timestamp(nanosecondsSinceEpoch: 1_700_000_000_250_000_000)

    static func at(_ offset: Duration) -> DefaultTracerClock.Timestamp {
        let parts = offset.components
        return .init(nanosecondsSinceEpoch: start.nanosecondsSinceEpoch + UInt64(parts.seconds) * 1_000_000_000 + UInt64(parts.attoseconds / 1_000_000_000))
    }

    struct QueryFailed: Error, CustomStringConvertible {
        var description: String { "canceling statement due to statement timeout" }
    }

    @Test("A traceparent extracted from a request gives a request and its dependency that operation id and their parent ids")
    func extractedTraceParent() async throws {
        try await AITest.withIngestion { fake, server in
            let exporter = try AITest.exporter(server)
            let tracer = ApplicationInsightsTracer(exporter: exporter)
            var context = InstrumentationContext.topLevel
            tracer.extract(
                ["traceparent": "00-\(Self.traceID)-\(Self.callerSpanID)-01", "tracestate": "daibai=1"],
                into: &context, using: HeaderDictionaryPropagation()
            )

            let request = tracer.startSpan("POST /ask", context: context, ofKind: .server, at: Self.start)
            request.attributes["http.request.method"] = "POST"
            request.attributes["http.response.status_code"] = 200
            request.attributes["url.full"] = "https://daibai.example/ask"
            let query = tracer.startSpan("SELECT shop", context: request.context, ofKind: .client, at: Self.at(.milliseconds(100)))
            query.attributes["db.system"] = "postgresql"
            query.attributes["server.address"] = "db.example"
            query.attributes["server.port"] = 5432
            query.attributes["db.query.text"] = "SELECT 1"
            query.recordError(QueryFailed(), attributes: [:], at: Self.at(.milliseconds(142)))
            query.setStatus(SpanStatus(code: .error))
            query.end(at: Self.at(.milliseconds(142)))

            var outgoing: [String: String] = [:]
            tracer.inject(query.context, into: &outgoing, using: HeaderDictionaryPropagation())
            request.end(at: Self.at(.milliseconds(1500)))
            #expect(await exporter.flush() == 0)
            #expect(fake.problems == [])

            let requestID = try #require(request.context.applicationInsightsSpanContext).spanID
            let queryID = try #require(query.context.applicationInsightsSpanContext).spanID
            #expect(outgoing["traceparent"] == "00-\(Self.traceID)-\(queryID)-01")
            #expect(outgoing["tracestate"] == "daibai=1")

            let envelopes = fake.delivered
            #expect(envelopes.map(\.name) == [
                "Microsoft.ApplicationInsights.RemoteDependency", "Microsoft.ApplicationInsights.Exception",
                "Microsoft.ApplicationInsights.Request",
            ])
            #expect(envelopes.allSatisfy { $0.tags["ai.operation.id"] == Self.traceID })

            let dependency = try #require(envelopes.first)
            #expect(dependency.tags["ai.operation.parentId"] == requestID)
            guard case .remoteDependency(let call) = dependency.data else { Issue.record("\(dependency)"); return }
            #expect(call.id == queryID)
            #expect(call.type == "postgresql")
            #expect(call.target == "db.example:5432")
            #expect(call.data == "SELECT 1")
            #expect(call.success == false)
            #expect(call.duration == .milliseconds(42))
            #expect(try JSONValue.of(dependency)["data"]?["baseData"]?["duration"] == .string("0.00:00:00.0420000"))

            #expect(envelopes[1].tags["ai.operation.parentId"] == queryID)
            guard case .exception(let failure) = envelopes[1].data else { Issue.record("\(envelopes[1])"); return }
            #expect(failure.exceptions.first?.message == "canceling statement due to statement timeout")

            let served = envelopes[2]
            #expect(served.tags["ai.operation.parentId"] == Self.callerSpanID)
            #expect(served.tags["ai.operation.name"] == "POST /ask")
            #expect(served.time == Date(timeIntervalSince1970: 1_700_000_000.25))
            guard case .request(let data) = served.data else { Issue.record("\(served)"); return }
            #expect(data.id == requestID)
            #expect(data.responseCode == "200")
            #expect(data.success)
            #expect(data.url == "https://daibai.example/ask")
            #expect(data.duration == .milliseconds(1500))
        }
    }

    @Test("A span without a parent starts a new trace and is a request; internal children are InProc dependencies")
    func rootSpan() async throws {
        try await AITest.withIngestion { fake, server in
            let exporter = try AITest.exporter(server)
            let tracer = ApplicationInsightsTracer(exporter: exporter)
            let job = tracer.startSpan("nightly-refresh", context: .topLevel, ofKind: .internal, at: Self.start)
            let step = tracer.startSpan("daibai.agent.guard", context: job.context, ofKind: .internal, at: Self.at(.milliseconds(1)))
            step.end(at: Self.at(.milliseconds(2)))
            job.end(at: Self.at(.milliseconds(3)))
            job.end(at: Self.at(.milliseconds(4)))  // a second end changes nothing
            #expect(await exporter.flush() == 0)
            #expect(fake.problems == [])
            let envelopes = fake.delivered
            #expect(envelopes.map(\.data.baseType) == ["RemoteDependencyData", "RequestData"])
            let trace = try #require(job.context.applicationInsightsSpanContext)
            #expect(trace.parentSpanID == nil)
            #expect(envelopes[1].tags["ai.operation.parentId"] == nil)
            #expect(envelopes[0].tags["ai.operation.parentId"] == trace.spanID)
            guard case .remoteDependency(let inner) = envelopes[0].data else { Issue.record("\(envelopes[0])"); return }
            #expect(inner.type == "InProc")
        }
    }

    @Test("Spans of an unsampled trace, and of the exporter's own requests, are not exported")
    func notRecorded() async throws {
        try await AITest.withIngestion { fake, server in
            let exporter = try AITest.exporter(server)
            let tracer = ApplicationInsightsTracer(exporter: exporter)
            var context = InstrumentationContext.topLevel
            tracer.extract(["traceparent": "00-\(Self.traceID)-\(Self.callerSpanID)-00"], into: &context, using: HeaderDictionaryPropagation())
            let unsampled = tracer.startSpan("GET /health", context: context, ofKind: .server, at: Self.start)
            #expect(!unsampled.isRecording)
            unsampled.end(at: Self.at(.milliseconds(1)))

            let ownRequest = await ApplicationInsightsExportSuppression.run {
                tracer.startSpan("HTTP POST", context: InstrumentationContext.current ?? .topLevel, ofKind: .client, at: Self.start)
            }
            #expect(!ownRequest.isRecording)
            ownRequest.end(at: Self.at(.milliseconds(1)))

            var malformed = InstrumentationContext.topLevel
            tracer.extract(["traceparent": "01-nonsense"], into: &malformed, using: HeaderDictionaryPropagation())
            #expect(malformed.applicationInsightsSpanContext == nil)

            #expect(exporter.bufferedCount == 0)
            #expect(await exporter.flush() == 0)
            #expect(fake.batches.isEmpty)
        }
    }
}
