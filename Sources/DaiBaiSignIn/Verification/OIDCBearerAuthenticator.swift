import DaiBaiCore
import Foundation
import JWTKit
import Logging
import Metrics

/// Verifies Microsoft Entra External ID and Azure AD B2C bearer tokens (any OpenID Connect
/// issuer that signs with RS256) and maps them to a `RequestContext`.
///
/// For each request, in this order (the first failure refuses it):
/// 1. `Authorization: Bearer <token>` is present (the scheme is case-insensitive), else
///    `AuthenticationError.missingCredential`.
/// 2. The token is a compact JWS (three base64url parts, at most 16 KiB) whose header is JSON,
///    else `AuthenticationError.malformedCredential`.
/// 3. The header's `alg` is exactly `RS256`, else `AuthenticationError.unsupportedAlgorithm`
///    (`none`, `HS256`, `ES256`, `PS256`, …); `crit` refuses the token; a `kid` is required.
/// 4. The issuer publishes an RSA key with that `kid` (``JWKSCache``), else
///    `AuthenticationError.unknownKey`, or `AuthenticationError.issuerUnavailable`
///    when the keys cannot be fetched.
/// 5. The RS256 signature verifies with that key (jwt-kit), else `AuthenticationError.invalidSignature`.
/// 6. `iss`, `aud`, `exp`, `nbf`, `iat` hold (``SignInConfiguration``), and the tenant and user
///    claims map to valid identifiers (``SignInClaimMapping``), else
///    `AuthenticationError.invalidClaim`.
///
/// There is no unverified fallback. Neither errors nor log lines ever contain the token; refusals
/// are logged at debug level with their reason. Metrics: see the counters
/// `daibai_signin_authentications_total` (dimension `outcome`), `daibai_signin_jwks_fetches_total`
/// (dimension `outcome`) and `daibai_signin_jwks_refetches_rate_limited_total`.
///
/// ```swift
/// let configuration = try SignInConfiguration.entraExternalID(
///     tenantID: "4f5c…", clientID: "9a1b…", tenantSubdomain: "contoso")
/// let authenticator = OIDCBearerAuthenticator(configuration: configuration, transport: AsyncHTTPClientTransport())
/// let principal = try await authenticator.authenticate(authorization: request.headerFields[.authorization])
/// ```
public struct OIDCBearerAuthenticator: RequestAuthenticator {
    /// What tokens must prove.
    public let configuration: SignInConfiguration
    /// The issuer's signing keys and their fetch statistics.
    public let keys: JWKSCache

    private let now: @Sendable () -> Date
    private let logger: Logger
    private let metrics: SignInMetrics

    /// Creates an authenticator; keys are fetched on the first request (or ``JWKSCache/prefetch()``).
    ///
    /// - Parameters:
    ///   - configuration: Issuer, audience, metadata URL, claim mapping and limits.
    ///   - transport: Sends the discovery and JWKS requests (`AsyncHTTPClientTransport` in production).
    ///   - now: The current time, for `exp`/`nbf`/`iat` and the refetch limits; the system clock by default.
    ///   - logger: Receives refusals (debug) and key fetches (info, warning); a no-op logger by default.
    ///   - metricsFactory: Creates the counters; `MetricsSystem.factory` by default.
    public init(
        configuration: SignInConfiguration,
        transport: any HTTPTransport,
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "daibai.signin", factory: { _ in SwiftLogNoOpLogHandler() }),
        metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) {
        let metrics = SignInMetrics(factory: metricsFactory)
        self.configuration = configuration
        self.now = now
        self.logger = logger
        self.metrics = metrics
        self.keys = JWKSCache(configuration: configuration, transport: transport, now: now, logger: logger, metrics: metrics)
    }

    /// The principal proven by `authorization` (`Bearer <token>`), or the reason it is refused.
    public func authenticate(authorization: String?) async throws(AuthenticationError) -> AuthenticatedPrincipal {
        do throws(AuthenticationError) {
            let principal = try await verify(authorization: authorization)
            metrics.accepted.increment()
            logger.debug("Accepted a bearer token", metadata: ["principal": "\(principal.context)"])
            return principal
        } catch {
            metrics.refused(error)
            logger.debug("Refused a bearer token", metadata: ["reason": "\(error)"])
            throw error
        }
    }

    private func verify(authorization: String?) async throws(AuthenticationError) -> AuthenticatedPrincipal {
        let token = try BearerToken.parse(authorization: authorization)
        let collection = try await keys.collection(for: token.keyID)
        let claims: SignInClaims
        do {
            claims = try await collection.verify(token.compact, as: SignInClaims.self)
        } catch let error as JWTError where error.errorType == .signatureVerificationFailed {
            throw .invalidSignature
        } catch let error as JWTError where error.errorType == .malformedToken {
            throw .malformedCredential("the token's payload is not a JSON object with the registered claims' types")
        } catch {
            // Anything else jwt-kit can say here (an undecodable signature, say) is no valid
            // signature either; its message is not repeated, it could quote the token.
            throw .invalidSignature
        }
        try claims.check(against: configuration, now: now())
        return try claims.principal(mapping: configuration.claimMapping)
    }
}
