import Crypto
import DaiBaiAzure
import DaiBaiTestSupport
import Foundation
import Synchronization

/// A Cosmos DB account over real loopback HTTP, speaking the REST API's wire format:
///
/// - Authorization: every request's `authorization` header is checked against a signature
///   computed here independently (swift-crypto HMAC-SHA256 over the documented string to sign,
///   Foundation percent-encoding), or against the expected Entra ID token; a mismatch, a missing
///   or stale `x-ms-date` (over 15 minutes off) gives 401, as the service does.
/// - Documents live in memory per container and per logical partition; document calls must
///   carry `x-ms-documentdb-partitionkey` and only see that partition; a document whose
///   partition key property differs from the header is refused with 400.
/// - Responses follow the Cosmos DB REST API reference: "Create a Document" (201 with the
///   document plus `_rid`, `_self`, `_etag`, `_ts`, and an `etag` header), "Get a Document",
///   "Replace a Document" (`If-Match` → 412), "Delete a Document" (204), "Query Documents"
///   (`{"_rid", "Documents": [...], "_count"}`, paged by `x-ms-max-item-count` and
///   `x-ms-continuation`), "Create a Database" / "Create a Collection" (409 when it exists).
///   Error bodies are `{"code": "NotFound", "message": …}` as in "HTTP Status Codes for Azure
///   Cosmos DB". Every response carries `x-ms-session-token`, `x-ms-request-charge` and
///   `x-ms-activity-id`; the charge follows the published request-unit figures for the operation
///   and the item's size (``CosmosFakeRequestCharge``).
/// - Queries: see ``CosmosFakeQuery`` for the subset evaluated.
/// - `throttle(times:retryAfterMs:)` answers the next requests with 429 and `x-ms-retry-after-ms`;
///   `fail(status:code:message:)` queues one error response.
/// - Every request is recorded (``LoopbackHTTPServer/requests``) by the underlying ``LoopbackHTTPServer``.
public final class CosmosFakeServer: Sendable {
    /// The Cosmos DB emulator's published well-known key; the fake checks master-key signatures
    /// against it unless told otherwise.
    public static let emulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=="

    struct Container: Sendable {
        var partitionKeyField: String
        var body: CosmosFakeJSON
        var partitions: [String: [String: CosmosFakeJSON]] = [:]
    }

    struct QueuedFailure: Sendable {
        var status: Int
        var code: String
        var message: String
        var headers: [String: String]
    }

    struct State: Sendable {
        var databases: Set<String> = []
        var containers: [String: Container] = [:]
        var queuedFailures: [QueuedFailure] = []
        var lsn = 0
        var etagCounter = 0
    }

    /// How requests must be authorized.
    public enum Authorization: Sendable {
        /// Master-key signatures with this key.
        case masterKey(Data)
        /// `type=aad` with exactly this token.
        case entraToken(String)
    }

    /// How requests must be authorized.
    public let authorization: Authorization
    private let state = Mutex(State())

    /// Creates a fake account (not listening; serve ``handle(_:)`` from a ``LoopbackHTTPServer``,
    /// or use ``with(authorization:_:)``).
    public init(authorization: Authorization) {
        self.authorization = authorization
    }

    /// Runs `body` with a started fake account, stopping it afterwards.
    public static func with<T>(
        authorization: Authorization = .masterKey(Data(base64Encoded: CosmosFakeServer.emulatorKey) ?? Data()),
        _ body: (CosmosFakeServer, LoopbackHTTPServer) async throws -> T
    ) async throws -> T {
        let fake = CosmosFakeServer(authorization: authorization)
        return try await withLoopbackServer([.init("/*") { request in fake.handle(request) }]) { server in
            try await body(fake, server)
        }
    }

    // MARK: - Test controls

    /// Creates a database and container directly (as if provisioned).
    public func seedContainer(database: String, container: String, partitionKeyPath: String = "/tenantId") {
        state.withLock { state in
            state.databases.insert(database)
            state.containers["\(database)/\(container)"] = Container(
                partitionKeyField: String(partitionKeyPath.dropFirst()), body: .object([:]))
        }
    }

    /// Answers the next `times` requests with 429 and `x-ms-retry-after-ms: retryAfterMs`.
    public func throttle(times: Int, retryAfterMs: Int) {
        let failure = QueuedFailure(
            status: 429, code: "TooManyRequests",
            message: "Message: {\"Errors\":[\"Request rate is large. More Request Units may be needed, so no changes were made. Please retry this request later.\"]}",
            headers: ["x-ms-retry-after-ms": String(retryAfterMs), "x-ms-substatus": "3200"])
        state.withLock { $0.queuedFailures.append(contentsOf: Array(repeating: failure, count: times)) }
    }

    /// Answers the next request with `status` and `{"code": code, "message": message}`.
    public func fail(status: Int, code: String, message: String) {
        state.withLock { $0.queuedFailures.append(QueuedFailure(status: status, code: code, message: message, headers: [:])) }
    }

    /// The documents of one partition, by id.
    public func documents(database: String, container: String, partition: String) -> [String: CosmosFakeJSON] {
        state.withLock { $0.containers["\(database)/\(container)"]?.partitions[partition] ?? [:] }
    }

    /// The stored body of a container created through the API.
    public func containerBody(database: String, container: String) -> CosmosFakeJSON? {
        state.withLock { $0.containers["\(database)/\(container)"]?.body }
    }

    // MARK: - Handling

    /// Answers one request of the REST API (authorization first, then queued failures, then the resource).
    public func handle(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
        let segments = request.path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        guard !segments.isEmpty else { return Self.error(400, "BadRequest", "no resource path") }
        // The resource type is the last type segment; the link is the path up to the item
        // (for feeds: the parent of the feed), as the REST API's authorization docs describe.
        let resourceType = segments.count % 2 == 1 ? segments[segments.count - 1] : segments[segments.count - 2]
        let resourceLink = segments.count % 2 == 1 ? segments.dropLast().joined(separator: "/") : segments.joined(separator: "/")
        if let failure = checkAuthorization(request, resourceType: resourceType, resourceLink: resourceLink) {
            return failure
        }
        guard request.header("x-ms-version") != nil else {
            return Self.error(400, "BadRequest", "The x-ms-version header is required.")
        }
        if let queued = state.withLock({ $0.queuedFailures.isEmpty ? nil : $0.queuedFailures.removeFirst() }) {
            return Self.error(queued.status, queued.code, queued.message, headers: queued.headers)
        }
        return state.withLock { state in
            route(request, segments: segments, state: &state)
        }
    }

    private func checkAuthorization(_ request: LoopbackHTTPServer.Request, resourceType: String, resourceLink: String) -> LoopbackHTTPServer.Response? {
        guard let date = request.header("x-ms-date"), let sent = HTTPDate.parse(date),
            abs(sent.timeIntervalSinceNow) <= 15 * 60
        else {
            return Self.error(401, "Unauthorized", "The x-ms-date header is missing or more than 15 minutes from the server time.")
        }
        let expected: String
        switch authorization {
        case .masterKey(let key):
            let payload = request.method.lowercased() + "\n" + resourceType.lowercased() + "\n" + resourceLink + "\n" + date.lowercased() + "\n" + "\n"
            let mac = HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: SymmetricKey(data: key))
            expected = Self.formEncode("type=master&ver=1.0&sig=" + Data(mac).base64EncodedString())
        case .entraToken(let token):
            expected = Self.formEncode("type=aad&ver=1.0&sig=" + token)
        }
        guard request.header("authorization") == expected else {
            return Self.error(401, "Unauthorized", "The input authorization token can't serve the request. The wrong key is being used or the expected payload is not built as per the protocol.")
        }
        return nil
    }

    private func route(_ request: LoopbackHTTPServer.Request, segments: [String], state: inout State) -> LoopbackHTTPServer.Response {
        switch (request.method, segments.count) {
        case ("POST", 1) where segments[0] == "dbs":
            guard let id = CosmosFakeJSON.parse(request.body)?["id"]?.stringValue else { return Self.error(400, "BadRequest", "id is required") }
            guard state.databases.insert(id).inserted else {
                return Self.error(409, "Conflict", "Resource with specified id, name, or unique index already exists.")
            }
            return respond(201, .object(["id": .string(id), "_rid": .string("rid-\(id)")]), charge: CosmosFakeRequestCharge.small, state: &state)
        case ("POST", 3) where segments[0] == "dbs" && segments[2] == "colls":
            guard state.databases.contains(segments[1]) else { return Self.error(404, "NotFound", "Owner resource does not exist") }
            let body = CosmosFakeJSON.parse(request.body)
            guard let id = body?["id"]?.stringValue,
                case .array(let paths)? = body?["partitionKey"]?["paths"], let path = paths.first?.stringValue
            else { return Self.error(400, "BadRequest", "id and partitionKey.paths are required") }
            let key = "\(segments[1])/\(id)"
            guard state.containers[key] == nil else {
                return Self.error(409, "Conflict", "Resource with specified id, name, or unique index already exists.")
            }
            state.containers[key] = Container(partitionKeyField: String(path.dropFirst()), body: body ?? .null)
            return respond(201, body ?? .null, charge: CosmosFakeRequestCharge.small, state: &state)
        default:
            break
        }
        guard segments.count >= 5, segments[0] == "dbs", segments[2] == "colls", segments[4] == "docs", segments.count <= 6 else {
            return Self.error(400, "BadRequest", "unsupported resource path \(request.path)")
        }
        let containerKey = "\(segments[1])/\(segments[3])"
        guard var container = state.containers[containerKey] else {
            return Self.error(404, "NotFound", "Resource Not Found. Learn more: https://aka.ms/cosmosdb-tsg-not-found")
        }
        guard let header = request.header("x-ms-documentdb-partitionkey"),
            case .array(let keys)? = CosmosFakeJSON.parse(Array(header.utf8)), keys.count == 1, let partition = keys[0].stringValue
        else {
            return Self.error(400, "BadRequest", "The partition key supplied in x-ms-partitionkey header has fewer components than defined in the the collection.")
        }
        defer { state.containers[containerKey] = container }
        var documents = container.partitions[partition] ?? [:]
        defer { container.partitions[partition] = documents }

        if segments.count == 5 {
            guard request.method == "POST" else { return Self.error(405, "MethodNotAllowed", "use POST on a document feed") }
            if request.header("x-ms-documentdb-isquery") == "True" {
                return query(request, documents: documents, state: &state)
            }
            guard case .object(var fields)? = CosmosFakeJSON.parse(request.body), let id = fields["id"]?.stringValue else {
                return Self.error(400, "BadRequest", "The input content is invalid because the required properties - 'id; ' - are missing")
            }
            guard fields[container.partitionKeyField]?.stringValue == partition else {
                return Self.error(400, "BadRequest", "PartitionKey extracted from document doesn't match the one specified in the header.")
            }
            guard request.body.count <= 2 * 1024 * 1024 else {
                return Self.error(413, "RequestEntityTooLarge", "Request size is too large")
            }
            let exists = documents[id] != nil
            if exists && request.header("x-ms-documentdb-is-upsert") != "True" {
                return Self.error(409, "Conflict", "Entity with the specified id already exists in the system.")
            }
            stamp(&fields, id: id, link: "\(segments[0...4].joined(separator: "/"))/\(id)", state: &state)
            documents[id] = .object(fields)
            let stored = CosmosFakeJSON.object(fields)
            let indexed = CosmosFakeRequestCharge.indexedProperties(of: stored, policy: container.body["indexingPolicy"])
            let charge = exists
                ? CosmosFakeRequestCharge.replace(bytes: stored.bytes.count, indexedProperties: indexed)
                : CosmosFakeRequestCharge.insert(bytes: stored.bytes.count, indexedProperties: indexed)
            return respond(exists ? 200 : 201, stored, charge: charge, state: &state)
        }

        let id = segments[5]
        guard let current = documents[id] else {
            return Self.error(404, "NotFound", "Entity with the specified id does not exist in the system. More info: https://aka.ms/cosmosdb-tsg-not-found")
        }
        if let ifMatch = request.header("if-match"), request.method != "GET", ifMatch != current["_etag"]?.stringValue {
            return Self.error(412, "PreconditionFailed", "Operation cannot be performed because one of the specified precondition is not met.")
        }
        switch request.method {
        case "GET":
            return respond(200, current, charge: CosmosFakeRequestCharge.pointRead(bytes: current.bytes.count), state: &state)
        case "PUT":
            guard case .object(var fields)? = CosmosFakeJSON.parse(request.body), fields["id"]?.stringValue == id else {
                return Self.error(400, "BadRequest", "The id in the body must match the id in the path.")
            }
            guard fields[container.partitionKeyField]?.stringValue == partition else {
                return Self.error(400, "BadRequest", "PartitionKey extracted from document doesn't match the one specified in the header.")
            }
            stamp(&fields, id: id, link: segments.joined(separator: "/"), state: &state)
            documents[id] = .object(fields)
            let stored = CosmosFakeJSON.object(fields)
            let indexed = CosmosFakeRequestCharge.indexedProperties(of: stored, policy: container.body["indexingPolicy"])
            return respond(200, stored, charge: CosmosFakeRequestCharge.replace(bytes: stored.bytes.count, indexedProperties: indexed), state: &state)
        case "DELETE":
            documents[id] = nil
            state.lsn += 1
            let indexed = CosmosFakeRequestCharge.indexedProperties(of: current, policy: container.body["indexingPolicy"])
            return .bytes(204, headers: headers(state: state, charge: CosmosFakeRequestCharge.delete(bytes: current.bytes.count, indexedProperties: indexed)))
        default:
            return Self.error(405, "MethodNotAllowed", "unsupported method")
        }
    }

    private func query(_ request: LoopbackHTTPServer.Request, documents: [String: CosmosFakeJSON], state: inout State) -> LoopbackHTTPServer.Response {
        guard request.header("content-type") == "application/query+json",
            let body = CosmosFakeJSON.parse(request.body), let text = body["query"]?.stringValue
        else {
            return Self.error(400, "BadRequest", "A query needs Content-Type application/query+json and a body {\"query\", \"parameters\"}.")
        }
        var parameters: [String: CosmosFakeJSON] = [:]
        if case .array(let items)? = body["parameters"] {
            for item in items {
                guard let name = item["name"]?.stringValue, let value = item["value"] else {
                    return Self.error(400, "BadRequest", "Each parameter needs a name and a value.")
                }
                parameters[name] = value
            }
        }
        let results: [CosmosFakeJSON]
        do {
            let parsed = try CosmosFakeQuery(text: text, parameters: parameters)
            let ordered = documents.keys.sorted().compactMap { documents[$0] }
            results = parsed.run(over: ordered, parameters: parameters)
        } catch {
            return Self.error(400, "BadRequest", "The fake Cosmos DB server does not support this query: \(error)")
        }
        let pageSize = request.header("x-ms-max-item-count").flatMap(Int.init).map { $0 <= 0 ? 100 : $0 } ?? 100
        let start = request.header("x-ms-continuation").flatMap { Int($0.dropFirst("offset-".count)) } ?? 0
        let page = Array(results.dropFirst(start).prefix(pageSize))
        var extra: [String: String] = [:]
        if start + page.count < results.count { extra["x-ms-continuation"] = "offset-\(start + page.count)" }
        let payload = CosmosFakeJSON.object(["_rid": .string("rid"), "Documents": .array(page), "_count": .int(Int64(page.count))])
        let returned = page.reduce(0) { $0 + $1.bytes.count }
        return respond(200, payload, charge: CosmosFakeRequestCharge.query(returnedBytes: returned), state: &state, extra: extra)
    }

    private func stamp(_ fields: inout [String: CosmosFakeJSON], id: String, link: String, state: inout State) {
        state.etagCounter += 1
        state.lsn += 1
        fields["_rid"] = .string("rid-\(state.etagCounter)")
        fields["_self"] = .string(link)
        fields["_etag"] = .string("\"etag-\(state.etagCounter)\"")
        fields["_ts"] = .int(Int64(Date().timeIntervalSince1970))
        fields["_attachments"] = .string("attachments/")
    }

    private func headers(state: State, charge: Double) -> [String: String] {
        [
            "x-ms-session-token": "0:-1#\(state.lsn)", "x-ms-request-charge": CosmosFakeRequestCharge.header(charge),
            "x-ms-activity-id": UUID().uuidString.lowercased(), "content-type": "application/json",
        ]
    }

    private func respond(_ status: Int, _ body: CosmosFakeJSON, charge: Double, state: inout State, extra: [String: String] = [:]) -> LoopbackHTTPServer.Response {
        var fields = headers(state: state, charge: charge).merging(extra) { $1 }
        if let etag = body["_etag"]?.stringValue { fields["etag"] = etag }
        return .bytes(status, headers: fields, body.bytes)
    }

    /// An error response `{"code", "message"}` with `status`, charged as ``CosmosFakeRequestCharge/refusal(status:)``.
    public static func error(_ status: Int, _ code: String, _ message: String, headers: [String: String] = [:]) -> LoopbackHTTPServer.Response {
        var fields = headers
        fields["content-type"] = "application/json"
        fields["x-ms-activity-id"] = UUID().uuidString.lowercased()
        fields["x-ms-request-charge"] = CosmosFakeRequestCharge.header(CosmosFakeRequestCharge.refusal(status: status))
        return .bytes(status, headers: fields, CosmosFakeJSON.object(["code": .string(code), "message": .string(message)]).bytes)
    }

    /// `application/x-www-form-urlencoded`-style encoding with the safe set `-_.!~*'()`.
    public static func formEncode(_ value: String) -> String {
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        allowed.insert(charactersIn: "-_.!~*'()")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
