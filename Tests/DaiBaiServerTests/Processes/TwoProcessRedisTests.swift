import AsyncHTTPClient
import DaiBaiTestSupport
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// Two server processes sharing one Redis: a conversation started on one continues on the
/// other. Runs when `DAIBAI_TEST_REDIS_URL` is set; fails without it when `DAIBAI_TEST_REQUIRE_REDIS=1`.
@Suite("Two server processes over one Redis")
struct TwoProcessRedisTests {
    static let environment = ProcessInfo.processInfo.environment
    static let redisURL = environment["DAIBAI_TEST_REDIS_URL"]

    @Test func redisIsAvailableWhenRequired() {
        if Self.environment["DAIBAI_TEST_REQUIRE_REDIS"] == "1" {
            #expect(Self.redisURL != nil, "DAIBAI_TEST_REQUIRE_REDIS=1 but DAIBAI_TEST_REDIS_URL is not set")
        }
    }

    @Test(.enabled(if: redisURL != nil)) func conversationContinuesOnTheOtherInstanceAndBothExitGracefully() async throws {
        let prefix = "srvtest\(UInt32.random(in: 0...UInt32.max))"
        func start(_ label: String) async throws -> ServerProcess {
            let directory = TestComponents.newDirectory()
            var environment = ["PATH": Self.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory,
                               "CHAT_BACKEND": "redis", "REDIS_URL": Self.redisURL ?? "", "REDIS_NAMESPACE": prefix,
                               "SERVER_VERIFIED_CACHE": "redis", "STORAGE_DIRECTORY": directory]
            if let password = Self.environment["DAIBAI_TEST_REDIS_PASSWORD"] { environment["REDIS_PASSWORD"] = password }
            return try await ServerProcess(arguments: ["serve", "--port", "0", "--development-auth"], environment: environment, outputPath: directory + "/\(label).out")
        }
        let a = try await start("a")
        let b = try await start("b")
        let portA = try await a.port()
        let portB = try await b.port()
        #expect(portA != portB)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        func post(_ port: Int, _ path: String, _ body: String?, method: HTTPMethod = .POST) async throws -> [String: Any] {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
            request.method = method
            request.headers.add(name: "Authorization", value: "Bearer dev:acme:ana")
            if let body { request.body = .bytes(ByteBuffer(string: body)) }
            let response = try await client.execute(request, timeout: .seconds(300))
            let data = Data(buffer: try await response.body.collect(upTo: 1 << 22))
            #expect(response.status.code == 200, "\(String(decoding: data, as: UTF8.self))")
            return (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
        }
        do {
            let first = try await post(portA, "/v1/ask", #"{"question":"What are the 10 best-selling tracks?"}"#)
            let id = try #require(first["conversationId"] as? String)
            let second = try await post(portB, "/v1/ask", #"{"question":"How many tracks are there in each genre?","conversationId":"\#(id)"}"#)
            #expect(second["conversationId"] as? String == id)
            let read = try await post(portB, "/v1/conversations/\(id)", nil, method: .GET)
            let messages = (read["messages"] as? [[String: Any]]) ?? []
            #expect(messages.count == 4)
            #expect(messages.first?["content"] as? String == "What are the 10 best-selling tracks?")
        } catch {
            Issue.record(error)
        }
        try await client.shutdown()
        #expect(await a.terminate() == 0)
        #expect(await b.terminate() == 0)
    }
}
