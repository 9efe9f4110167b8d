/// The parts of an OpenID Connect discovery document (`/.well-known/openid-configuration`)
/// that token verification uses.
///
/// Its `issuer` must equal the configured issuer (OpenID Connect Discovery §4.3), and its
/// `jwks_uri` must be `https` (plain `http` only to a loopback host); otherwise the keys are
/// not loaded and requests are refused with `AuthenticationError.issuerUnavailable`.
public struct OIDCDiscoveryDocument: Sendable, Equatable, Codable {
    /// The issuer the document speaks for (`issuer`).
    public var issuer: String
    /// Where the issuer publishes its signing keys (`jwks_uri`).
    public var jwksURI: String
    /// The algorithms the issuer says it signs ID tokens with (`id_token_signing_alg_values_supported`);
    /// informational only: RS256 is the one accepted, whatever the document says.
    public var idTokenSigningAlgorithms: [String]?

    /// Creates a document.
    public init(issuer: String, jwksURI: String, idTokenSigningAlgorithms: [String]? = nil) {
        self.issuer = issuer
        self.jwksURI = jwksURI
        self.idTokenSigningAlgorithms = idTokenSigningAlgorithms
    }

    private enum CodingKeys: String, CodingKey {
        case issuer
        case jwksURI = "jwks_uri"
        case idTokenSigningAlgorithms = "id_token_signing_alg_values_supported"
    }
}
