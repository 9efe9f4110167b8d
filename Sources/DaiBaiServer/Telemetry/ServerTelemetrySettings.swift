import Configuration
import DaiBaiTelemetry
import Foundation

/// Where the server sends its telemetry, read from configuration.
///
/// | key | environment variable |
/// |---|---|
/// | `applicationinsights.connection_string` | `APPLICATIONINSIGHTS_CONNECTION_STRING` |
/// | `applicationinsights.authentication_string` | `APPLICATIONINSIGHTS_AUTHENTICATION_STRING` |
///
/// Both variables are the ones Azure Functions and the Azure Monitor SDKs read. An
/// authentication string of `Authorization=AAD` (with or without `;ClientId=…`) turns on
/// Entra ingestion even when the connection string does not say so; the token then comes from
/// `DefaultAzureCredential` (`AZURE_CLIENT_ID` selects a user-assigned managed identity).
/// With no connection string there is no exporter and logs go to standard error only.
public struct ServerTelemetrySettings: Sendable {
    /// The Application Insights resource, or `nil` when telemetry export is off.
    public var connectionString: ApplicationInsightsConnectionString?

    /// Creates settings directly (tests).
    public init(connectionString: ApplicationInsightsConnectionString?) {
        self.connectionString = connectionString
    }

    /// Reads the settings.
    /// - Throws: ``ServerSettingsError/invalidSetting(key:reason:)`` naming the setting when the
    ///   connection string cannot be parsed (the reason never contains the instrumentation key).
    public init(config: ConfigReader) throws(ServerSettingsError) {
        let key = "applicationinsights.connection_string"
        guard var text = config.string(forKey: ConfigKey(key), isSecret: true), !text.isEmpty else {
            connectionString = nil
            return
        }
        let authentication = config.string(forKey: "applicationinsights.authentication_string") ?? ""
        let entra = authentication.split(separator: ";").contains {
            $0.trimmingCharacters(in: .whitespaces).lowercased() == "authorization=aad"
        }
        if entra, !text.lowercased().contains("authorization=") {
            text += (text.hasSuffix(";") ? "" : ";") + "Authorization=AAD"
        }
        do {
            connectionString = try ApplicationInsightsConnectionString(parsing: text)
        } catch {
            throw .invalidSetting(key: key, reason: "\(error)")
        }
    }
}
