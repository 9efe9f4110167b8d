import DaiBaiCore
import Foundation

/// Where, and as which resource, telemetry is sent: a parsed Application Insights connection string.
///
/// A connection string is a list of `Key=Value` settings separated by semicolons, for example
/// `InstrumentationKey=…;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/`.
/// Keys are case-insensitive; unknown keys (`LiveEndpoint`, `ApplicationId`, …) are ignored.
/// Without `IngestionEndpoint` the endpoint is built from `EndpointSuffix` (and `Location`), or
/// is the global `https://dc.services.visualstudio.com`. `Authorization=AAD` says the resource
/// accepts only Microsoft Entra tokens (see ``ApplicationInsightsExporter``).
///
/// The instrumentation key is held as a `SecretValue`: it is not a credential, but it identifies
/// the resource and lets anyone write to it, so it never appears in descriptions or errors.
public struct ApplicationInsightsConnectionString: Sendable, Hashable, CustomStringConvertible {
    /// How the ingestion endpoint is told who is sending.
    public enum Authorization: String, Sendable, Hashable {
        /// The instrumentation key in each envelope is enough (the default).
        case instrumentationKey = "ikey"
        /// A Microsoft Entra bearer token is required as well (`Authorization=AAD`).
        case entra = "aad"
    }

    /// The global ingestion endpoint, used when the string names none.
    public static let defaultIngestionEndpoint = "https://dc.services.visualstudio.com"

    /// The token scope for Entra-authenticated ingestion when the string names no `AADAudience`.
    public static let defaultEntraScope = "https://monitor.azure.com//.default"

    /// The resource's instrumentation key (a GUID); redacted in every description.
    public let instrumentationKey: SecretValue
    /// The ingestion endpoint without a trailing slash, for example `https://dc.services.visualstudio.com`.
    public let ingestionEndpoint: String
    /// Whether Entra tokens are required.
    public let authorization: Authorization
    /// The `AADAudience` setting, if any (a sovereign cloud's audience).
    public let entraAudience: String?

    /// Parses `connectionString`.
    ///
    /// - Throws: ``ApplicationInsightsConnectionStringError``; no error contains the key.
    public init(parsing connectionString: String) throws(ApplicationInsightsConnectionStringError) {
        guard connectionString.count <= 4096 else { throw .tooLong(length: connectionString.count) }
        var settings: [String: String] = [:]
        var position = 0
        for segment in connectionString.split(separator: ";", omittingEmptySubsequences: false) {
            let trimmed = segment.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            position += 1
            guard let equals = trimmed.firstIndex(of: "=") else { throw .malformedSetting(position: position) }
            let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else { throw .malformedSetting(position: position) }
            settings[key] = value
        }
        guard position > 0 else { throw .empty }

        guard let key = settings["instrumentationkey"], !key.isEmpty else { throw .missingInstrumentationKey }
        guard Self.isGUID(key) else { throw .invalidInstrumentationKey }

        let authorization: Authorization
        switch settings["authorization"]?.lowercased() {
        case nil, "", "ikey": authorization = .instrumentationKey
        case "aad": authorization = .entra
        case let other?: throw .unsupportedAuthorization(other)
        }

        let endpoint: String
        if let explicit = settings["ingestionendpoint"], !explicit.isEmpty {
            endpoint = explicit
        } else if let suffix = settings["endpointsuffix"], !suffix.isEmpty {
            let location = settings["location"].flatMap { $0.isEmpty ? nil : $0 + "." } ?? ""
            endpoint = "https://\(location)dc.\(suffix)"
        } else {
            endpoint = Self.defaultIngestionEndpoint
        }

        self.instrumentationKey = SecretValue(key)
        self.ingestionEndpoint = try Self.validated(endpoint)
        self.authorization = authorization
        self.entraAudience = settings["aadaudience"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The URL telemetry is posted to: `{ingestionEndpoint}/v2.1/track`.
    public var trackURL: String { ingestionEndpoint + "/v2.1/track" }

    /// The scope to request an Entra token for: `{AADAudience}/.default`, or ``defaultEntraScope``.
    public var entraScope: String {
        entraAudience.map { $0 + "/.default" } ?? Self.defaultEntraScope
    }

    /// The endpoint and authorization; the key is always `<redacted>`.
    public var description: String {
        "ApplicationInsightsConnectionString(instrumentationKey: <redacted>, ingestionEndpoint: \(ingestionEndpoint), authorization: \(authorization.rawValue))"
    }

    // MARK: - Validation

    private static func isGUID(_ value: String) -> Bool {
        let groups = value.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.map(\.count) == [8, 4, 4, 4, 12] else { return false }
        return groups.allSatisfy { group in group.allSatisfy { $0.isHexDigit && $0.isASCII } }
    }

    private static func validated(_ endpoint: String) throws(ApplicationInsightsConnectionStringError) -> String {
        var trimmed = endpoint
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let components = URLComponents(string: trimmed),
              let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http",
              let host = components.host, !host.isEmpty,
              components.query == nil, components.fragment == nil
        else { throw .invalidIngestionEndpoint(endpoint) }
        return trimmed
    }
}
