import DaiBaiServer
import Foundation
import Testing

@Suite("Tenant isolation through the API")
struct IsolationHTTPTests {
    @Test func anotherTenantCannotReadOrDeleteAConversationOrDatabase() async throws {
        let components = try await TestComponents().make()
        try await TestServer.with(components) { server in
            let asked = try await server.send(.POST, "/v1/ask", token: "dev:acme:ana", json: #"{"question":"What are the 10 best-selling tracks?"}"#)
            let id = try #require(asked.json["conversationId"] as? String)
            let own = try await server.send(.GET, "/v1/conversations/\(id)", token: "dev:acme:ana")
            #expect(own.status == 200)
            #expect((own.json["messages"] as? [Any])?.count == 2, "\(own.text)")
            let listed = try await server.send(.GET, "/v1/conversations?limit=5", token: "dev:acme:ana")
            #expect(listed.text.contains(id))

            let missing = try await server.send(.GET, "/v1/conversations/no-such-id", token: "dev:globex:bob")
            let foreign = try await server.send(.GET, "/v1/conversations/\(id)", token: "dev:globex:bob")
            #expect(foreign.status == 404)
            #expect(foreign.status == missing.status)
            let foreignDelete = try await server.send(.DELETE, "/v1/conversations/\(id)", token: "dev:globex:bob")
            #expect(foreignDelete.status == 404)
            #expect(try await server.send(.GET, "/v1/conversations/\(id)", token: "dev:acme:ana").status == 200)

            let password = "hunter2-very-secret"
            let put = try await server.send(.PUT, "/v1/databases/sales", token: "dev:acme:ana",
                json: #"{"dialect":"postgresql","location":"cloud","summary":"Sales","connectionString":"postgres://app:\#(password)@db.example:5432/sales"}"#)
            #expect(put.status == 200 || put.status == 201, "\(put.text)")
            #expect(!put.text.contains(password))
            let got = try await server.send(.GET, "/v1/databases/sales", token: "dev:acme:ana")
            #expect(got.status == 200)
            #expect(!got.text.contains(password))
            let list = try await server.send(.GET, "/v1/databases", token: "dev:acme:ana")
            #expect(list.text.contains("sales"))
            #expect(!list.text.contains(password))
            #expect(try await server.send(.GET, "/v1/databases/sales", token: "dev:globex:bob").status == 404)
            #expect(try await server.send(.DELETE, "/v1/databases/sales", token: "dev:globex:bob").status == 404)
            #expect(try await server.send(.GET, "/v1/databases/sales", token: "dev:acme:ana").status == 200)
            #expect(try await server.send(.DELETE, "/v1/databases/sales", token: "dev:acme:ana").status == 204)
            #expect(try await server.send(.GET, "/v1/databases/sales", token: "dev:acme:ana").status == 404)
            #expect(try await server.send(.DELETE, "/v1/conversations/\(id)", token: "dev:acme:ana").status == 204)
        }
    }
}
