import Foundation

/// A managed identity endpoint's token answer (shape: IMDS docs "Get a token using HTTP",
/// numbers as strings; App Service managed identity docs, api-version 2019-08-01, `expires_on`
/// in unix seconds as a string).
struct IdentityManagedIdentityResponse: Decodable, Sendable {
    var accessToken: String
    var expiresIn: IdentityNumber?
    var expiresOn: IdentityNumber?
    var refreshIn: IdentityNumber?

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case expiresIn = "expires_in"
        case expiresOn = "expires_on"
        case refreshIn = "refresh_in"
    }
}

/// An error answer of a managed identity endpoint (`error`, `error_description`; App Service
/// may send `{"statusCode":…,"message":…}` instead).
struct IdentityManagedIdentityError: Decodable, Sendable {
    var error: String?
    var errorDescription: String?
    var message: String?

    enum CodingKeys: String, CodingKey {
        case error
        case errorDescription = "error_description"
        case message
    }

    /// `error: description`, or the message.
    var summary: String? {
        let parts = [error, errorDescription ?? message].compactMap { $0 }.filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: ": ")
    }
}
