import Configuration
import DaiBaiAzure
import DaiBaiCore
import DaiBaiRelay
import DaiBaiServer
import DaiBaiSignIn
import Foundation
import Testing

/// The templates' UPPER_SNAKE outputs are exactly the SDK's configuration keys: the Function App
/// gets each as an application setting, and the settings types the server reads at bootstrap
/// start from those variables alone.
@Suite("Deployment outputs are the SDK's configuration")
struct DeploymentKeysTests {
    /// Read from the process environment by DefaultAzureCredential (not through ConfigReader).
    static let readByTheCredential: Set<String> = ["AZURE_CLIENT_ID"]

    static func sdkOutputs(_ templates: InfraTemplates) -> [BicepFile.Output] {
        templates.main.outputs.filter { isUpperSnake($0.name) }
    }

    static func environment(_ templates: InfraTemplates, without removed: Set<String> = []) -> [String: String] {
        var variables: [String: String] = [:]
        for output in sdkOutputs(templates) where !removed.contains(output.name) {
            variables[output.name] = DeploymentEnvironment.exampleValue(for: output.name, expression: output.value)
        }
        return variables
    }

    @Test func everySDKOutputIsAnApplicationSettingOfTheFunctionApp() throws {
        let templates = try InfraTemplates()
        let outputs = Set(Self.sdkOutputs(templates).map(\.name))
        #expect(outputs.count >= 10)
        let site = try #require(templates.resources(ofType: "Microsoft.Web/sites").first?.resource)
        let settings = Set(quotedNames(in: site.body).filter(isUpperSnake))
        #expect(outputs.subtracting(settings).isEmpty, "outputs the Function App does not get: \(outputs.subtracting(settings).sorted())")
        #expect(settings.subtracting(outputs).isEmpty, "app settings that are not outputs: \(settings.subtracting(outputs).sorted())")
    }

    /// Bootstrap's settings types, given only the outputs, build the azure profile with
    /// OIDC sign-in and Entra telemetry; and each output is read by one of them.
    @Test func theOutputsAloneConfigureTheServerOnTheAzureProfile() throws {
        let templates = try InfraTemplates()
        let variables = Self.environment(templates)
        let reporter = DeploymentEnvironment()
        let config = DeploymentEnvironment.reader(variables, reporter: reporter)

        #expect(StorageSettings(config: config).deployment == "azure")
        #expect(StorageSettings(config: config).directory.hasPrefix("/tmp/"), "Flex Consumption's app folder is read-only: STORAGE_DIRECTORY must be a writable temporary folder")
        let azure = try AzureSettings(config: config)
        #expect(azure.keyVaultURL == variables["KEY_VAULT_URL"])
        #expect(azure.cosmosEndpoint == variables["COSMOS_ENDPOINT"])
        #expect(azure.keyVaultPerTenant)
        _ = try ComponentRegistry.secretsOwner(config)
        let server = try ServerSettings(config: config, environment: variables)
        #expect(server.auth == .oidc)
        _ = try SignInConfiguration(issuer: server.oidcIssuer ?? "", audience: server.oidcAudience ?? "", metadataURL: server.oidcMetadataURL)
        let telemetry = try ServerTelemetrySettings(config: config)
        #expect(telemetry.connectionString?.authorization == .entra)
        // The relay agent on premises reads the namespace and hybrid connection first; the rest of
        // its settings (its tenant, its own credential) are not deployment outputs.
        _ = try? RelayAgentSettings(config: config)

        let unread = Set(variables.keys).subtracting(reporter.readVariables).subtracting(Self.readByTheCredential)
        #expect(unread.isEmpty, "outputs no SDK settings type reads: \(unread.sorted())")
        #expect(DefaultAzureCredential(environment: variables).configurationError == nil)
    }

    /// Each output the SDK requires is needed: without it bootstrap's settings refuse to start and name it.
    @Test func withoutARequiredOutputTheSettingsNameIt() throws {
        let templates = try InfraTemplates()
        for (key, variable) in AzureSettings.required {
            let config = DeploymentEnvironment.reader(Self.environment(templates, without: [variable]))
            #expect(throws: ConfigurationError.self, "without \(variable)") { _ = try AzureSettings(config: config) }
            do {
                _ = try AzureSettings(config: config)
            } catch {
                #expect(error.description.contains(key) && error.description.contains(variable))
            }
        }
        let noAuth = Self.environment(templates, without: ["SERVER_AUTH"])
        #expect(throws: ServerSettingsError.self) { _ = try ServerSettings(config: DeploymentEnvironment.reader(noAuth), environment: noAuth) }
        let noIssuer = Self.environment(templates, without: ["SIGNIN_ISSUER"])
        #expect(throws: (any Error).self) {
            let settings = try ServerSettings(config: DeploymentEnvironment.reader(noIssuer), environment: noIssuer)
            _ = try SignInConfiguration(issuer: settings.oidcIssuer ?? "", audience: settings.oidcAudience ?? "", metadataURL: settings.oidcMetadataURL)
        }
        let local = Self.environment(templates, without: ["AZURE_DEPLOYMENT"])
        #expect(StorageSettings(config: DeploymentEnvironment.reader(local)).deployment == "local")
    }
}
