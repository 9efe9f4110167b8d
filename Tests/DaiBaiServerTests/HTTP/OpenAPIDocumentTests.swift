import DaiBaiServer
import Foundation
import Hummingbird
import Logging
import Testing
import Yams

@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    @Test func documentedRoutesEqualTheRouterRoutesAndItIsServed() async throws {
        let components = try await TestComponents().make()
        let router = DaiBaiServerApp.makeRouter(components: components, settings: ServerSettings(port: 0, auth: .development), logger: Logger(label: "test"))
        let registered = Set(router.routes.map { route in
            let path = "/" + route.path.description.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
            return "\(route.method.rawValue) \(path)"
        })
        try await TestServer.with(components) { server in
            let reply = try await server.send(.GET, "/openapi.yaml", token: nil)
            #expect(reply.status == 200)
            let document = try #require(try Yams.load(yaml: reply.text) as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: Any])
            var documented: Set<String> = []
            for (path, item) in paths {
                for key in (item as? [String: Any] ?? [:]).keys where ["get", "post", "put", "delete", "patch"].contains(key) {
                    documented.insert("\(key.uppercased()) \(path)")
                }
            }
            #expect(documented == registered, "only documented: \(documented.subtracting(registered)); only routed: \(registered.subtracting(documented))")
            #expect(registered.count == 16)
            let schemes = (document["components"] as? [String: Any])?["securitySchemes"] as? [String: Any]
            #expect(schemes?["bearer"] != nil)
        }
    }
}
