@testable import DaiBaiTelemetry
import Foundation
import Testing

/// The JSON of each envelope type, exactly as the published schema shapes it
/// (``ApplicationInsightsEnvelopeFixtures`` names the sources).
@Suite("Application Insights envelopes")
struct ApplicationInsightsEnvelopeTests {
    static let time = Date(timeIntervalSince1970: 1_700_000_000.25)
    static let operation = "4bf92f3577b34da6a3ce929d0e0e4736"

    static func envelope(_ data: ApplicationInsightsTelemetryData, tags: [String: String] = [:]) -> ApplicationInsightsEnvelope {
        ApplicationInsightsEnvelope(time: time, tags: tags, data: data, instrumentationKey: AITest.key)
    }

    static func expectShape(_ envelope: ApplicationInsightsEnvelope, _ fixture: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let encoded = try JSONValue.of(envelope)
        let expected = try JSONValue.parse(fixture)
        #expect(encoded == expected, "\(encoded)\n≠\n\(expected)", sourceLocation: sourceLocation)
        #expect(ApplicationInsightsSchemaCheck.problems(in: encoded, instrumentationKey: AITest.key) == [], sourceLocation: sourceLocation)
        let decoded = try JSONDecoder().decode(ApplicationInsightsEnvelope.self, from: Data(fixture.utf8))
        #expect(decoded == envelope, sourceLocation: sourceLocation)
    }

    @Test("RequestData")
    func request() throws {
        let data = ApplicationInsightsRequestData(
            id: "b7ad6b7169203331", name: "GET /ask", duration: .milliseconds(1500), success: true, responseCode: "200",
            url: "https://daibai.example/ask", properties: ["tenant": "3f2a"]
        )
        let tags = [
            "ai.operation.id": Self.operation, "ai.operation.parentId": "00f067aa0ba902b7",
            "ai.operation.name": "GET /ask", "ai.cloud.role": "daibai-server",
        ]
        try Self.expectShape(Self.envelope(.request(data), tags: tags), ApplicationInsightsEnvelopeFixtures.request)
    }

    @Test("RemoteDependencyData")
    func remoteDependency() throws {
        let data = ApplicationInsightsRemoteDependencyData(
            id: "53995c3f42cd8ad8", name: "SELECT shop", duration: .milliseconds(42), success: false, type: "postgresql",
            resultCode: "57014", target: "db.example:5432", data: "SELECT 1"
        )
        let tags = ["ai.operation.id": Self.operation, "ai.operation.parentId": "b7ad6b7169203331"]
        try Self.expectShape(Self.envelope(.remoteDependency(data), tags: tags), ApplicationInsightsEnvelopeFixtures.remoteDependency)
    }

    @Test("MessageData")
    func message() throws {
        let data = ApplicationInsightsMessageData(message: "Agent answered", severityLevel: .information, properties: ["logger": "daibai.agent"])
        try Self.expectShape(Self.envelope(.message(data), tags: ["ai.operation.id": Self.operation]), ApplicationInsightsEnvelopeFixtures.message)
    }

    @Test("ExceptionData")
    func exception() throws {
        let data = ApplicationInsightsExceptionData(
            exceptions: [ApplicationInsightsExceptionDetails(typeName: "DaiBaiCore.AgentError", message: "no SQL produced")],
            severityLevel: .error
        )
        try Self.expectShape(Self.envelope(.exception(data)), ApplicationInsightsEnvelopeFixtures.exception)
    }

    @Test("EventData")
    func event() throws {
        let data = ApplicationInsightsEventData(name: "QuestionAsked", properties: ["dialect": "sqlite"], measurements: ["tokens": 42])
        try Self.expectShape(Self.envelope(.event(data)), ApplicationInsightsEnvelopeFixtures.event)
    }

    @Test("MetricData, aggregated and single")
    func metric() throws {
        let aggregate = ApplicationInsightsMetricDataPoint(
            name: "daibai_agent_request_duration", sum: 30, count: 3, min: 5, max: 15, standardDeviation: 4
        )
        try Self.expectShape(
            Self.envelope(.metric(ApplicationInsightsMetricData(metrics: [aggregate], properties: ["outcome": "ok"]))),
            ApplicationInsightsEnvelopeFixtures.metric
        )
        let single = ApplicationInsightsMetricDataPoint(name: "queue_depth", value: 7)
        try Self.expectShape(Self.envelope(.metric(ApplicationInsightsMetricData(metrics: [single]))), ApplicationInsightsEnvelopeFixtures.measurement)
    }

    @Test("The envelope's description shows neither the key nor the payload")
    func description() {
        let envelope = Self.envelope(.message(ApplicationInsightsMessageData(message: "secret-ish text", severityLevel: .warning)))
        #expect(!envelope.description.contains(AITest.key))
        #expect(!envelope.description.contains("secret-ish"))
        #expect(envelope.description.contains("Microsoft.ApplicationInsights.Message"))
    }

    @Test("Severity levels decode from names (any case) and from the numbers 0–4")
    func severityDecoding() throws {
        let names = try JSONDecoder().decode([ApplicationInsightsSeverityLevel].self, from: Data(#"["verbose","Critical",2]"#.utf8))
        #expect(names == [.verbose, .critical, .warning])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([ApplicationInsightsSeverityLevel].self, from: Data("[7]".utf8)) }
    }

    @Test("Durations are d.hh:mm:ss.fffffff and read back")
    func durations() {
        let long = Duration.seconds(86_400 + 2 * 3600 + 3 * 60 + 4) + .milliseconds(500)
        #expect(ApplicationInsightsTimeFormat.duration(long) == "1.02:03:04.5000000")
        #expect(ApplicationInsightsTimeFormat.duration(.nanoseconds(1_234_567_891)) == "0.00:00:01.2345678")
        #expect(ApplicationInsightsTimeFormat.duration(.zero - .seconds(1)) == "0.00:00:00.0000000")
        #expect(ApplicationInsightsTimeFormat.duration(from: "1.02:03:04.5000000") == long)
        #expect(ApplicationInsightsTimeFormat.duration(from: "00:00:00.042") == .milliseconds(42))
        #expect(ApplicationInsightsTimeFormat.duration(from: "0.25:00:00.0000000") == nil)
    }

    @Test("Times are UTC ISO 8601 with seven fractional digits and read back")
    func timestamps() {
        #expect(ApplicationInsightsTimeFormat.timestamp(Self.time) == "2023-11-14T22:13:20.2500000Z")
        #expect(ApplicationInsightsTimeFormat.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.0000000Z")
        #expect(ApplicationInsightsTimeFormat.date(fromTimestamp: "2023-11-14T22:13:20.25Z") == Self.time)
        #expect(ApplicationInsightsTimeFormat.date(fromTimestamp: "2023-11-14T22:13:20Z") == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(ApplicationInsightsTimeFormat.date(fromTimestamp: "2023-11-14 22:13:20") == nil)
    }

    @Test("A 206 body decodes into its refused items")
    func trackResponse() throws {
        let response = try JSONDecoder().decode(
            ApplicationInsightsTrackResponse.self, from: Data(ApplicationInsightsEnvelopeFixtures.partialSuccess.utf8)
        )
        #expect(response.itemsReceived == 3)
        #expect(response.itemsAccepted == 1)
        #expect(response.errors.map(\.index) == [1, 2])
        #expect(response.errors.map(\.statusCode) == [503, 400])
    }
}
