import Configuration
import DaiBaiServer
import DaiBaiCore
import DaiBaiTelemetry
import Testing

@Suite("ServerTelemetrySettings")
struct ServerTelemetrySettingsTests {
    static let key = "9f1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a6b"

    /// Read the way the server reads them: from environment variables.
    static func settings(_ variables: [String: String]) throws(ServerSettingsError) -> ServerTelemetrySettings {
        try ServerTelemetrySettings(config: ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: variables)))
    }

    @Test func noConnectionStringMeansNoExporter() throws {
        #expect(try Self.settings([:]).connectionString == nil)
        #expect(try Self.settings(["APPLICATIONINSIGHTS_CONNECTION_STRING": ""]).connectionString == nil)
    }

    @Test func keyAndLocalAuthorizationFromTheConnectionString() throws {
        let settings = try Self.settings([
            "APPLICATIONINSIGHTS_CONNECTION_STRING": "InstrumentationKey=\(Self.key);IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/",
        ])
        let connection = try #require(settings.connectionString)
        #expect(connection.instrumentationKey.revealed() == Self.key)
        #expect(connection.authorization == .instrumentationKey)
        #expect(connection.trackURL == "https://westeurope-5.in.applicationinsights.azure.com/v2.1/track")
    }

    /// Azure Functions' variable for Entra ingestion turns Entra on for the server's exporter too.
    @Test func authenticationStringTurnsOnEntraIngestion() throws {
        let settings = try Self.settings([
            "APPLICATIONINSIGHTS_CONNECTION_STRING": "InstrumentationKey=\(Self.key);IngestionEndpoint=https://eastus-8.in.applicationinsights.azure.com/",
            "APPLICATIONINSIGHTS_AUTHENTICATION_STRING": "Authorization=AAD;ClientId=11111111-2222-3333-4444-555555555555",
        ])
        #expect(settings.connectionString?.authorization == .entra)
    }

    @Test func anUnusableConnectionStringIsNamedWithoutTheKey() {
        do {
            _ = try Self.settings(["APPLICATIONINSIGHTS_CONNECTION_STRING": "InstrumentationKey=\(Self.key);Authorization=Basic"])
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("applicationinsights.connection_string"))
            #expect(!error.description.contains(Self.key))
        }
    }
}
