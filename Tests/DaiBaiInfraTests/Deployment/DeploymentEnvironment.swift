import Configuration
import Foundation
import Synchronization

/// Configuration built the way the Function App sees it: environment variables only, with
/// every variable that a reader found recorded (through swift-configuration's access reporter).
final class DeploymentEnvironment: AccessReporter, Sendable {
    private let found = Mutex<Set<String>>([])

    /// The environment variable names whose values were read.
    var readVariables: Set<String> { found.withLock { $0 } }

    func report(_ event: AccessEvent) {
        let names = event.providerResults.compactMap { result -> String? in
            guard case .success(let lookup) = result.result, lookup.value != nil else { return nil }
            return lookup.encodedKey
        }
        found.withLock { $0.formUnion(names) }
    }

    /// A reader over `variables` that reports to `reporter`.
    static func reader(_ variables: [String: String], reporter: DeploymentEnvironment? = nil) -> ConfigReader {
        ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: variables), accessReporter: reporter)
    }

    /// Values of the shape Azure gives each output once deployed (the templates cannot be
    /// evaluated here); a literal output keeps its literal.
    static func exampleValue(for output: String, expression: String) -> String {
        let trimmed = expression.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("'"), trimmed.hasSuffix("'"), !trimmed.contains("${") {
            return String(trimmed.dropFirst().dropLast())
        }
        let examples: [String: String] = [
            "AZURE_CLIENT_ID": "7d5c1f0e-2a3b-4c5d-9e8f-0a1b2c3d4e5f",
            "AZURE_APPCONFIG_ENDPOINT": "https://appcs-daibai-dev-abc.azconfig.io",
            "KEY_VAULT_URL": "https://kv-daibai-abc.vault.azure.net/",
            "KEY_VAULT_LAYOUT": "per-tenant",
            "COSMOS_ENDPOINT": "https://cosmos-daibai-dev-abc.documents.azure.com:443/",
            "COSMOS_DATABASE": "daibai",
            "COSMOS_CHAT_CONTAINER": "chats",
            "COSMOS_INVENTORY_CONTAINER": "inventory",
            "COSMOS_USERKEYS_CONTAINER": "userkeys",
            "SIGNIN_ISSUER": "https://11111111-2222-3333-4444-555555555555.ciamlogin.com/11111111-2222-3333-4444-555555555555/v2.0",
            "SIGNIN_AUDIENCE": "66666666-7777-8888-9999-000000000000",
            "APPLICATIONINSIGHTS_CONNECTION_STRING":
                "InstrumentationKey=0b4f31e2-6c3d-4f8a-9e57-7a1d2c3b4e5f;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/;LiveEndpoint=https://westeurope.livediagnostics.monitor.azure.com/",
            "APPLICATIONINSIGHTS_AUTHENTICATION_STRING": "Authorization=AAD;ClientId=7d5c1f0e-2a3b-4c5d-9e8f-0a1b2c3d4e5f",
            "RELAY_NAMESPACE": "relay-daibai-dev-abc.servicebus.windows.net",
            "RELAY_HYBRID_CONNECTION": "daibai-onprem",
            "STORAGE_DIRECTORY": "/tmp/daibai",
        ]
        return examples[output] ?? "example-\(output.lowercased())"
    }
}
