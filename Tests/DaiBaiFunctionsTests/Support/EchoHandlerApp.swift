import DaiBaiFunctions
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Logging

/// A custom handler for tests: every route of ``ServerRoute/all`` answers with a JSON echo of
/// what it received (route, method, path, query, headers, body as base64), and the given
/// triggers are served by `addFunctionsTriggers`. Runs on 127.0.0.1 on a port the system picks.
enum EchoHandlerApp {
    static func withRunning(
        triggers: [FunctionsTrigger],
        logger: Logger = Logger(label: "test.functions", factory: { _ in SwiftLogNoOpLogHandler() }),
        _ body: @Sendable (_ port: Int) async throws -> Void
    ) async throws {
        let router = Router()
        for route in ServerRoute.all {
            for method in route.methods {
                router.on(RouterPath(route.path), method: HTTPRequest.Method(method)!) { request, _ -> Response in
                    try await echo(request, function: route.function)
                }
            }
        }
        router.addFunctionsTriggers(triggers, logger: logger)
        let app = Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            logger: logger)
        try await app.test(.live) { client in
            guard let port = client.port else { throw FunctionsAppLayout.Failure(description: "the live test server has no port") }
            try await body(port)
        }
    }

    static func echo(_ request: Request, function: String) async throws -> Response {
        let body = try await request.body.collect(upTo: 1 << 20)
        var headers: [String: [String]] = [:]
        for field in request.headers { headers[field.name.canonicalName, default: []].append(field.value) }
        let echo: [String: Any] = [
            "route": function,
            "method": request.method.rawValue,
            "path": request.uri.path,
            "query": request.uri.query ?? "",
            "headers": headers,
            "body": Data(buffer: body).base64EncodedString(),
        ]
        let bytes = try JSONSerialization.data(withJSONObject: echo, options: [.sortedKeys])
        var responseHeaders = HTTPFields()
        responseHeaders[.contentType] = "application/json"
        responseHeaders[HTTPField.Name("X-Echo-Route")!] = function
        return Response(status: .ok, headers: responseHeaders, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
