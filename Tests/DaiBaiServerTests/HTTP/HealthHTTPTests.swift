import DaiBaiServer
import Foundation
import Testing

@Suite("/healthz and /readyz")
struct HealthHTTPTests {
    struct Broken: Error, CustomStringConvertible { var description: String { "password=topsecret" } }

    @Test func readyIs200WhenEveryCheckPassesAnd503WhenOneFails() async throws {
        let good = try await TestComponents().make(readiness: [ReadinessCheck(name: "chat-store") {}])
        try await TestServer.with(good) { server in
            #expect(try await server.send(.GET, "/healthz", token: nil).status == 200)
            let ready = try await server.send(.GET, "/readyz", token: nil)
            #expect(ready.status == 200, "\(ready.text)")
        }
        let bad = try await TestComponents().make(readiness: [ReadinessCheck(name: "chat-store") {}, ReadinessCheck(name: "redis") { throw Broken() }])
        try await TestServer.with(bad) { server in
            #expect(try await server.send(.GET, "/healthz", token: nil).status == 200)
            let ready = try await server.send(.GET, "/readyz", token: nil)
            #expect(ready.status == 503)
            #expect(ready.text.contains("redis"))
            #expect(!ready.text.contains("topsecret"))
        }
    }
}
