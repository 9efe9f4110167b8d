import Foundation
import Hummingbird
import Logging

extension RouterMethods {
    /// Adds `POST /<name>` for each trigger: the body is decoded as a
    /// ``FunctionsInvocationRequest``, the trigger runs, and its ``FunctionsInvocationResponse``
    /// is answered as JSON with HTTP 200.
    ///
    /// A trigger that throws is answered with HTTP 500 and a response whose `Logs` name the
    /// function and the error, so the Functions host records a failed invocation; a body that is
    /// not an invocation payload (or larger than ``FunctionsInvocationRoute/maxRequestBytes``)
    /// is answered with HTTP 400 the same way. Errors are described with their own
    /// `description`, which DaiBai's errors keep free of secrets.
    /// See <https://learn.microsoft.com/azure/azure-functions/functions-custom-handlers#response-payload>.
    @discardableResult
    public func addFunctionsTriggers(_ triggers: [FunctionsTrigger], logger: Logger) -> Self {
        for trigger in triggers {
            post(RouterPath("/\(trigger.name)")) { request, _ -> Response in
                await FunctionsInvocationRoute.respond(to: request, trigger: trigger, logger: logger)
            }
        }
        return self
    }
}

/// How one invocation request is served (the body of the routes ``RouterMethods/addFunctionsTriggers(_:logger:)`` adds).
public enum FunctionsInvocationRoute {
    /// The largest invocation payload read (a timer's is a few hundred bytes).
    public static let maxRequestBytes = 4 << 20

    static func respond(to request: Request, trigger: FunctionsTrigger, logger: Logger) async -> Response {
        let invocation: FunctionsInvocationRequest
        do {
            let body = try await request.body.collect(upTo: maxRequestBytes)
            invocation = try JSONDecoder().decode(FunctionsInvocationRequest.self, from: Data(buffer: body))
        } catch {
            let line = "\(trigger.name): the request body is not an Azure Functions invocation payload "
                + "(a JSON object with Data and Metadata, at most \(maxRequestBytes) bytes)"
            logger.warning("functions invocation refused", metadata: ["function": "\(trigger.name)"])
            return json(FunctionsInvocationResponse(logs: [line]), status: .badRequest)
        }
        let started = ContinuousClock.now
        do {
            let answer = try await trigger.handler(invocation)
            logger.debug(
                "functions invocation finished",
                metadata: ["function": "\(trigger.name)", "duration": "\(ContinuousClock.now - started)"])
            return json(answer, status: .ok)
        } catch {
            let line = "\(trigger.name) failed: \(error)"
            logger.error(
                "functions invocation failed",
                metadata: ["function": "\(trigger.name)", "error": "\(error)"])
            return json(FunctionsInvocationResponse(logs: [line]), status: .internalServerError)
        }
    }

    static func json(_ answer: FunctionsInvocationResponse, status: HTTPResponse.Status) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let bytes: Data
        do {
            bytes = try encoder.encode(answer)
        } catch {
            bytes = Data(#"{"Logs":["the invocation response could not be encoded"],"Outputs":{},"ReturnValue":null}"#.utf8)
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
