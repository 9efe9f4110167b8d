/// Why a ``SignInConfiguration`` was not accepted; thrown when it is created, so a
/// misconfigured service fails at start-up rather than on its first request.
public enum SignInConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The issuer is empty or not an `https` URL.
    case invalidIssuer(String)
    /// The audience (the application's client id) is empty.
    case emptyAudience
    /// The metadata URL is not an `https` URL.
    case invalidMetadataURL(String)
    /// A duration setting is out of its range.
    case invalidDuration(setting: String, reason: String)
    /// The claim mapping names no claim, or an empty one.
    case invalidClaimMapping(String)
    /// A value for a URL template (a tenant name, id or policy) is empty or has characters
    /// that do not belong in a host name or path segment.
    case invalidURLPart(name: String)

    /// A message that says what is wrong and what to set instead.
    public var description: String {
        switch self {
        case .invalidIssuer(let issuer):
            "The sign-in issuer '\(issuer)' is not an https URL; set it to the exact 'iss' of the tokens, for example https://<tenant-id>.ciamlogin.com/<tenant-id>/v2.0."
        case .emptyAudience:
            "The sign-in audience is empty; set it to the application (client) id the tokens are issued for."
        case .invalidMetadataURL(let url):
            "The sign-in metadata URL '\(url)' is not an https URL (plain http is accepted for loopback hosts only)."
        case .invalidDuration(let setting, let reason):
            "The sign-in setting '\(setting)' is out of range: \(reason)."
        case .invalidClaimMapping(let reason):
            "The sign-in claim mapping is not usable: \(reason)."
        case .invalidURLPart(let name):
            "The sign-in \(name) is empty or has characters other than A-Z, a-z, 0-9, '-', '_' and '.'."
        }
    }
}
