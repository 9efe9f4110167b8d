import DaiBaiCore
import DaiBaiTesting
import HTTPTypes
import OpenAPIRuntime
import Testing

@Suite struct FakeHTTPTransportTests {
    func request(_ path: String, method: HTTPRequest.Method = .get, body: [UInt8]? = nil) -> HTTPTransportRequest {
        HTTPTransportRequest(head: HTTPRequest(method: method, scheme: "https", authority: "api.example.com", path: path), body: body)
    }

    @Test func answersScriptedRepliesInOrderAndRecordsRequests() async throws {
        let fake = FakeHTTPTransport(replies: [
            .status(201, headers: ["x-id": "7"], body: "created"),
            .status(204),
        ])
        let first = try await fake.send(request("/items", method: .post, body: [1, 2, 3]))
        let second = try await fake.send(request("/items/7", method: .delete))

        #expect(first.head.status.code == 201)
        #expect(first.head.headerFields[HTTPField.Name("x-id")!] == "7")
        #expect(first.body.length == .known(7))
        #expect(try await String(collecting: first.body, upTo: 100) == "created")
        #expect(second.head.status == .noContent)
        #expect(try await [UInt8](collecting: second.body, upTo: 100).isEmpty)

        let recorded = fake.requests
        #expect(recorded.map(\.head.path) == ["/items", "/items/7"])
        #expect(recorded.map(\.head.method) == [.post, .delete])
        #expect(recorded.first?.body == [1, 2, 3])
        #expect(fake.requestCount == 2)
        #expect(fake.remainingReplies == 0)
    }

    @Test func throwsScriptedFailures() async throws {
        let fake = FakeHTTPTransport(script: [.failure(.timedOut(.seconds(2))), .success(.status(200))])
        await #expect(throws: HTTPTransportError.timedOut(.seconds(2))) { try await fake.send(request("/a")) }
        #expect(try await fake.send(request("/b")).head.status == .ok)
        #expect(fake.requestCount == 2)
    }

    @Test func theHandlerAnswersOnceTheScriptIsUsedUp() async throws {
        let fake = FakeHTTPTransport(replies: [.status(503)]) { request throws(HTTPTransportError) in
            .status(200, body: "handled \(request.head.path ?? "")")
        }
        #expect(try await fake.send(request("/x")).head.status.code == 503)
        let handled = try await fake.send(request("/y"))
        #expect(try await String(collecting: handled.body, upTo: 100) == "handled /y")
    }

    @Test func aHandlerCanFail() async throws {
        let fake = FakeHTTPTransport { _ throws(HTTPTransportError) in throw .connectionFailed("refused") }
        await #expect(throws: HTTPTransportError.connectionFailed("refused")) { try await fake.send(request("/")) }
        #expect(fake.requestCount == 1)
    }

    @Test func anExhaustedScriptWithoutHandlerFailsAndSaysSo() async throws {
        let fake = FakeHTTPTransport(replies: [])
        await #expect {
            try await fake.send(request("/"))
        } throws: { error in
            guard case .connectionFailed(let message) = error as? HTTPTransportError else { return false }
            return message.contains("no scripted reply")
        }
    }

    @Test func enqueuedRepliesAndFailuresAreUsedInOrder() async throws {
        let fake = FakeHTTPTransport(replies: [])
        fake.enqueue(.status(202))
        fake.enqueue(failure: .cancelled)
        #expect(fake.remainingReplies == 2)
        #expect(try await fake.send(request("/")).head.status.code == 202)
        await #expect(throws: HTTPTransportError.cancelled) { try await fake.send(request("/")) }
    }

    @Test func aStreamingReplyDeliversTheChunksSeparately() async throws {
        let fake = FakeHTTPTransport(replies: [.streaming(["data: 1\n\n", "data: 2\n\n", "data: [DONE]\n\n"], headers: ["content-type": "text/event-stream"])])
        let response = try await fake.send(request("/stream"))
        #expect(response.head.status == .ok)
        #expect(response.head.headerFields[.contentType] == "text/event-stream")
        #expect(response.body.length == .unknown)
        var chunks: [String] = []
        for try await chunk in response.body {
            chunks.append(String(decoding: chunk, as: UTF8.self))
        }
        #expect(chunks == ["data: 1\n\n", "data: 2\n\n", "data: [DONE]\n\n"])
    }

    @Test func invalidHeaderNamesAreSkipped() {
        let reply = FakeHTTPTransport.Reply.status(200, headers: ["bad name": "x", "good": "y"])
        #expect(reply.headerFields.count == 1)
        #expect(reply.headerFields[HTTPField.Name("good")!] == "y")
    }
}
