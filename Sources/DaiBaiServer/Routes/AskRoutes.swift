import DaiBaiCore
import Foundation
import Hummingbird

/// `POST /v1/ask` and `POST /v1/ask/stream`.
struct AskRoutes {
    let agent: Agent

    func ask(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let agentRequest = try await makeRequest(request, context: context)
        let answer = try await agent.ask(agentRequest)
        return try JSONResponse.make(AskResponseBody(answer))
    }

    /// Writes one SSE event per ``AgentEvent`` as it happens; an error ends the stream with an
    /// `error` event. A client that goes away makes a write fail, which ends the loop and
    /// cancels the agent's task.
    func stream(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let agentRequest = try await makeRequest(request, context: context)
        let agent = self.agent
        let requestID = context.requestID
        let logger = context.logger
        let body = ResponseBody { writer in
            var id = 0
            do {
                for try await event in agent.stream(agentRequest) {
                    id += 1
                    let encoded = try AgentEventEncoding.encode(event)
                    try await writer.write(ServerSentEvent(id: id, event: encoded.name, data: encoded.json).buffer)
                }
            } catch {
                let mapped = ErrorMapping.map(error)
                logger.debug("stream ended with an error", metadata: ["code": .string(mapped.code)])
                let json = (try? JSONEncoder().encode(ErrorBody(code: mapped.code, message: mapped.message, requestId: requestID))).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
                id += 1
                try? await writer.write(ServerSentEvent(id: id, event: "error", data: json).buffer)
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
    }

    private func makeRequest(_ request: Request, context: ServerRequestContext) async throws -> AgentRequest {
        let body = try await request.decodeJSON(AskRequestBody.self, context: context)
        return AgentRequest(question: body.question, context: try context.caller(), conversationID: body.conversationId, databaseName: body.database, execute: body.execute ?? true)
    }
}
