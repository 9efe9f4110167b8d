import DaiBaiServer
import Foundation
import NIOCore
import Testing
import AsyncHTTPClient

@Suite("Middleware over HTTP")
struct MiddlewareHTTPTests {
    @Test func missingOrBadTokenIs401WithWWWAuthenticate() async throws {
        let components = try await TestComponents().make()
        try await TestServer.with(components) { server in
            for token in [nil, "not-a-dev-token"] as [String?] {
                let reply = try await server.send(.GET, "/v1/conversations", token: token)
                #expect(reply.status == 401)
                #expect(reply.headers.first(name: "www-authenticate")?.contains("invalid_token") == true)
                #expect((reply.json["error"] as? [String: Any])?["message"] is String)
            }
        }
    }

    @Test func requestIDIsEchoedWhenWellFormedAndGeneratedOtherwise() async throws {
        let components = try await TestComponents().make()
        try await TestServer.with(components) { server in
            let echoed = try await server.send(.GET, "/healthz", headers: [("x-request-id", "abc.DEF_123-x")])
            #expect(echoed.headers.first(name: "x-request-id") == "abc.DEF_123-x")
            let replaced = try await server.send(.GET, "/healthz", headers: [("x-request-id", "bad id!")])
            let generated = try #require(replaced.headers.first(name: "x-request-id"))
            #expect(generated != "bad id!")
            #expect(!generated.isEmpty)
        }
    }

    @Test func rateLimitIs429WithRetryAfterPerTenant() async throws {
        let components = try await TestComponents().make(rateLimiter: InMemoryRateLimiter(limit: 3, window: .seconds(60)))
        try await TestServer.with(components) { server in
            for _ in 0..<3 { #expect(try await server.send(.GET, "/v1/conversations").status == 200) }
            let limited = try await server.send(.GET, "/v1/conversations")
            #expect(limited.status == 429)
            #expect(Int(limited.headers.first(name: "retry-after") ?? "") ?? 0 >= 1)
            #expect(try await server.send(.GET, "/v1/conversations", token: "dev:other:zed").status == 200)
        }
    }

    @Test func oversizedBodyIs413WithContentLengthAndChunked() async throws {
        let components = try await TestComponents().make()
        try await TestServer.with(components, settings: ServerSettings(port: 0, maxBodyBytes: 1024, auth: .development)) { server in
            let big = #"{"question":""# + String(repeating: "x", count: 4096) + #""}"#
            let sized = try await server.send(.POST, "/v1/ask", json: big)
            #expect(sized.status == 413, "\(sized.text)")

            var request = HTTPClientRequest(url: "http://127.0.0.1:\(server.port)/v1/ask")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer dev:acme:ana")
            let chunks = [ByteBuffer(string: String(big.prefix(2000))), ByteBuffer(string: String(big.dropFirst(2000)))]
            request.body = .stream(chunks.async, length: .unknown)
            let response = try await server.client.execute(request, timeout: .seconds(300))
            #expect(response.status.code == 413)
        }
    }
}

extension Array where Element: Sendable {
    /// The elements as an async sequence (for streamed request bodies).
    var async: AsyncStream<Element> {
        AsyncStream { continuation in
            for element in self { continuation.yield(element) }
            continuation.finish()
        }
    }
}

@Suite("traceparent over HTTP")
struct TraceparentHTTPTests {
    @Test func theServerSpanContinuesTheCallersTrace() async throws {
        let tracer = RecordingTracer()
        var components = try await TestComponents().make()
        components.tracer = tracer
        let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        try await TestServer.with(components) { server in
            let reply = try await server.send(.GET, "/v1/conversations", headers: [("traceparent", traceparent)])
            #expect(reply.status == 200)
            _ = try await server.send(.GET, "/healthz", token: nil)
        }
        let spans = tracer.spans
        let first = try #require(spans.first { $0.name.contains("/v1/conversations") })
        #expect(first.kind == .server)
        #expect(first.parentTraceparent == traceparent)
        #expect(spans.contains { $0.name.contains("/healthz") && $0.parentTraceparent == nil })
    }
}
