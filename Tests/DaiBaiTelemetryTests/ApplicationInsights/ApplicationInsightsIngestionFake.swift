import CompressNIO
import DaiBaiCore
import DaiBaiTelemetry
import DaiBaiTestSupport
import Foundation
import NIOCore
import Synchronization

/// A loopback stand-in for the Application Insights ingestion endpoint (`POST /v2.1/track`).
///
/// Each request's body is gunzipped (when `Content-Encoding: gzip`), parsed as a JSON array and
/// every item is checked against the published envelope schema (``ApplicationInsightsSchemaCheck``).
/// Problems are collected, never thrown, so a test asserts ``problems`` is empty. The answer is
/// chosen by ``respond`` (200 with the track response by default).
final class ApplicationInsightsIngestionFake: Sendable {
    /// One request as received.
    struct Batch: Sendable {
        var headers: [String: String]
        var status: Int
        var items: [JSONValue]
        var envelopes: [ApplicationInsightsEnvelope]
    }

    /// What to answer to the `n`-th request (from 0) with `count` items.
    typealias Responder = @Sendable (_ n: Int, _ count: Int) -> (status: Int, body: String)

    private struct State {
        var batches: [Batch] = []
        var problems: [String] = []
        var responder: Responder = { _, count in (200, ApplicationInsightsIngestionFake.accepted(count)) }
    }

    private let state = Mutex(State())
    let instrumentationKey: String

    init(instrumentationKey: String) {
        self.instrumentationKey = instrumentationKey
    }

    /// Replaces the answer.
    func respond(_ responder: @escaping Responder) {
        state.withLock { $0.responder = responder }
    }

    /// Every request so far.
    var batches: [Batch] { state.withLock { $0.batches } }
    /// Every schema problem found so far.
    var problems: [String] { state.withLock { $0.problems } }
    /// The items of every request answered 200, in order.
    var delivered: [ApplicationInsightsEnvelope] {
        batches.filter { $0.status == 200 }.flatMap(\.envelopes)
    }

    /// The message text of each delivered `MessageData` item.
    var deliveredMessages: [String] {
        delivered.compactMap { envelope in
            if case .message(let data) = envelope.data { return data.message }
            return nil
        }
    }

    /// The body of a 200: everything accepted.
    static func accepted(_ count: Int) -> String {
        #"{"itemsReceived":\#(count),"itemsAccepted":\#(count),"errors":[]}"#
    }

    var route: LoopbackHTTPServer.Route {
        .init("POST /v2.1/track") { [self] request in handle(request) }
    }

    private func handle(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
        var problems: [String] = []
        if request.header("content-type") != "application/json" { problems.append("Content-Type is \(request.header("content-type") ?? "missing")") }
        var body = request.body
        if request.header("content-encoding") == "gzip" {
            var buffer = ByteBuffer(bytes: body)
            if var inflated = try? buffer.decompress(with: .gzip()), let bytes = inflated.readBytes(length: inflated.readableBytes) {
                body = bytes
            } else {
                problems.append("the body is not valid gzip")
            }
        } else {
            problems.append("the body is not gzip-compressed")
        }

        var items: [JSONValue] = []
        var envelopes: [ApplicationInsightsEnvelope] = []
        if case .array(let array)? = try? JSONDecoder().decode(JSONValue.self, from: Data(body)) {
            items = array
            for (index, item) in array.enumerated() {
                problems += ApplicationInsightsSchemaCheck.problems(in: item, instrumentationKey: instrumentationKey)
                    .map { "item \(index): \($0)" }
            }
            if let decoded = try? JSONDecoder().decode([ApplicationInsightsEnvelope].self, from: Data(body)) {
                envelopes = decoded
            } else {
                problems.append("the items do not decode as envelopes")
            }
        } else {
            problems.append("the body is not a JSON array")
        }

        let answer = state.withLock { state in
            let answer = state.responder(state.batches.count, items.count)
            state.batches.append(Batch(headers: request.headers, status: answer.status, items: items, envelopes: envelopes))
            state.problems += problems
            return answer
        }
        return .text(answer.status, answer.body, headers: ["Content-Type": "application/json"])
    }
}

/// Checks one envelope against the Application Insights schema: the envelope fields, the tags,
/// and each `baseData` type's required fields and their JSON types.
///
/// Source: "Application Insights telemetry data model" (learn.microsoft.com/azure/azure-monitor/app/data-model-complete)
/// and the v2.1 track schema as published in the Azure Monitor exporter for Python
/// (`azure-monitor-opentelemetry-exporter` 1.0.0b58, `_generated/exporter/models/_models.py`:
/// `TelemetryItem`, `MonitorBase`, `RequestData`, `RemoteDependencyData`, `MessageData`,
/// `TelemetryExceptionData`, `TelemetryEventData`, `MetricsData`, `MetricDataPoint`).
enum ApplicationInsightsSchemaCheck {
    static let names: [String: String] = [
        "RequestData": "Microsoft.ApplicationInsights.Request",
        "RemoteDependencyData": "Microsoft.ApplicationInsights.RemoteDependency",
        "ExceptionData": "Microsoft.ApplicationInsights.Exception",
        "MessageData": "Microsoft.ApplicationInsights.Message",
        "EventData": "Microsoft.ApplicationInsights.Event",
        "MetricData": "Microsoft.ApplicationInsights.Metric",
    ]

    static func problems(in item: JSONValue, instrumentationKey: String) -> [String] {
        var problems: [String] = []
        guard case .object(let envelope) = item else { return ["not an object"] }
        let baseType = envelope["data"]?["baseType"]?.string
        if envelope["name"]?.string == nil || envelope["name"]?.string != baseType.flatMap({ names[$0] }) {
            problems.append("name \(envelope["name"]?.string ?? "missing") does not match baseType \(baseType ?? "missing")")
        }
        if let time = envelope["time"]?.string {
            if time.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{1,7}Z$"#, options: .regularExpression) == nil {
                problems.append("time \(time) is not ISO 8601 UTC with fractional seconds")
            }
        } else {
            problems.append("time is missing")
        }
        if envelope["iKey"]?.string != instrumentationKey { problems.append("iKey is not the resource's key") }
        if let tags = envelope["tags"] {
            guard case .object(let entries) = tags, entries.values.allSatisfy({ $0.string != nil }) else {
                return problems + ["tags are not a string map"]
            }
            if let id = entries["ai.operation.id"]?.string, id.count != 32 { problems.append("ai.operation.id \(id) is not a trace id") }
            if let id = entries["ai.operation.parentId"]?.string, id.count != 16 { problems.append("ai.operation.parentId \(id) is not a span id") }
        }
        guard case .object(let base)? = envelope["data"]?["baseData"] else { return problems + ["data.baseData is missing"] }
        if base["ver"]?.number != 2 { problems.append("baseData.ver is not 2") }
        func require(_ key: String, _ kind: JSONValue.Kind) {
            if base[key]?.kind != kind { problems.append("baseData.\(key) is not a \(kind)") }
        }
        func optional(_ key: String, _ kind: JSONValue.Kind) {
            if let value = base[key], value.kind != kind { problems.append("baseData.\(key) is not a \(kind)") }
        }
        func duration(_ key: String) {
            guard let text = base[key]?.string,
                  text.range(of: #"^\d+\.\d{2}:\d{2}:\d{2}\.\d{7}$"#, options: .regularExpression) != nil
            else { return problems.append("baseData.\(key) is not d.hh:mm:ss.fffffff") }
        }
        optional("properties", .object)
        if case .object(let properties)? = base["properties"], !properties.values.allSatisfy({ $0.string != nil }) {
            problems.append("baseData.properties has non-string values")
        }
        optional("measurements", .object)
        switch baseType {
        case "RequestData":
            require("id", .string); require("name", .string); duration("duration"); require("success", .bool)
            require("responseCode", .string); optional("url", .string)
        case "RemoteDependencyData":
            require("id", .string); require("name", .string); duration("duration"); require("success", .bool)
            require("type", .string); require("resultCode", .string); optional("target", .string); optional("data", .string)
        case "MessageData":
            require("message", .string); severity(base["severityLevel"], &problems)
        case "ExceptionData":
            severity(base["severityLevel"], &problems)
            guard case .array(let exceptions)? = base["exceptions"], !exceptions.isEmpty else { return problems + ["baseData.exceptions is empty"] }
            for exception in exceptions {
                if exception["typeName"]?.kind != .string || exception["message"]?.kind != .string || exception["hasFullStack"]?.kind != .bool {
                    problems.append("an exception lacks typeName, message or hasFullStack")
                }
            }
        case "EventData":
            require("name", .string)
        case "MetricData":
            guard case .array(let metrics)? = base["metrics"], !metrics.isEmpty else { return problems + ["baseData.metrics is empty"] }
            for metric in metrics {
                if metric["name"]?.kind != .string || metric["value"]?.kind != .number { problems.append("a metric lacks name or value") }
                if let kind = metric["kind"]?.string, kind != "Aggregation" && kind != "Measurement" { problems.append("metric kind \(kind)") }
            }
        default:
            problems.append("unknown baseType \(baseType ?? "missing")")
        }
        return problems
    }

    private static func severity(_ value: JSONValue?, _ problems: inout [String]) {
        let levels = ["Verbose", "Information", "Warning", "Error", "Critical"]
        guard let level = value?.string, levels.contains(level) else {
            return problems.append("severityLevel \(String(describing: value)) is not a level name")
        }
    }
}

/// A JSON document as plain values, so two documents compare exactly (a `true` is not a `1`).
enum JSONValue: Sendable, Equatable, Decodable, CustomStringConvertible {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    enum Kind: Sendable, Equatable { case null, bool, number, string, array, object }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    /// Parses `text`.
    static func parse(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// Encodes `value` as the exporter does and parses it back.
    static func of(_ value: some Encodable) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }

    var kind: Kind {
        switch self {
        case .null: .null
        case .bool: .bool
        case .number: .number
        case .string: .string
        case .array: .array
        case .object: .object
        }
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let entries) = self { return entries[key] }
        return nil
    }

    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .number(let value): "\(value)"
        case .string(let value): "\"\(value)\""
        case .array(let values): "[" + values.map(\.description).joined(separator: ",") + "]"
        case .object(let entries): "{" + entries.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
        }
    }
}
