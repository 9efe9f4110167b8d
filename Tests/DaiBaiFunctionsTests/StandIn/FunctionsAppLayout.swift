import Foundation

/// The Functions app as deployed: `Deploy/functions/host.json` and every `<name>/function.json`,
/// read from the repository (found from this file's `#filePath`).
/// Formats: https://learn.microsoft.com/azure/azure-functions/functions-custom-handlers (host.json,
/// function metadata), https://learn.microsoft.com/azure/azure-functions/functions-host-json
/// (extensions.http.routePrefix, extensionBundle, logging),
/// https://learn.microsoft.com/azure/azure-functions/functions-bindings-http-webhook-trigger and
/// https://learn.microsoft.com/azure/azure-functions/functions-bindings-timer (bindings).
struct FunctionsAppLayout: Sendable {
    struct Host: Decodable, Sendable {
        struct CustomHandler: Decodable, Sendable {
            struct Description: Decodable, Sendable {
                var defaultExecutablePath: String
                var arguments: [String]?
                var workingDirectory: String?
            }
            var description: Description
            var enableForwardingHttpRequest: Bool?
        }
        struct Extensions: Decodable, Sendable {
            struct HTTP: Decodable, Sendable { var routePrefix: String? }
            var http: HTTP?
        }
        struct ExtensionBundle: Decodable, Sendable {
            var id: String
            var version: String
        }
        struct Logging: Decodable, Sendable {
            var logLevel: [String: String]?
        }
        var version: String
        var customHandler: CustomHandler
        var extensions: Extensions?
        var extensionBundle: ExtensionBundle?
        var logging: Logging?

        /// The documented default is "api" when `extensions.http.routePrefix` is absent.
        var routePrefix: String { extensions?.http?.routePrefix ?? "api" }
    }

    struct Binding: Decodable, Sendable {
        var type: String
        var direction: String
        var name: String
        var authLevel: String?
        var methods: [String]?
        var route: String?
        var schedule: String?
    }

    struct Function: Sendable {
        var name: String
        var bindings: [Binding]
        var httpTrigger: Binding? { bindings.first { $0.type == "httpTrigger" && $0.direction == "in" } }
        var timerTrigger: Binding? { bindings.first { $0.type == "timerTrigger" && $0.direction == "in" } }
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    var host: Host
    var functions: [Function]

    /// The repository root: this file is Tests/DaiBaiFunctionsTests/StandIn/FunctionsAppLayout.swift.
    static func repositoryRoot(filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    static var appDirectory: URL { repositoryRoot().appendingPathComponent("Deploy/functions") }

    /// Reads host.json and every function folder's function.json.
    static func load(from directory: URL = appDirectory) throws -> FunctionsAppLayout {
        let decoder = JSONDecoder()
        let host = try decoder.decode(Host.self, from: Data(contentsOf: directory.appendingPathComponent("host.json")))
        var functions: [Function] = []
        let entries = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        for entry in entries {
            let metadata = directory.appendingPathComponent(entry).appendingPathComponent("function.json")
            guard FileManager.default.fileExists(atPath: metadata.path) else { continue }
            struct Metadata: Decodable { var bindings: [Binding] }
            let decoded = try decoder.decode(Metadata.self, from: Data(contentsOf: metadata))
            functions.append(Function(name: entry, bindings: decoded.bindings))
        }
        guard !functions.isEmpty else { throw Failure(description: "no function.json under \(directory.path)") }
        return FunctionsAppLayout(host: host, functions: functions)
    }

    func function(named name: String) -> Function? { functions.first { $0.name == name } }
}
