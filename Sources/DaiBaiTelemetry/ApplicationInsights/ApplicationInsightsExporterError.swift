/// Why an ``ApplicationInsightsExporter`` could not be created.
public enum ApplicationInsightsExporterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The connection string says `Authorization=AAD` but no token credential was given.
    case entraCredentialRequired
    /// The track URL built from the connection string cannot be sent to.
    case invalidIngestionEndpoint(String)

    /// A message that says what failed and what to do.
    public var description: String {
        switch self {
        case .entraCredentialRequired:
            "The Application Insights resource requires Microsoft Entra authentication (Authorization=AAD): pass a TokenCredential, for example DefaultAzureCredential."
        case .invalidIngestionEndpoint(let endpoint):
            "The Application Insights ingestion URL '\(endpoint)' is not an http(s) URL."
        }
    }
}
