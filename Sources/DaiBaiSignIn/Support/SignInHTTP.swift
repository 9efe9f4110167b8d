import DaiBaiCore
import Foundation
import HTTPTypes

/// Fetching the identity provider's JSON documents (discovery and JWKS) through the
/// injected `HTTPTransport`. Every failure is `AuthenticationError.issuerUnavailable`.
enum SignInHTTP {
    /// The largest discovery document or key set read (real ones are a few KiB).
    static let maxBodyBytes = 1 << 20

    /// `GET url` decoded as `type`; `what` names the document in errors ("the JWKS").
    static func getJSON<T: Decodable>(
        _ type: T.Type,
        url: String,
        what: String,
        timeout: Duration,
        transport: any HTTPTransport
    ) async throws(AuthenticationError) -> T {
        let head = try head(url: url, what: what)
        let response: HTTPTransportResponse
        do throws(HTTPTransportError) {
            response = try await transport.send(HTTPTransportRequest(head: head, timeout: timeout))
        } catch {
            throw .issuerUnavailable("\(what) at \(url) could not be fetched: \(error)")
        }
        guard response.head.status.kind == .successful else {
            throw .issuerUnavailable("\(what) at \(url) answered HTTP \(response.head.status.code)")
        }
        let body: [UInt8]
        do throws(HTTPTransportError) {
            body = try await response.collectBody(upTo: maxBodyBytes)
        } catch {
            throw .issuerUnavailable("reading \(what) at \(url) failed: \(error)")
        }
        do {
            return try JSONDecoder().decode(type, from: Data(body))
        } catch {
            throw .issuerUnavailable("\(what) at \(url) is not the expected JSON document")
        }
    }

    /// A `GET` head for `url`, which must follow ``SignInEndpoint``'s rule.
    static func head(url: String, what: String) throws(AuthenticationError) -> HTTPRequest {
        guard let components = SignInEndpoint.components(url), let scheme = components.scheme?.lowercased(),
              let host = components.host
        else {
            throw .issuerUnavailable("the URL of \(what) '\(url)' is not https (plain http is accepted for loopback hosts only)")
        }
        let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        let authority = components.port.map { "\(hostPart):\($0)" } ?? hostPart
        var path = components.percentEncodedPath
        if path.isEmpty { path = "/" }
        if let query = components.percentEncodedQuery, !query.isEmpty { path += "?\(query)" }
        var headers = HTTPFields()
        headers[.accept] = "application/json"
        return HTTPRequest(method: .get, scheme: scheme, authority: authority, path: path, headerFields: headers)
    }
}
