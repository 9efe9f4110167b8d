import DaiBaiServer
import Foundation
import Testing

@Suite("Functions triggers over HTTP")
struct FunctionsTriggerHTTPTests {
    @Test func meterDrainSaysMeteringIsNotConfiguredAndIsOnlyRoutedUnderFunctions() async throws {
        let components = try await TestComponents().make()
        let invocation = #"{"Data":{"timer":{"IsPastDue":false}},"Metadata":{}}"#
        try await TestServer.with(components, settings: ServerSettings(port: 0, auth: .development, runsUnderFunctions: true)) { server in
            let reply = try await server.send(.POST, "/MeterDrain", token: nil, json: invocation)
            #expect(reply.status == 200, "\(reply.text)")
            let logs = reply.json["Logs"] as? [String]
            #expect(logs?.contains { $0.contains("Metering is not configured") } == true, "\(reply.text)")
        }
        try await TestServer.with(components) { server in
            let status = try await server.send(.POST, "/MeterDrain", token: nil, json: invocation).status
            #expect(status == 404)
        }
    }
}
