import AsyncHTTPClient
import DaiBaiCore
import DaiBaiServer
import DaiBaiTesting
import Foundation
import NIOCore
import Testing

@Suite("POST /v1/ask/stream over HTTP")
struct StreamHTTPTests {
    /// One parsed SSE event.
    struct Event { var id: String?; var name: String?; var data: String }

    /// Splits complete `\n\n`-terminated events off `buffer`.
    static func takeEvents(_ buffer: inout String) -> [Event] {
        var events: [Event] = []
        while let range = buffer.range(of: "\n\n") {
            let block = String(buffer[..<range.lowerBound])
            buffer.removeSubrange(..<range.upperBound)
            var event = Event(id: nil, name: nil, data: "")
            for line in block.split(separator: "\n") {
                if line.hasPrefix("id:") { event.id = line.dropFirst(3).trimmingCharacters(in: .whitespaces) }
                if line.hasPrefix("event:") { event.name = line.dropFirst(6).trimmingCharacters(in: .whitespaces) }
                if line.hasPrefix("data:") { event.data += line.dropFirst(5).trimmingCharacters(in: .whitespaces) }
            }
            events.append(event)
        }
        return events
    }

    @Test func firstEventArrivesBeforeTheModelFinishesThenTheAnswer() async throws {
        let gate = Gate()
        let model = ScriptedLLMProvider { _ throws(LLMError) in
            await gate.wait()
            return LLMResponse(text: "```sql\nSELECT 7 AS n\n```", usage: TokenUsage(inputTokens: 3, outputTokens: 2), finishReason: .stop, model: "scripted-model")
        }
        let path = TestComponents.newDirectory() + "/empty.sqlite"
        FileManager.default.createFile(atPath: path, contents: nil)
        let components = try await TestComponents().make(model: model, extra: ["empty": try SQLiteConnector(path: path)])
        try await TestServer.with(components) { server in
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(server.port)/v1/ask/stream")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer dev:acme:ana")
            request.body = .bytes(ByteBuffer(string: #"{"question":"What is seven?","database":"empty"}"#))
            let response = try await server.client.execute(request, timeout: .seconds(300))
            #expect(response.status.code == 200)
            #expect(response.headers.first(name: "content-type")?.hasPrefix("text/event-stream") == true)
            var buffer = ""
            var events: [Event] = []
            var opened = false
            for try await chunk in response.body {
                buffer += String(buffer: chunk)
                events += Self.takeEvents(&buffer)
                if !events.isEmpty, !opened {
                    // The model is still blocked: nothing of the answer can have been sent.
                    #expect(!events.contains { $0.name == "answer" })
                    opened = true
                    gate.open()
                }
            }
            #expect(opened)
            #expect(events.first?.name == "step")
            #expect(events.last?.name == "answer")
            #expect(events.contains { $0.name == "sql" && $0.data.contains("SELECT 7") })
            #expect(Set(events.compactMap(\.id)).count == events.count)
            let answer = try #require(events.last).data
            let json = try JSONSerialization.jsonObject(with: Data(answer.utf8)) as? [String: Any]
            #expect(json?["source"] as? String == "model")
            for event in events { #expect((try? JSONSerialization.jsonObject(with: Data(event.data.utf8))) != nil, "\(event.data)") }
        }
    }

    @Test func anErrorEndsTheStreamWithATypedErrorEvent() async throws {
        let components = try await TestComponents().make()
        try await TestServer.with(components) { server in
            let reply = try await server.send(.POST, "/v1/ask/stream", json: #"{"question":"Which albums have no tracks at all?"}"#)
            #expect(reply.status == 200)
            var text = reply.text
            let events = Self.takeEvents(&text)
            #expect(events.last?.name == "error", "\(reply.text)")
            let json = try JSONSerialization.jsonObject(with: Data((events.last?.data ?? "").utf8)) as? [String: Any]
            #expect((json?["error"] as? [String: Any])?["code"] is String)
        }
    }
}
