import DaiBaiCore
import Foundation
import HTTPTypes

/// Adds the authentication headers to each request (re-done for every attempt, so a retried
/// request carries a fresh `x-ms-date` and token).
enum AppConfigurationAuthorizer: Sendable {
    /// HMAC-SHA256 with an access key.
    case accessKey(AppConfigurationRequestSigner)
    /// An Entra bearer token for `scope`.
    case bearer(any TokenCredential, scope: String)

    /// Adds the headers to `head`, whose body is `body`.
    func authorize(_ head: inout HTTPRequest, body: [UInt8], now: Date) async throws(AppConfigurationError) {
        switch self {
        case .accessKey(let signer):
            let signed = signer.sign(
                method: head.method.rawValue,
                pathAndQuery: head.path ?? "/",
                host: head.authority ?? "",
                date: now,
                body: body
            )
            AppConfigurationHeader.set(AppConfigurationHeader.date, signed.date, in: &head.headerFields)
            AppConfigurationHeader.set(AppConfigurationHeader.contentSHA256, signed.contentSHA256, in: &head.headerFields)
            head.headerFields[.authorization] = signed.authorization
        case .bearer(let credential, let scope):
            let token: AccessToken
            do {
                token = try await credential.token(for: TokenRequest(scopes: [scope]))
            } catch {
                throw .credentialFailed(error.description)
            }
            AppConfigurationHeader.set(AppConfigurationHeader.date, HTTPDate.rfc1123(now), in: &head.headerFields)
            head.headerFields[.authorization] = "Bearer \(token.token.revealed())"
        }
    }
}
