import Foundation
import Tracing

/// Turns a finished span into envelopes (the mapping of OpenTelemetry spans that the Azure
/// Monitor exporters use, reduced to the attributes DaiBai writes).
///
/// - Server and consumer spans, and spans without a parent, become `RequestData`; client,
///   producer and internal spans become `RemoteDependencyData` (`type` from `db.system`, `HTTP`
///   for spans with an HTTP method, `InProc` for internal spans).
/// - Tags: `ai.operation.id` = trace id, `ai.operation.parentId` = parent span id.
/// - Every attribute becomes a property (text); recorded errors become `ExceptionData` items
///   whose parent is the span.
struct ApplicationInsightsSpanMapping {
    var name: String
    var kind: SpanKind
    var context: ApplicationInsightsSpanContext
    var start: UInt64
    var end: UInt64
    var attributes: SpanAttributes
    var status: SpanStatus?
    var errors: [(error: any Error, attributes: SpanAttributes, at: UInt64)]

    /// Whether the span is reported as a request.
    var isRequest: Bool {
        switch kind {
        case .server, .consumer: true
        default: context.parentSpanID == nil
        }
    }

    func envelopes() -> [ApplicationInsightsEnvelope] {
        let duration = Duration.nanoseconds(Int64(clamping: end >= start ? end - start : 0))
        let properties = Self.properties(of: attributes)
        var tags = [ApplicationInsightsContextTag.operationID: context.operationID]
        if let parent = context.parentSpanID { tags[ApplicationInsightsContextTag.operationParentID] = parent.description }

        let data: ApplicationInsightsTelemetryData
        let code = statusCode
        if isRequest {
            tags[ApplicationInsightsContextTag.operationName] = name
            let success = status?.code != .error && (code.map { $0 < 400 } ?? true)
            data = .request(ApplicationInsightsRequestData(
                id: context.spanID, name: name, duration: duration, success: success,
                responseCode: code.map(String.init) ?? "0", url: text("url.full", "http.url"), properties: properties
            ))
        } else {
            let success = status?.code != .error && (code.map { $0 < 400 } ?? true)
            data = .remoteDependency(ApplicationInsightsRemoteDependencyData(
                id: context.spanID, name: name, duration: duration, success: success, type: dependencyType,
                resultCode: code.map(String.init) ?? "0", target: target, data: text("url.full", "http.url", "db.query.text", "db.statement"),
                properties: properties
            ))
        }
        var envelopes = [ApplicationInsightsEnvelope(time: Self.date(start), tags: tags, data: data)]

        var errorTags = [ApplicationInsightsContextTag.operationID: context.operationID]
        errorTags[ApplicationInsightsContextTag.operationParentID] = context.spanID
        for recorded in errors {
            var errorProperties = Self.properties(of: recorded.attributes)
            errorProperties["span.name"] = name
            envelopes.append(ApplicationInsightsEnvelope(
                time: Self.date(recorded.at), tags: errorTags,
                data: .exception(ApplicationInsightsExceptionData(
                    exceptions: [ApplicationInsightsExceptionDetails(error: recorded.error)], severityLevel: .error,
                    properties: errorProperties
                ))
            ))
        }
        return envelopes
    }

    private var statusCode: Int? {
        for key in ["http.response.status_code", "http.status_code"] {
            switch attributes.get(key) {
            case .int64(let value)?: return Int(value)
            case .int32(let value)?: return Int(value)
            case .string(let value)?: if let number = Int(value) { return number }
            default: continue
            }
        }
        return nil
    }

    private var dependencyType: String {
        if let system = text("db.system.name", "db.system") { return system }
        if text("http.request.method", "http.method") != nil { return "HTTP" }
        if let system = text("messaging.system") { return system }
        return kind == .internal ? "InProc" : "Dependency"
    }

    private var target: String? {
        guard let host = text("server.address", "net.peer.name") else { return text("db.namespace", "db.name") }
        switch attributes.get("server.port") ?? attributes.get("net.peer.port") {
        case .int64(let port)?: return "\(host):\(port)"
        case .int32(let port)?: return "\(host):\(port)"
        default: return host
        }
    }

    /// The first of `keys` that is set, as text.
    private func text(_ keys: String...) -> String? {
        for key in keys {
            if let value = attributes.get(key).map(Self.text(of:)), !value.isEmpty { return value }
        }
        return nil
    }

    static func properties(of attributes: SpanAttributes) -> [String: String] {
        var properties: [String: String] = [:]
        attributes.forEach { key, value in properties[key] = text(of: value) }
        return properties
    }

    static func text(of attribute: SpanAttribute) -> String {
        switch attribute {
        case .string(let value): value
        case .int32(let value): String(value)
        case .int64(let value): String(value)
        case .double(let value): String(value)
        case .bool(let value): String(value)
        case .stringArray(let values): values.joined(separator: ",")
        case .int32Array(let values): values.map(String.init).joined(separator: ",")
        case .int64Array(let values): values.map(String.init).joined(separator: ",")
        case .doubleArray(let values): values.map { String($0) }.joined(separator: ",")
        case .boolArray(let values): values.map(String.init).joined(separator: ",")
        case .stringConvertible(let value): value.description
        case .stringConvertibleArray(let values): values.map(\.description).joined(separator: ",")
        default: ""
        }
    }

    static func date(_ nanosecondsSinceEpoch: UInt64) -> Date {
        Date(timeIntervalSince1970: TimeInterval(nanosecondsSinceEpoch / 1_000_000_000)
            + TimeInterval(nanosecondsSinceEpoch % 1_000_000_000) / 1e9)
    }
}
