import DaiBaiCore
import Foundation
import HTTPTypes

/// The HTTP plumbing the Entra credentials share: sending, reading bounded bodies, decoding
/// JSON, and redacting secrets from anything quoted in an error.
enum IdentityHTTP {
    /// The largest token response read.
    static let maxBodyBytes = 1 << 20
    /// The most characters of an unexpected body quoted in an error.
    static let excerptLength = 200

    /// Sends `request`; transport failures become ``CredentialError/authenticationFailed(credential:reason:)``
    /// (cancellation says so).
    static func send(
        _ request: HTTPTransportRequest,
        through transport: any HTTPTransport,
        credential: String,
        what: String
    ) async throws(CredentialError) -> HTTPTransportResponse {
        do throws(HTTPTransportError) {
            return try await transport.send(request)
        } catch .cancelled {
            throw IdentityCancellation.error(credential)
        } catch {
            throw .authenticationFailed(credential: credential, reason: "\(what) could not be reached: \(error)")
        }
    }

    /// The body of `response`, at most ``maxBodyBytes``.
    static func body(of response: HTTPTransportResponse, credential: String, what: String) async throws(CredentialError) -> [UInt8] {
        do throws(HTTPTransportError) {
            return try await response.collectBody(upTo: maxBodyBytes)
        } catch .cancelled {
            throw IdentityCancellation.error(credential)
        } catch {
            throw .authenticationFailed(credential: credential, reason: "reading the answer of \(what) failed: \(error)")
        }
    }

    /// `bytes` decoded as `type`, or `nil` when they are not that JSON.
    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) -> T? {
        try? JSONDecoder().decode(type, from: Data(bytes))
    }

    /// A short excerpt of `bytes` for an error message, with `secrets` and anything that looks
    /// like a bearer token (a JWT) removed.
    static func excerpt(_ bytes: [UInt8], redacting secrets: [SecretValue] = []) -> String {
        var text = String(decoding: bytes.prefix(4096), as: UTF8.self)
        text = redact(text, secrets: secrets)
        text = text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        if text.count > excerptLength { text = String(text.prefix(excerptLength)) + "…" }
        return text
    }

    /// `text` with every occurrence of `secrets` and of JWT-like strings replaced by `<redacted>`.
    static func redact(_ text: String, secrets: [SecretValue]) -> String {
        var text = text
        for secret in secrets where !secret.isEmpty {
            text = text.replacingOccurrences(of: secret.revealed(), with: "<redacted>")
        }
        // A JWT: "eyJ" followed by base64url, a dot, and more base64url-and-dots.
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: "eyJ") {
            result += rest[..<start.lowerBound]
            var end = start.upperBound
            while end < rest.endIndex, rest[end].isLetter || rest[end].isNumber || "-_.".contains(rest[end]) {
                end = rest.index(after: end)
            }
            let candidate = rest[start.lowerBound..<end]
            result += candidate.contains(".") && candidate.count > 20 ? "<redacted>" : String(candidate)
            rest = rest[end...]
        }
        return result + rest
    }

    /// A request head for `url` (`scheme://authority/path?query`).
    static func head(
        _ method: HTTPRequest.Method,
        url: String,
        headers: HTTPFields,
        credential: String
    ) throws(CredentialError) -> HTTPRequest {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else {
            throw .authenticationFailed(credential: credential, reason: "the endpoint '\(url)' is not a valid http(s) URL")
        }
        let authority = components.port.map { "\(host):\($0)" } ?? host
        var path = components.percentEncodedPath
        if path.isEmpty { path = "/" }
        if let query = components.percentEncodedQuery, !query.isEmpty { path += "?\(query)" }
        return HTTPRequest(method: method, scheme: scheme, authority: authority, path: path, headerFields: headers)
    }
}
