import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A stand-in for the Azure Functions host in front of a custom handler listening on
/// 127.0.0.1:`handlerPort`, driven by the repository's host.json and function.json files.
///
/// - HTTP: a request is matched against every httpTrigger's `methods` and `route` (under
///   `extensions.http.routePrefix`); with `enableForwardingHttpRequest` the host forwards it
///   unchanged — method, path, query, headers, body — and relays the handler's response.
/// - Timer: the host POSTs the invocation payload to `/<FunctionName>`, shaped like the request
///   payload example of https://learn.microsoft.com/azure/azure-functions/functions-custom-handlers#request-payload
///   with the timer's trigger value (`Schedule`, `ScheduleStatus`, `IsPastDue`) of
///   https://learn.microsoft.com/azure/azure-functions/functions-bindings-timer#usage.
///   It builds the payload with JSONSerialization, independently of DaiBaiFunctions.
struct StandInFunctionsHost: Sendable {
    struct Relayed: Sendable {
        /// The function whose route matched, `nil` when none did (then status is 404, not forwarded).
        var function: String?
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
    }

    struct Invoked: Sendable {
        var status: Int
        var body: [UInt8]
        /// The payload the host sent.
        var payload: [UInt8]
    }

    var layout: FunctionsAppLayout
    var handlerPort: Int
    var client: HTTPClient = .shared

    /// Headers the host's own HTTP client sets for the hop; everything else is forwarded as sent.
    static let hopHeaders: Set<String> = ["host", "content-length", "transfer-encoding", "connection"]

    /// A request as a client sends it to the function app (`target` is path and query).
    func send(method: HTTPMethod, target: String, headers: [(String, String)] = [], body: [UInt8] = []) async throws
        -> Relayed
    {
        guard layout.host.customHandler.enableForwardingHttpRequest == true else {
            throw FunctionsAppLayout.Failure(description: "host.json does not forward HTTP requests; this stand-in only forwards")
        }
        let path = String(target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
        let prefix = layout.host.routePrefix
        let prefixPath = prefix.isEmpty ? "" : "/" + prefix
        guard path.lowercased().hasPrefix(prefixPath.lowercased()) else {
            return Relayed(function: nil, status: 404, headers: [:], body: [])
        }
        let routePath = String(path.dropFirst(prefixPath.count))
        let matched = layout.functions.first { function in
            guard let trigger = function.httpTrigger, let route = trigger.route else { return false }
            let methods = (trigger.methods ?? []).map { $0.lowercased() }
            return methods.contains(method.rawValue.lowercased()) && RouteTemplate.matches(template: route, path: routePath)
        }
        guard let function = matched else { return Relayed(function: nil, status: 404, headers: [:], body: []) }

        var request = HTTPClientRequest(url: "http://127.0.0.1:\(handlerPort)\(target)")
        request.method = method
        for (name, value) in headers where !Self.hopHeaders.contains(name.lowercased()) {
            request.headers.add(name: name, value: value)
        }
        if !body.isEmpty || method == .POST || method == .PUT {
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await client.execute(request, timeout: .seconds(300))
        let buffer = try await response.body.collect(upTo: 16 << 20)
        return Relayed(
            function: function.name, status: Int(response.status.code), headers: response.headers,
            body: Array(buffer.readableBytesView))
    }

    /// Invokes the timer function `name` as the host does when its schedule fires.
    func fireTimer(_ name: String, utcNow: Date, randGuid: UUID = UUID(), isPastDue: Bool = false) async throws -> Invoked {
        guard let function = layout.function(named: name), let timer = function.timerTrigger else {
            throw FunctionsAppLayout.Failure(description: "Deploy/functions/\(name)/function.json has no timerTrigger")
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let timerValue: [String: Any] = [
            "Schedule": ["AdjustForDST": true],
            "ScheduleStatus": [
                "Last": formatter.string(from: utcNow.addingTimeInterval(-60)),
                "Next": formatter.string(from: utcNow.addingTimeInterval(60)),
                "LastUpdated": formatter.string(from: utcNow.addingTimeInterval(-60)),
            ],
            "IsPastDue": isPastDue,
        ]
        let payload: [String: Any] = [
            "Data": [timer.name: timerValue],
            "Metadata": [
                "sys": [
                    "MethodName": name,
                    "UtcNow": formatter.string(from: utcNow),
                    "RandGuid": randGuid.uuidString.lowercased(),
                ]
            ],
        ]
        let bytes = Array(try JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys]))
        return try await invoke(name, payload: bytes)
    }

    /// POSTs `payload` to `/<name>` as the host does for a non-HTTP trigger.
    func invoke(_ name: String, payload: [UInt8]) async throws -> Invoked {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(handlerPort)/\(name)")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: payload))
        let response = try await client.execute(request, timeout: .seconds(300))
        let buffer = try await response.body.collect(upTo: 16 << 20)
        return Invoked(status: Int(response.status.code), body: Array(buffer.readableBytesView), payload: payload)
    }
}
