import DaiBaiTestSupport
import Foundation
import Synchronization

/// A Key Vault secrets endpoint on loopback that speaks the data-plane wire protocol:
/// challenge-based auth (401 + `WWW-Authenticate` without a valid bearer token), `GET`/`PUT`/
/// `DELETE /secrets/{name}[/{version}]`, `GET /secrets` paged by `nextLink` (`$skiptoken`),
/// case-insensitive names, soft delete, disabled and certificate-managed secrets, and
/// scripted 403 / 429 / 5xx answers.
///
/// Shapes: Azure/azure-rest-api-specs specification/keyvault/data-plane/Microsoft.KeyVault/
/// stable/7.5/examples/ GetSecret-example.json, SetSecret-example.json, DeleteSecret-example.json,
/// GetSecrets-example.json, and the `KeyVaultError` definition in stable/7.5/common.json
/// (`{"error":{"code","message","innererror"}}`). The challenge header follows Microsoft's
/// "Azure Key Vault authentication" documentation
/// (`Bearer authorization="https://login.microsoftonline.com/{tenant}", resource="https://vault.azure.net"`).
final class KeyVaultFakeVault: Sendable {
    struct Version: Sendable {
        var id: String
        var value: String
        var tags: [String: String]?
        var contentType: String?
        var created: Int
    }

    struct Secret: Sendable {
        var name: String
        var versions: [Version]
        var enabled = true
        var managed = false
    }

    struct Settings: Sendable {
        /// The only bearer token accepted.
        var acceptedToken = "test-token"
        /// The `WWW-Authenticate` value of 401 answers; `nil` means the vault's own origin as resource.
        var challenge: String?
        /// The Entra tenant named in the default challenge.
        var entraTenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"
        /// Items per list page when the request asks for more.
        var pageSize = 25
        /// When set, `nextLink`s point to this origin instead of the vault's.
        var nextLinkOrigin: String?
        /// Whether deleted names stay reserved (soft delete).
        var softDelete = true
        /// Answer every authenticated request with 403 (the identity has no access).
        var denyAll = false
    }

    /// A scripted answer for the next authenticated requests.
    struct Scripted: Sendable {
        var status: Int
        var headers: [String: String]
        var code: String
        var message: String
    }

    private struct State {
        var settings: Settings
        var secrets: [String: Secret] = [:]
        var deleted: [String: Secret] = [:]
        var scripted: [Scripted] = []
        var versionCounter = 0
    }

    let baseURL: String
    private let state: Mutex<State>
    /// When set, authenticated secret reads wait for it (to hold a request in flight).
    let readGate: TestSignal?

    init(baseURL: String, settings: Settings = Settings(), readGate: TestSignal? = nil) {
        self.baseURL = baseURL
        self.state = Mutex(State(settings: settings))
        self.readGate = readGate
    }

    /// Runs `body` with a started vault on loopback.
    static func run<T>(
        settings: Settings = Settings(),
        readGate: TestSignal? = nil,
        _ body: (KeyVaultFakeVault, LoopbackHTTPServer) async throws -> T
    ) async throws -> T {
        try await withLoopbackServer { server in
            let vault = KeyVaultFakeVault(baseURL: server.baseURL, settings: settings, readGate: readGate)
            await server.route("/*") { request in await vault.handle(request) }
            return try await body(vault, server)
        }
    }

    // MARK: - Test hooks

    func update(_ change: (inout Settings) -> Void) { state.withLock { change(&$0.settings) } }

    /// Stores a secret directly, as another tool (portal, CLI) would.
    func seed(_ name: String, value: String, tags: [String: String]? = nil, enabled: Bool = true, managed: Bool = false) {
        state.withLock { state in
            state.versionCounter += 1
            let version = Version(id: Self.versionID(state.versionCounter), value: value, tags: tags, created: 1_493_938_410)
            var secret = state.secrets[name.lowercased()] ?? Secret(name: name, versions: [])
            secret.versions.append(version)
            secret.enabled = enabled
            secret.managed = managed
            state.secrets[name.lowercased()] = secret
        }
    }

    /// The current secret stored under `name` (case-insensitive).
    func stored(_ name: String) -> Secret? { state.withLock { $0.secrets[name.lowercased()] } }

    /// All stored names, as created.
    var storedNames: [String] { state.withLock { $0.secrets.values.map(\.name).sorted() } }

    /// Answers the next authenticated requests with `responses`, in order.
    func script(_ responses: [Scripted]) { state.withLock { $0.scripted.append(contentsOf: responses) } }

    // MARK: - Protocol

    func handle(_ request: LoopbackHTTPServer.Request) async -> LoopbackHTTPServer.Response {
        let settings = state.withLock { $0.settings }
        guard request.header("authorization") == "Bearer \(settings.acceptedToken)" else {
            let challenge = settings.challenge
                ?? "Bearer authorization=\"https://login.microsoftonline.com/\(settings.entraTenant)\", resource=\"\(baseURL)\""
            // shape: Key Vault's 401 to a request without a token (Microsoft Learn, "Azure Key Vault authentication").
            return Self.error(401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.",
                              headers: ["WWW-Authenticate": challenge])
        }
        guard request.queryValue("api-version") != nil else {
            return Self.error(400, "BadParameter", "The request URI contains an invalid or missing api-version.")
        }
        if let scripted = state.withLock({ $0.scripted.isEmpty ? nil : $0.scripted.removeFirst() }) {
            return Self.error(scripted.status, scripted.code, scripted.message, headers: scripted.headers)
        }
        if settings.denyAll {
            // shape: KeyVaultError for an identity without an RBAC role or access policy (403 Forbidden).
            return Self.error(403, "Forbidden",
                              "Caller is not authorized to perform action on resource. Action: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'")
        }
        let segments = request.path.split(separator: "/").map(String.init)
        if segments.first == "deletedsecrets", segments.count == 2 {
            return deletedSecret(segments[1], purge: request.method == "DELETE")
        }
        guard segments.first == "secrets" else { return Self.error(404, "NotFound", "Unknown path.") }
        switch (request.method, segments.count) {
        case ("GET", 1): return list(request, settings: settings)
        case ("GET", 2), ("GET", 3):
            if let readGate { await readGate.wait() }
            return get(segments[1], version: segments.count == 3 ? segments[2] : nil)
        case ("PUT", 2): return put(segments[1], body: request.body)
        case ("DELETE", 2): return delete(segments[1], softDelete: settings.softDelete)
        default: return Self.error(405, "BadParameter", "Method not allowed.")
        }
    }

    private func get(_ name: String, version: String?) -> LoopbackHTTPServer.Response {
        guard let secret = state.withLock({ $0.secrets[name.lowercased()] }),
              let selected = version.map({ v in secret.versions.first { $0.id == v } }) ?? secret.versions.last
        else {
            // shape: KeyVaultError with code SecretNotFound, as Key Vault answers a missing name or version.
            return Self.error(404, "SecretNotFound",
                              "A secret with (name/id) \(name) was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command.")
        }
        guard secret.enabled else {
            // shape: KeyVaultError for a disabled secret (403 Forbidden, innererror SecretDisabled).
            return Self.error(403, "Forbidden", "Operation get is not allowed on a disabled secret.", inner: "SecretDisabled")
        }
        // shape: stable/7.5/examples/GetSecret-example.json (SecretBundle).
        var bundle = item(secret, version: selected)
        bundle["value"] = selected.value
        return Self.json(200, bundle)
    }

    private func put(_ name: String, body: [UInt8]) -> LoopbackHTTPServer.Response {
        guard Self.isValidName(name) else {
            return Self.error(400, "BadParameter", "The request URI contains an invalid name: \(name)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let value = object["value"] as? String
        else {
            return Self.error(400, "BadParameter", "Property value is required.")
        }
        let tags = object["tags"] as? [String: String]
        let contentType = object["contentType"] as? String
        let result: Secret? = state.withLock { state in
            guard state.deleted[name.lowercased()] == nil else { return nil }
            state.versionCounter += 1
            let version = Version(id: Self.versionID(state.versionCounter), value: value, tags: tags,
                                  contentType: contentType, created: 1_493_938_459)
            var secret = state.secrets[name.lowercased()] ?? Secret(name: name, versions: [])
            secret.versions.append(version)
            secret.enabled = true
            state.secrets[name.lowercased()] = secret
            return secret
        }
        guard let secret = result, let latest = secret.versions.last else {
            // shape: KeyVaultError for a name held by a soft-deleted secret (409, innererror ObjectIsDeletedButRecoverable).
            return Self.error(409, "Conflict",
                              "Secret \(name) is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.",
                              inner: "ObjectIsDeletedButRecoverable")
        }
        // shape: stable/7.5/examples/SetSecret-example.json (SecretBundle of the new version).
        var bundle = item(secret, version: latest)
        bundle["value"] = latest.value
        return Self.json(200, bundle)
    }

    private func delete(_ name: String, softDelete: Bool) -> LoopbackHTTPServer.Response {
        let removed: Secret? = state.withLock { state in
            guard let secret = state.secrets.removeValue(forKey: name.lowercased()) else { return nil }
            if softDelete { state.deleted[name.lowercased()] = secret }
            return secret
        }
        guard let secret = removed, let latest = secret.versions.last else {
            return Self.error(404, "SecretNotFound", "A secret with (name/id) \(name) was not found in this key vault.")
        }
        // shape: stable/7.5/examples/DeleteSecret-example.json (DeletedSecretBundle).
        var bundle = item(secret, version: latest)
        bundle["recoveryId"] = "\(baseURL)/deletedsecrets/\(secret.name)"
        bundle["deletedDate"] = 1_493_938_433
        bundle["scheduledPurgeDate"] = 1_501_714_433
        return Self.json(200, bundle)
    }

    /// `GET /deletedsecrets/{name}` (a `DeletedSecretBundle` without value) or `DELETE` (purge, 204).
    private func deletedSecret(_ name: String, purge: Bool) -> LoopbackHTTPServer.Response {
        let found: Secret? = state.withLock { state in
            purge ? state.deleted.removeValue(forKey: name.lowercased()) : state.deleted[name.lowercased()]
        }
        guard let secret = found, let latest = secret.versions.last else {
            return Self.error(404, "SecretNotFound", "Deleted Secret not found: \(name)")
        }
        // shape: stable/7.5/examples/PurgeDeletedSecret-example.json (204) and GetDeletedSecret-example.json.
        if purge { return .bytes(204) }
        var bundle = item(secret, version: latest)
        bundle["recoveryId"] = "\(baseURL)/deletedsecrets/\(secret.name)"
        bundle["deletedDate"] = 1_493_938_433
        bundle["scheduledPurgeDate"] = 1_501_714_433
        return Self.json(200, bundle)
    }

    private func list(_ request: LoopbackHTTPServer.Request, settings: Settings) -> LoopbackHTTPServer.Response {
        let maxResults = min(request.queryValue("maxresults").flatMap(Int.init) ?? 25, settings.pageSize)
        let start = request.queryValue("$skiptoken").flatMap(Int.init) ?? 0
        let secrets = state.withLock { $0.secrets.values.sorted { $0.name.lowercased() < $1.name.lowercased() } }
        let page = secrets.dropFirst(start).prefix(maxResults)
        // shape: stable/7.5/examples/GetSecrets-example.json (SecretListResult with an absolute nextLink).
        var body: [String: Any] = [
            "value": page.compactMap { secret in secret.versions.last.map { item(secret, version: $0, withVersion: false) } }
        ]
        if start + maxResults < secrets.count {
            let origin = settings.nextLinkOrigin ?? baseURL
            let apiVersion = request.queryValue("api-version") ?? ""
            body["nextLink"] = "\(origin)/secrets?api-version=\(apiVersion)&$skiptoken=\(start + maxResults)&maxresults=\(maxResults)"
        } else {
            body["nextLink"] = NSNull()
        }
        return Self.json(200, body)
    }

    /// A `SecretItem` (or the metadata of a `SecretBundle`).
    private func item(_ secret: Secret, version: Version, withVersion: Bool = true) -> [String: Any] {
        var item: [String: Any] = [
            "id": "\(baseURL)/secrets/\(secret.name)" + (withVersion ? "/\(version.id)" : ""),
            "attributes": [
                "enabled": secret.enabled, "created": version.created, "updated": version.created,
                "recoveryLevel": "Recoverable+Purgeable",
            ] as [String: Any],
        ]
        if let tags = version.tags { item["tags"] = tags }
        if let contentType = version.contentType { item["contentType"] = contentType }
        if secret.managed { item["managed"] = true }
        return item
    }

    // MARK: - Helpers

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 127 && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }

    static func versionID(_ counter: Int) -> String {
        let hex = String(counter, radix: 16)
        return String(repeating: "0", count: 32 - hex.count) + hex
    }

    static func json(_ status: Int, _ object: [String: Any], headers: [String: String] = [:]) -> LoopbackHTTPServer.Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        var fields = headers
        fields["Content-Type"] = "application/json; charset=utf-8"
        return .bytes(status, headers: fields, Array(data))
    }

    /// A `KeyVaultError` body.
    static func error(
        _ status: Int, _ code: String, _ message: String, inner: String? = nil, headers: [String: String] = [:]
    ) -> LoopbackHTTPServer.Response {
        var error: [String: Any] = ["code": code, "message": message]
        if let inner { error["innererror"] = ["code": inner] }
        return json(status, ["error": error], headers: headers)
    }
}
