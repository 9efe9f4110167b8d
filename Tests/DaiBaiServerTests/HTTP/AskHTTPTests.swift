import DaiBaiCore
import DaiBaiServer
import DaiBaiTesting
import Foundation
import Testing

@Suite("POST /v1/ask over HTTP")
struct AskHTTPTests {
    @Test func verifiedSampleQuestionAnswersWithRowsWithoutAModel() async throws {
        let components = try await TestComponents().make()
        try await TestServer.with(components) { server in
            let reply = try await server.send(.POST, "/v1/ask", json: #"{"question":"What are the 10 best-selling tracks?"}"#)
            #expect(reply.status == 200, "\(reply.text)")
            #expect(reply.json["source"] as? String == "verifiedCache")
            #expect(reply.json["database"] as? String == "music")
            #expect((reply.json["rows"] as? [[Any]])?.count == 10)
            #expect((reply.json["conversationId"] as? String)?.isEmpty == false)
        }
    }

    @Test func scriptedModelAnswersOnAnotherDatabase() async throws {
        let path = TestComponents.newDirectory() + "/shop.sqlite"
        FileManager.default.createFile(atPath: path, contents: nil)
        let connector = try SQLiteConnector(path: path)
        let model = ScriptedLLMProvider(replies: [.text("```sql\nSELECT 41 + 1 AS answer\n```")])
        let components = try await TestComponents().make(model: model, extra: ["shop": connector])
        try await TestServer.with(components) { server in
            let reply = try await server.send(.POST, "/v1/ask", json: #"{"question":"What is the answer?","database":"shop"}"#)
            #expect(reply.status == 200, "\(reply.text)")
            #expect(reply.json["source"] as? String == "model")
            #expect(reply.json["model"] as? String == "scripted-model")
            #expect(((reply.json["rows"] as? [[Any]])?.first?.first as? Double) == 42)
        }
    }

    @Test func unconfiguredModelSaysHowToConfigureOne() async throws {
        let components = try await TestComponents().make()
        try await TestServer.with(components) { server in
            let reply = try await server.send(.POST, "/v1/ask", json: #"{"question":"Which albums have no tracks at all?"}"#)
            #expect(reply.status >= 400)
            let error = reply.json["error"] as? [String: Any]
            #expect((error?["message"] as? String)?.contains("OPENAI_API_KEY") == true, "\(reply.text)")
            #expect(error?["requestId"] as? String == reply.headers.first(name: "x-request-id"))
        }
    }

    @Test func malformedJSONIs400WithTheErrorShape() async throws {
        let components = try await TestComponents().make()
        try await TestServer.with(components) { server in
            let reply = try await server.send(.POST, "/v1/ask", json: #"{"question": 12"#)
            #expect(reply.status == 400, "\(reply.text)")
            #expect((reply.json["error"] as? [String: Any])?["code"] is String)
        }
    }
}
