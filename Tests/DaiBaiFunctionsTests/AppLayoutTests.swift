import Foundation
import Testing

/// Deploy/functions against the route table (``ServerRoute/all``) and the documented formats:
/// https://learn.microsoft.com/azure/azure-functions/functions-custom-handlers,
/// https://learn.microsoft.com/azure/azure-functions/functions-host-json,
/// https://learn.microsoft.com/azure/azure-functions/functions-bindings-timer.
@Suite("Deploy/functions layout")
struct AppLayoutTests {
    @Test("host.json starts daibai-server serve as a forwarding custom handler without route prefix")
    func hostJSON() throws {
        let host = try FunctionsAppLayout.load().host
        #expect(host.version == "2.0")
        #expect(host.customHandler.description.defaultExecutablePath == "daibai-server")
        #expect(host.customHandler.description.arguments == ["serve"])
        #expect(host.customHandler.enableForwardingHttpRequest == true)
        #expect(host.extensions?.http?.routePrefix == "")
        #expect(host.extensionBundle?.id == "Microsoft.Azure.Functions.ExtensionBundle")
        #expect(host.extensionBundle?.version == "[4.*, 5.0.0)")
        #expect(host.logging?.logLevel?["default"] != nil)
    }

    @Test("every route of the table has a function.json with its methods and route template", arguments: ServerRoute.all)
    func routeHasFunction(route: ServerRoute) throws {
        let layout = try FunctionsAppLayout.load()
        let function = try #require(layout.function(named: route.function), "no Deploy/functions/\(route.function)/function.json")
        let trigger = try #require(function.httpTrigger)
        #expect(Set((trigger.methods ?? []).map { $0.uppercased() }) == Set(route.methods))
        #expect((trigger.methods ?? []).count == route.methods.count)
        #expect(trigger.route.map { "/" + $0 } == route.path)
        #expect(trigger.authLevel == "anonymous")
        #expect(trigger.name == "req")
        #expect(function.bindings.contains { $0.type == "http" && $0.direction == "out" })
        #expect(function.bindings.count == 2)
    }

    @Test("every function.json is a route of the table or the MeterDrain timer")
    func functionsAreInTable() throws {
        let layout = try FunctionsAppLayout.load()
        let expected = Set(ServerRoute.all.map(\.function) + [ServerRoute.meterDrain.function])
        #expect(Set(layout.functions.map(\.name)) == expected)
        for function in layout.functions where function.name != ServerRoute.meterDrain.function {
            let route = try #require(ServerRoute.all.first { $0.function == function.name })
            #expect(function.httpTrigger?.route.map { "/" + $0 } == route.path, "\(function.name)")
            #expect(function.timerTrigger == nil)
        }
    }

    @Test("MeterDrain is a timer trigger every minute")
    func meterDrain() throws {
        let layout = try FunctionsAppLayout.load()
        let function = try #require(layout.function(named: ServerRoute.meterDrain.function))
        let timer = try #require(function.timerTrigger)
        #expect(timer.schedule == ServerRoute.meterDrain.schedule)
        #expect(function.httpTrigger == nil)
        #expect(function.bindings.count == 1)
    }

    @Test("local.settings.example.json sets the custom worker runtime and holds no secrets")
    func localSettings() throws {
        let url = FunctionsAppLayout.appDirectory.appendingPathComponent("local.settings.example.json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let values = try #require(object["Values"] as? [String: String])
        #expect(values["FUNCTIONS_WORKER_RUNTIME"]?.lowercased() == "custom")
        for (name, value) in values {
            let lowered = name.lowercased() + "=" + value.lowercased()
            #expect(!lowered.contains("key") && !lowered.contains("secret") && !lowered.contains("password"), "\(name)")
        }
    }
}
