import Crypto
import DaiBaiTestSupport
import Foundation
import Synchronization

/// A loopback App Configuration store that speaks the documented data-plane protocol:
/// - authentication (shape: learn.microsoft.com/azure/azure-app-configuration/rest-api-authentication-hmac
///   and rest-api-authentication-azure-ad): every request's HMAC-SHA256 signature is verified
///   here with an independent implementation (swift-crypto directly); a missing or wrong
///   signature, a wrong content hash, or an `x-ms-date` more than 15 minutes off gets
///   `401` with `WWW-Authenticate: HMAC-SHA256 error="invalid_token", error_description="…"`.
///   In bearer mode the `Authorization: Bearer <token>` must carry the expected token.
/// - listing (shape: Azure/azure-rest-api-specs specification/appconfiguration/data-plane/
///   AppConfiguration/examples/2025-07-01-preview/GetKeyValues.json, the same `KeyValue` list
///   as api-version 2023-11-01): `GET /kv?key=…&label=…&api-version=…` answers
///   `{"items":[{"etag","key","label","content_type","value","tags","locked","last_modified"}]}`
///   with content type `application/vnd.microsoft.appconfig.kvset+json`, pages of `pageSize`
///   linked by `Link: <…>; rel="next"` (shape: rest-api-key-value "Pagination").
/// - consistency (shape: rest-api-consistency): every answer carries
///   `Sync-Token: <id>=<value>;sn=<n>`, `n` growing with each change.
/// - throttling (shape: rest-api-throttling): scripted `429` answers with `retry-after-ms`.
/// - errors (shape: rest-api-errors): `application/problem+json`
///   `{"type","title","name","detail","status"}`.
final class AppConfigurationFakeStore: Sendable {
    struct Item: Sendable {
        var key: String
        var label: String?
        var contentType: String?
        var value: String?
    }

    enum Authentication: Sendable {
        case accessKey(id: String, base64Secret: String)
        case bearer(token: String)
    }

    private struct State {
        var items: [Item]
        var sequenceNumber = 1
        var throttledAnswersLeft = 0
        var failingAnswersLeft = 0
        var nextLinkHost: String?
    }

    static let syncTokenID = "zAJw6V16"

    let authentication: Authentication
    let pageSize: Int
    /// Not the real service: a careless server that quotes the received `Authorization`
    /// header in its 401 problem body, to check that clients never repeat it.
    let echoesCredentialsInErrors: Bool
    private let state: Mutex<State>

    init(
        items: [Item],
        authentication: Authentication = .accessKey(id: AppConfigurationFakeStore.accessKeyID, base64Secret: AppConfigurationFakeStore.accessKeySecret),
        pageSize: Int = 100,
        echoesCredentialsInErrors: Bool = false
    ) {
        self.authentication = authentication
        self.pageSize = pageSize
        self.echoesCredentialsInErrors = echoesCredentialsInErrors
        self.state = Mutex(State(items: items))
    }

    static let accessKeyID = "Ab1c-l0-s0:KfBdbCzWzEQ8Yo8Qd0Hu"
    static let accessKeySecret = "c3VwZXItc2VjcmV0LWFwcC1jb25maWd1cmF0aW9uLWtleQ=="

    /// `Endpoint=<baseURL>;Id=…;Secret=…` for this store.
    func connectionString(baseURL: String) -> String {
        "Endpoint=\(baseURL);Id=\(Self.accessKeyID);Secret=\(Self.accessKeySecret)"
    }

    // MARK: Scripting

    /// Replaces or adds the item `key`/`label` (a new sync-token sequence number).
    func set(_ item: Item) {
        state.withLock { state in
            state.items.removeAll { $0.key == item.key && $0.label == item.label }
            state.items.append(item)
            state.sequenceNumber += 1
        }
    }

    /// Answers carry the sync-token sequence number `sequenceNumber` from now on (to replay an older token).
    func setSyncTokenSequenceNumber(_ sequenceNumber: Int) { state.withLock { $0.sequenceNumber = sequenceNumber } }

    /// The next `count` listing requests get 429 with `retry-after-ms: 1`.
    func throttle(next count: Int) { state.withLock { $0.throttledAnswersLeft = count } }

    /// The next `count` listing requests get 500 with a problem body.
    func fail(next count: Int) { state.withLock { $0.failingAnswersLeft = count } }

    /// Paging links point to `host` instead of being relative.
    func linkToHost(_ host: String) { state.withLock { $0.nextLinkHost = host } }

    var routes: [LoopbackHTTPServer.Route] {
        [.init("GET /kv") { [self] request in handleList(request) }]
    }

    // MARK: Handling

    private func handleList(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
        if let failure = verifyAuthentication(request) { return failure }
        let (throttled, failing, sequenceNumber, items, linkHost) = state.withLock { state in
            let throttled = state.throttledAnswersLeft > 0
            if throttled { state.throttledAnswersLeft -= 1 }
            let failing = !throttled && state.failingAnswersLeft > 0
            if failing { state.failingAnswersLeft -= 1 }
            return (throttled, failing, state.sequenceNumber, state.items, state.nextLinkHost)
        }
        let syncToken = "\(Self.syncTokenID)=\(Data("0:\(sequenceNumber)".utf8).base64EncodedString());sn=\(sequenceNumber)"
        if throttled {
            return .text(429, problem(type: "https://azconfig.io/errors/too-many-requests", title: "Resource utilization has surpassed the assigned quota", status: 429),
                         headers: ["Content-Type": "application/problem+json; charset=utf-8", "retry-after-ms": "1", "Sync-Token": syncToken])
        }
        if failing {
            return .text(500, problem(type: "https://azconfig.io/errors/internal-error", title: "Internal server error", status: 500),
                         headers: ["Content-Type": "application/problem+json; charset=utf-8"])
        }
        guard request.queryValue("api-version") == "2023-11-01" else {
            return .text(400, problem(type: "https://azconfig.io/errors/invalid-argument", title: "Invalid request parameter 'api-version'", name: "api-version", status: 400),
                         headers: ["Content-Type": "application/problem+json; charset=utf-8"])
        }
        let keyFilter = request.queryValue("key") ?? "*"
        let labelFilter = request.queryValue("label") ?? "*"
        if Self.hasInnerWildcard(keyFilter) {
            // The service supports `*` only at the end of a filter.
            return .text(400, problem(type: "https://azconfig.io/errors/invalid-argument", title: "Invalid request parameter 'key'", name: "key", detail: "key: wildcard is supported only at the end", status: 400),
                         headers: ["Content-Type": "application/problem+json; charset=utf-8"])
        }
        let matching = items
            .filter { Self.matches(keyFilter, $0.key) && Self.matchesLabel(labelFilter, $0.label) }
            .sorted { ($0.key, $0.label ?? "") < ($1.key, $1.label ?? "") }
        let start = Int(request.queryValue("after") ?? "0") ?? 0
        let page = Array(matching.dropFirst(start).prefix(pageSize))
        var headers = ["Content-Type": "application/vnd.microsoft.appconfig.kvset+json; charset=utf-8", "Sync-Token": syncToken]
        if start + pageSize < matching.count {
            let query = [("key", keyFilter), ("label", labelFilter), ("api-version", "2023-11-01"), ("after", String(start + pageSize))]
                .map { "\($0.0)=\(Self.encode($0.1))" }.joined(separator: "&")
            let target = "/kv?\(query)"
            headers["Link"] = "<\(linkHost.map { "https://\($0)\(target)" } ?? target)>; rel=\"next\""
        }
        let body: [String: Any] = ["items": page.map { item -> [String: Any] in
            [
                "etag": "etag-\(item.key)", "key": item.key, "label": item.label ?? NSNull(),
                "content_type": item.contentType ?? NSNull(), "value": item.value ?? NSNull(), "tags": [String: String](),
                "locked": false, "last_modified": "2019-03-04T17:12:23+00:00",
            ]
        }]
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
        return .bytes(200, headers: headers, Array(data))
    }

    private func problem(type: String, title: String, name: String? = nil, detail: String? = nil, status: Int) -> String {
        var object: [String: Any] = ["type": type, "title": title, "status": status]
        if let name { object["name"] = name }
        if let detail { object["detail"] = detail }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    // MARK: Authentication (independent of the code under test)

    /// `nil` when the request is authenticated, otherwise the 401 answer.
    private func verifyAuthentication(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response? {
        switch authentication {
        case .bearer(let token):
            guard request.header("Authorization") == "Bearer \(token)" else {
                if echoesCredentialsInErrors {
                    return .text(401, problem(type: "https://azconfig.io/errors/unauthorized", title: "Unauthorized",
                                              detail: "Rejected '\(request.header("Authorization") ?? "")'", status: 401),
                                 headers: ["Content-Type": "application/problem+json; charset=utf-8",
                                           "WWW-Authenticate": "Bearer error=\"invalid_token\", error_description=\"Invalid token\""])
                }
                return unauthorized(scheme: "Bearer", "Invalid token")
            }
            return nil
        case .accessKey(let id, let base64Secret):
            guard let authorization = request.header("Authorization"), authorization.hasPrefix("HMAC-SHA256 ") else {
                return unauthorized(scheme: "HMAC-SHA256", "Authorization header missing")
            }
            var parameters: [String: String] = [:]
            for pair in authorization.dropFirst("HMAC-SHA256 ".count).split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2 { parameters[String(parts[0])] = String(parts[1]) }
            }
            guard parameters["Credential"] == id else { return unauthorized(scheme: "HMAC-SHA256", "Invalid credential") }
            guard parameters["SignedHeaders"] == "x-ms-date;host;x-ms-content-sha256" else {
                return unauthorized(scheme: "HMAC-SHA256", "Invalid signed headers")
            }
            guard let dateText = request.header("x-ms-date"), let date = Self.parseDate(dateText),
                  abs(date.timeIntervalSinceNow) <= 15 * 60
            else {
                return unauthorized(scheme: "HMAC-SHA256", "The access token has expired")
            }
            let contentHash = Data(SHA256.hash(data: request.body)).base64EncodedString()
            guard request.header("x-ms-content-sha256") == contentHash else {
                return unauthorized(scheme: "HMAC-SHA256", "Invalid content hash")
            }
            guard let host = request.header("host"), let key = Data(base64Encoded: base64Secret) else {
                return unauthorized(scheme: "HMAC-SHA256", "Host header missing")
            }
            let stringToSign = "\(request.method)\n\(Self.pathAndQuery(request))\n\(dateText);\(host);\(contentHash)"
            let expected = Data(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: SymmetricKey(data: key))).base64EncodedString()
            guard parameters["Signature"] == expected else { return unauthorized(scheme: "HMAC-SHA256", "Invalid Signature") }
            return nil
        }
    }

    private func unauthorized(scheme: String, _ description: String) -> LoopbackHTTPServer.Response {
        .text(401, "", headers: ["WWW-Authenticate": "\(scheme) error=\"invalid_token\", error_description=\"\(description)\""])
    }

    /// The request target as the client sent it: the decoded query re-encoded (only unreserved
    /// characters stay literal, as the Azure SDKs send queries).
    static func pathAndQuery(_ request: LoopbackHTTPServer.Request) -> String {
        guard !request.query.isEmpty else { return request.path }
        return request.path + "?" + request.query.map { "\(encode($0.name))=\(encode($0.value))" }.joined(separator: "&")
    }

    static func encode(_ text: String) -> String {
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    static func parseDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.date(from: text)
    }

    // MARK: Filters (rest-api-key-value "Filtering": `*` wildcard, `,` alternatives, `\` escapes, `\0` = no label)

    static func matchesLabel(_ filter: String, _ label: String?) -> Bool {
        if filter == "\0" { return label == nil }
        guard let label else { return alternatives(filter).contains("\0") || filter == "*" }
        return matches(filter, label)
    }

    static func matches(_ filter: String, _ text: String) -> Bool {
        alternatives(filter).contains { pattern in
            var literal = ""
            var wildcardAtEnd = false
            var escaped = false
            for (index, character) in pattern.enumerated() {
                if escaped { literal.append(character); escaped = false; continue }
                if character == "\\" { escaped = true; continue }
                if character == "*" && index == pattern.count - 1 { wildcardAtEnd = true; continue }
                literal.append(character)
            }
            return wildcardAtEnd ? text.hasPrefix(literal) : text == literal
        }
    }

    static func hasInnerWildcard(_ filter: String) -> Bool {
        alternatives(filter).contains { pattern in
            var escaped = false
            for (index, character) in pattern.enumerated() {
                if escaped { escaped = false; continue }
                if character == "\\" { escaped = true; continue }
                if character == "*" && index != pattern.count - 1 { return true }
            }
            return false
        }
    }

    private static func alternatives(_ filter: String) -> [String] {
        var result: [String] = []
        var current = ""
        var escaped = false
        for character in filter {
            if escaped { current.append("\\"); current.append(character); escaped = false; continue }
            if character == "\\" { escaped = true; continue }
            if character == "," { result.append(current); current = ""; continue }
            current.append(character)
        }
        result.append(current)
        return result
    }
}
