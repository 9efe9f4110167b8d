import DaiBaiFunctions
import Foundation
import NIOHTTP1
import Testing

/// Requests through the stand-in Functions host to a custom handler with the table's routes, over
/// loopback: each function.json route template and method reaches the app route of the same
/// function, and method, path, query, headers and body arrive unchanged.
@Suite("HTTP forwarding through the stand-in host", .timeLimit(.minutes(10)))
struct ForwardingTests {
    @Test("every table route and method is forwarded unchanged to the same app route")
    func everyRoute() async throws {
        let layout = try FunctionsAppLayout.load()
        try await EchoHandlerApp.withRunning(triggers: []) { port in
            let host = StandInFunctionsHost(layout: layout, handlerPort: port)
            for pair in ServerRoute.pairs {
                let probe = UUID().uuidString
                let path = pair.route.concretePath("p-\(probe.prefix(8).lowercased())")
                let target = path + "?limit=5&q=a%20b&probe=\(probe)"
                let body: [UInt8] = pair.method == "GET" || pair.method == "DELETE" ? [] : Array("{\"probe\":\"\(probe)\"}\n\u{0}\u{ff}".utf8)
                let relayed = try await host.send(
                    method: HTTPMethod(rawValue: pair.method), target: target,
                    headers: [("Authorization", "Bearer test-\(probe)"), ("X-Probe", probe), ("X-Probe", "second")],
                    body: body)
                #expect(relayed.function == pair.route.function, "\(pair.testDescription)")
                #expect(relayed.status == 200, "\(pair.testDescription)")
                #expect(relayed.headers["X-Echo-Route"] == [pair.route.function], "\(pair.testDescription)")
                let echo = try #require(try JSONSerialization.jsonObject(with: Data(relayed.body)) as? [String: Any])
                #expect(echo["route"] as? String == pair.route.function)
                #expect(echo["method"] as? String == pair.method)
                #expect(echo["path"] as? String == path)
                #expect(echo["query"] as? String == "limit=5&q=a%20b&probe=\(probe)")
                let headers = echo["headers"] as? [String: [String]] ?? [:]
                #expect(headers["authorization"] == ["Bearer test-\(probe)"])
                #expect(headers["x-probe"] == [probe, "second"])
                #expect((echo["body"] as? String).flatMap { Data(base64Encoded: $0) } == Data(body), "\(pair.testDescription)")
            }
        }
    }

    @Test("a path or method no function.json declares is not forwarded")
    func unknownRoutes() async throws {
        let layout = try FunctionsAppLayout.load()
        try await EchoHandlerApp.withRunning(triggers: []) { port in
            let host = StandInFunctionsHost(layout: layout, handlerPort: port)
            for (method, target) in [(HTTPMethod.GET, "/v1/ask"), (.POST, "/healthz"), (.GET, "/v1/nothing"),
                                     (.GET, "/v1/conversations/a/b"), (.PUT, "/v1/keys"), (.GET, "/api/healthz")] {
                let relayed = try await host.send(method: method, target: target)
                #expect(relayed.function == nil, "\(method) \(target)")
                #expect(relayed.status == 404, "\(method) \(target)")
            }
            // The same handler answers the declared routes (the refusals above are the host's).
            let healthz = try await host.send(method: .GET, target: "/healthz")
            #expect(healthz.function == "healthz" && healthz.status == 200)
        }
    }
}
