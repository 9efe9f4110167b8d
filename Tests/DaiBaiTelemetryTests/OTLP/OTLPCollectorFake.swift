import DaiBaiTelemetry
import DaiBaiTestSupport
import Foundation

/// What an OTLP/HTTP collector received, decoded — from binary protobuf (with
/// ``ProtobufMessage``) or from the protobuf JSON mapping, whichever the request's
/// `Content-Type` says.
///
/// It answers `POST /v1/traces`, `/v1/metrics` and `/v1/logs` with `200` and an empty export
/// response in the request's encoding (or with `status`, to test refusals).
struct OTLPCollectorFake: Sendable {
    let server: LoopbackHTTPServer

    static func routes(status: Int = 200) -> [LoopbackHTTPServer.Route] {
        DaiBaiOTLPSignal.allCases.map { signal in
            .init("POST /\(signal.relativePath)") { request in
                guard status == 200 else { return .text(status, "refused by the test collector") }
                if request.header("content-type") == "application/json" {
                    return .text(200, "{}", headers: ["Content-Type": "application/json"])
                }
                return .bytes(200, headers: ["Content-Type": "application/x-protobuf"], [])
            }
        }
    }

    /// The requests posted for `signal`, oldest first.
    func requests(_ signal: DaiBaiOTLPSignal) -> [LoopbackHTTPServer.Request] {
        server.requests.filter { $0.path == "/\(signal.relativePath)" }
    }

    /// Every span of every traces request.
    func spans() throws -> [ExportedSpan] {
        try requests(.traces).flatMap { request in
            try isJSON(request)
                ? JSONDecoder().decode(JSONTraces.self, from: Data(request.body)).spans
                : ProtobufExport.spans(request.body)
        }
    }

    /// Every data point of every metrics request.
    func metricPoints() throws -> [ExportedMetricPoint] {
        try requests(.metrics).flatMap { request in
            try isJSON(request)
                ? JSONDecoder().decode(JSONMetrics.self, from: Data(request.body)).points
                : ProtobufExport.metricPoints(request.body)
        }
    }

    /// Every record of every logs request.
    func logRecords() throws -> [ExportedLogRecord] {
        try requests(.logs).flatMap { request in
            try isJSON(request)
                ? JSONDecoder().decode(JSONLogs.self, from: Data(request.body)).records
                : ProtobufExport.logRecords(request.body)
        }
    }

    private func isJSON(_ request: LoopbackHTTPServer.Request) -> Bool {
        request.header("content-type") == "application/json"
    }
}

/// A span as exported; ids in lower-case hex.
struct ExportedSpan: Sendable, Equatable {
    var name: String
    var traceID: String
    var spanID: String
    var parentSpanID: String
    var resource: [String: String]
}

/// One integer sum data point as exported.
struct ExportedMetricPoint: Sendable, Equatable {
    var name: String
    var value: Int64?
    var attributes: [String: String]
    var resource: [String: String]
}

/// A log record as exported; ids in lower-case hex (empty outside a span).
struct ExportedLogRecord: Sendable, Equatable {
    var body: String
    var severityText: String
    var traceID: String
    var spanID: String
    var attributes: [String: String]
    var resource: [String: String]
}

/// Runs `body` with a collector on loopback that answers `status`.
func withOTLPCollector<T>(status: Int = 200, _ body: (OTLPCollectorFake) async throws -> T) async throws -> T {
    try await withLoopbackServer(OTLPCollectorFake.routes(status: status)) { server in
        try await body(OTLPCollectorFake(server: server))
    }
}

func hex(_ bytes: [UInt8]) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
}

// MARK: - Binary protobuf

/// Field numbers from opentelemetry-proto (collector/*/v1, trace/v1, metrics/v1, logs/v1,
/// common/v1, resource/v1).
private enum ProtobufExport {
    static func spans(_ body: [UInt8]) throws -> [ExportedSpan] {
        var spans: [ExportedSpan] = []
        for resourceSpans in try ProtobufMessage(body).messages(1) {
            let resource = try attributes(of: resourceSpans.messages(1).first)
            for scopeSpans in try resourceSpans.messages(2) {
                for span in try scopeSpans.messages(2) {
                    spans.append(ExportedSpan(
                        name: span.string(5) ?? "", traceID: hex(span.bytes(1) ?? []),
                        spanID: hex(span.bytes(2) ?? []), parentSpanID: hex(span.bytes(4) ?? []),
                        resource: resource))
                }
            }
        }
        return spans
    }

    static func metricPoints(_ body: [UInt8]) throws -> [ExportedMetricPoint] {
        var points: [ExportedMetricPoint] = []
        for resourceMetrics in try ProtobufMessage(body).messages(1) {
            let resource = try attributes(of: resourceMetrics.messages(1).first)
            for scopeMetrics in try resourceMetrics.messages(2) {
                for metric in try scopeMetrics.messages(2) {
                    let name = metric.string(1) ?? ""
                    for sum in try metric.messages(7) {
                        for point in try sum.messages(1) {
                            points.append(ExportedMetricPoint(
                                name: name, value: point.fixed64(6).map { Int64(bitPattern: $0) },
                                attributes: try keyValues(point.messages(7)), resource: resource))
                        }
                    }
                }
            }
        }
        return points
    }

    static func logRecords(_ body: [UInt8]) throws -> [ExportedLogRecord] {
        var records: [ExportedLogRecord] = []
        for resourceLogs in try ProtobufMessage(body).messages(1) {
            let resource = try attributes(of: resourceLogs.messages(1).first)
            for scopeLogs in try resourceLogs.messages(2) {
                for record in try scopeLogs.messages(2) {
                    records.append(ExportedLogRecord(
                        body: try record.messages(5).first?.string(1) ?? "",
                        severityText: record.string(3) ?? "",
                        traceID: hex(record.bytes(9) ?? []), spanID: hex(record.bytes(10) ?? []),
                        attributes: try keyValues(record.messages(6)), resource: resource))
                }
            }
        }
        return records
    }

    private static func attributes(of resource: ProtobufMessage?) throws -> [String: String] {
        guard let resource else { return [:] }
        return try keyValues(resource.messages(1))
    }

    /// `KeyValue { 1: key, 2: AnyValue { 1: string_value } }`, string values only.
    private static func keyValues(_ pairs: [ProtobufMessage]) throws -> [String: String] {
        var result: [String: String] = [:]
        for pair in pairs {
            guard let key = pair.string(1), let value = try pair.messages(2).first?.string(1) else { continue }
            result[key] = value
        }
        return result
    }
}

// MARK: - Protobuf JSON mapping

private struct JSONKeyValue: Decodable {
    struct Value: Decodable { var stringValue: String? }
    var key: String
    var value: Value?
}

private func dictionary(_ pairs: [JSONKeyValue]?) -> [String: String] {
    var result: [String: String] = [:]
    for pair in pairs ?? [] { if let value = pair.value?.stringValue { result[pair.key] = value } }
    return result
}

private struct JSONResource: Decodable { var attributes: [JSONKeyValue]? }

/// An id as the exporter wrote it: hex per the OTLP specification, or base64 (the plain
/// protobuf JSON mapping of `bytes`), returned as lower-case hex.
private func hexID(_ text: String?) -> String {
    guard let text, !text.isEmpty else { return "" }
    if text.count % 2 == 0, text.allSatisfy(\.isHexDigit) { return text.lowercased() }
    return Data(base64Encoded: text).map { hex(Array($0)) } ?? "undecodable:\(text)"
}

/// An int64 in the JSON mapping: a string, or a number.
private struct JSONInt64: Decodable {
    var value: Int64?
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) { value = Int64(text) } else { value = try container.decode(Int64.self) }
    }
}

private struct JSONTraces: Decodable {
    struct ResourceSpans: Decodable { var resource: JSONResource?; var scopeSpans: [ScopeSpans]? }
    struct ScopeSpans: Decodable { var spans: [Span]? }
    struct Span: Decodable { var name: String?; var traceId: String?; var spanId: String?; var parentSpanId: String? }
    var resourceSpans: [ResourceSpans]?

    var spans: [ExportedSpan] {
        (resourceSpans ?? []).flatMap { resourceSpans in
            (resourceSpans.scopeSpans ?? []).flatMap { $0.spans ?? [] }.map { span in
                ExportedSpan(
                    name: span.name ?? "", traceID: hexID(span.traceId), spanID: hexID(span.spanId),
                    parentSpanID: hexID(span.parentSpanId), resource: dictionary(resourceSpans.resource?.attributes))
            }
        }
    }
}

private struct JSONMetrics: Decodable {
    struct ResourceMetrics: Decodable { var resource: JSONResource?; var scopeMetrics: [ScopeMetrics]? }
    struct ScopeMetrics: Decodable { var metrics: [Metric]? }
    struct Metric: Decodable { var name: String?; var sum: Sum? }
    struct Sum: Decodable { var dataPoints: [Point]? }
    struct Point: Decodable { var asInt: JSONInt64?; var attributes: [JSONKeyValue]? }
    var resourceMetrics: [ResourceMetrics]?

    var points: [ExportedMetricPoint] {
        (resourceMetrics ?? []).flatMap { resourceMetrics in
            (resourceMetrics.scopeMetrics ?? []).flatMap { $0.metrics ?? [] }.flatMap { metric in
                (metric.sum?.dataPoints ?? []).map { point in
                    ExportedMetricPoint(
                        name: metric.name ?? "", value: point.asInt?.value, attributes: dictionary(point.attributes),
                        resource: dictionary(resourceMetrics.resource?.attributes))
                }
            }
        }
    }
}

private struct JSONLogs: Decodable {
    struct ResourceLogs: Decodable { var resource: JSONResource?; var scopeLogs: [ScopeLogs]? }
    struct ScopeLogs: Decodable { var logRecords: [Record]? }
    struct Record: Decodable {
        var body: JSONKeyValue.Value?
        var severityText: String?
        var traceId: String?
        var spanId: String?
        var attributes: [JSONKeyValue]?
    }
    var resourceLogs: [ResourceLogs]?

    var records: [ExportedLogRecord] {
        (resourceLogs ?? []).flatMap { resourceLogs in
            (resourceLogs.scopeLogs ?? []).flatMap { $0.logRecords ?? [] }.map { record in
                ExportedLogRecord(
                    body: record.body?.stringValue ?? "", severityText: record.severityText ?? "",
                    traceID: hexID(record.traceId), spanID: hexID(record.spanId),
                    attributes: dictionary(record.attributes), resource: dictionary(resourceLogs.resource?.attributes))
            }
        }
    }
}
