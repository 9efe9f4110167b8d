import Configuration
import DaiBaiCore
import DaiBaiFunctions

/// The server's own settings, read from configuration (environment names follow
/// swift-configuration's mapping: `server.auth` → `SERVER_AUTH`).
///
/// | key | default | meaning |
/// |---|---|---|
/// | `server.host` | `127.0.0.1` | the address to listen on |
/// | `server.port` | `8080` | the port; `FUNCTIONS_CUSTOMHANDLER_PORT` wins when set |
/// | `server.max-body-bytes` | 1 MiB | the largest request body |
/// | `server.rate-limit.per-minute` | 120 | requests per tenant per minute |
/// | `server.auth` | none (required) | `oidc` or `development` |
/// | `server.verified-cache` | `memory` | `memory` or `redis` |
/// | `server.sample-database` | `true` | offer the bundled music store as `music` to every tenant |
public struct ServerSettings: Sendable, Hashable {
    /// The address to listen on.
    public var host: String
    /// The port to listen on (0 picks a free one).
    public var port: Int
    /// The largest request body accepted, in bytes.
    public var maxBodyBytes: Int
    /// Requests per tenant per minute.
    public var rateLimitPerMinute: Int
    /// How callers are verified.
    public var auth: ServerAuthMode
    /// Where tenants' verified queries are kept.
    public var verifiedCache: VerifiedCacheBackend
    /// Whether the bundled music store is offered to every tenant as `music`.
    public var sampleDatabase: Bool
    /// Whether the server runs as an Azure Functions custom handler (the timer triggers are registered).
    public var runsUnderFunctions: Bool
    /// The OpenID Connect issuer (`signin.issuer`), for `server.auth=oidc`.
    public var oidcIssuer: String?
    /// The token audience (`signin.audience`), for `server.auth=oidc`.
    public var oidcAudience: String?
    /// The discovery document's URL (`signin.metadata-url`); derived from the issuer when `nil`.
    public var oidcMetadataURL: String?

    /// Creates settings directly (tests).
    public init(
        host: String = "127.0.0.1", port: Int = 8080, maxBodyBytes: Int = 1 << 20, rateLimitPerMinute: Int = 120,
        auth: ServerAuthMode, verifiedCache: VerifiedCacheBackend = .memory, sampleDatabase: Bool = true, runsUnderFunctions: Bool = false,
        oidcIssuer: String? = nil, oidcAudience: String? = nil, oidcMetadataURL: String? = nil
    ) {
        self.oidcIssuer = oidcIssuer
        self.oidcAudience = oidcAudience
        self.oidcMetadataURL = oidcMetadataURL
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.rateLimitPerMinute = rateLimitPerMinute
        self.auth = auth
        self.verifiedCache = verifiedCache
        self.sampleDatabase = sampleDatabase
        self.runsUnderFunctions = runsUnderFunctions
    }

    /// Reads the settings (with `server.auth=oidc`, also `signin.issuer`, `signin.audience`, `signin.metadata-url`).
    /// - Parameters:
    ///   - config: The configuration.
    ///   - environment: The process environment (for `FUNCTIONS_CUSTOMHANDLER_PORT`).
    /// - Throws: A ``ServerSettingsError`` naming the setting that is missing or invalid;
    ///   `server.auth` has no default.
    public init(config: ConfigReader, environment: [String: String]) throws(ServerSettingsError) {
        guard let authValue = config.string(forKey: "server.auth"), !authValue.isEmpty else {
            throw .missingSetting(key: "server.auth", hint: "Set SERVER_AUTH=oidc (with the signin.* settings) for real sign-in, or SERVER_AUTH=development (or --development-auth) for unverified 'Bearer dev:<tenant>:<user>' tokens on a developer machine.")
        }
        guard let auth = ServerAuthMode(rawValue: authValue.lowercased()) else {
            throw .invalidSetting(key: "server.auth", reason: "use 'oidc' or 'development', not '\(authValue)'")
        }
        let cacheValue = config.string(forKey: "server.verified-cache", default: "memory")
        guard let cache = VerifiedCacheBackend(rawValue: cacheValue.lowercased()) else {
            throw .invalidSetting(key: "server.verified-cache", reason: "use 'memory' or 'redis', not '\(cacheValue)'")
        }
        var host = config.string(forKey: "server.host", default: "127.0.0.1")
        var port = config.int(forKey: "server.port", default: 8080)
        let functionsPort: Int?
        do {
            functionsPort = try FunctionsCustomHandler.port(environment: environment)
        } catch {
            throw .invalidSetting(key: FunctionsCustomHandler.portVariable, reason: error.description)
        }
        if let functionsPort {
            host = "127.0.0.1"
            port = functionsPort
        }
        guard (0...65535).contains(port) else { throw .invalidSetting(key: "server.port", reason: "use 0-65535, not \(port)") }
        let maxBody = config.int(forKey: "server.max-body-bytes", default: 1 << 20)
        guard maxBody >= 1 else { throw .invalidSetting(key: "server.max-body-bytes", reason: "use 1 or more bytes, not \(maxBody)") }
        let perMinute = config.int(forKey: "server.rate-limit.per-minute", default: 120)
        guard perMinute >= 1 else { throw .invalidSetting(key: "server.rate-limit.per-minute", reason: "use 1 or more, not \(perMinute)") }
        self.init(
            host: host, port: port, maxBodyBytes: maxBody, rateLimitPerMinute: perMinute, auth: auth, verifiedCache: cache,
            sampleDatabase: config.bool(forKey: "server.sample-database", default: true), runsUnderFunctions: functionsPort != nil,
            oidcIssuer: config.string(forKey: "signin.issuer"), oidcAudience: config.string(forKey: "signin.audience"),
            oidcMetadataURL: config.string(forKey: "signin.metadata-url"))
        if auth == .oidc, (oidcIssuer ?? "").isEmpty || (oidcAudience ?? "").isEmpty {
            throw .missingSetting(key: "signin.issuer", hint: "server.auth=oidc needs SIGNIN_ISSUER and SIGNIN_AUDIENCE (and optionally SIGNIN_METADATA_URL).")
        }
    }
}
