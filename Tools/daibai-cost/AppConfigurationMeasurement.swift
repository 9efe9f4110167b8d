import DaiBaiAzure
import DaiBaiCore
import DaiBaiTesting
import Foundation

/// App Configuration requests per reload: the SDK's ``AppConfigurationProvider`` with the
/// selectors `AzureBootstrap` uses (all key-values, all feature flags) over an in-memory store
/// that answers one page each; the requests of ten ``AppConfigurationProvider/refresh()`` calls
/// are counted. `run()` reloads once per `azure.appconfig.refresh_seconds` (default 30) for as
/// long as the server process runs, so the requests are per instance-hour, not per request.
struct AppConfigurationMeasurement {
    struct Result {
        var requestsPerRefresh: Double
        var refreshSeconds: Double
        var initialLoadRequests: Int
    }

    static func run(refreshes: Int = 10) async throws -> Result {
        let transport = FakeHTTPTransport { request throws(HTTPTransportError) in
            let path = request.head.path ?? ""
            let body = path.contains("featureflag")
                ? #"{"items":[{"key":".appconfig.featureflag/verified-cache","label":null,"content_type":"application/vnd.microsoft.appconfig.ff+json;charset=utf-8","value":"{\"id\":\"verified-cache\",\"enabled\":true}","etag":"f1"}]}"#
                : #"{"items":[{"key":"llm.default","label":null,"value":"openai","etag":"e1"},{"key":"server.rate-limit.per-minute","label":null,"value":"120","etag":"e2"}]}"#
            return .status(200, headers: ["Content-Type": "application/vnd.microsoft.appconfig.kvset+json; charset=utf-8"], body: body)
        }
        let secret = Data("daibai-cost-measurement-secret-0123456789".utf8).base64EncodedString()
        let provider = try await AppConfigurationProvider(
            authentication: .connectionString(SecretValue("Endpoint=https://daibai-cost.azconfig.io;Id=measure;Secret=\(secret)")),
            transport: transport)
        let initial = transport.requestCount
        for _ in 0..<refreshes { try await provider.refresh() }
        let perRefresh = Double(transport.requestCount - initial) / Double(refreshes)
        return Result(requestsPerRefresh: perRefresh, refreshSeconds: seconds(provider.refreshInterval), initialLoadRequests: initial)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
