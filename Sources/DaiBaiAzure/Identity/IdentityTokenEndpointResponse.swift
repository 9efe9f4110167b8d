import Foundation

/// A successful answer of the Microsoft identity platform token endpoint (shape: Microsoft identity
/// platform "client credentials flow", successful response).
struct IdentityTokenEndpointResponse: Decodable, Sendable {
    var tokenType: String?
    var expiresIn: IdentityNumber
    var accessToken: String
    var refreshIn: IdentityNumber?

    enum CodingKeys: String, CodingKey {
        case tokenType = "token_type"
        case expiresIn = "expires_in"
        case accessToken = "access_token"
        case refreshIn = "refresh_in"
    }
}

/// An error answer of the token endpoint (shape: Microsoft identity platform "client credentials
/// flow", error response: `error`, `error_description` with the AADSTS code, `correlation_id`, …).
struct IdentityAADError: Decodable, Sendable {
    var error: String
    var errorDescription: String?
    var errorCodes: [Int]?
    var correlationID: String?
    var traceID: String?

    enum CodingKeys: String, CodingKey {
        case error
        case errorDescription = "error_description"
        case errorCodes = "error_codes"
        case correlationID = "correlation_id"
        case traceID = "trace_id"
    }

    /// `error: first line of the description (correlation ID …)`.
    var summary: String {
        let firstLine = errorDescription?
            .split(whereSeparator: { $0 == "\r" || $0 == "\n" })
            .first
            .map { String($0).trimmingCharacters(in: .whitespaces) }
        var text = error
        if let firstLine, !firstLine.isEmpty { text += ": \(firstLine)" }
        if let correlationID { text += " (correlation ID \(correlationID))" }
        return text
    }
}
