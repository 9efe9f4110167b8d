import CryptoExtras
import DaiBaiTestSupport
import Foundation
import Synchronization

/// A Key Vault keys endpoint on loopback that performs real RSA-OAEP-256 with its own RSA keys:
/// challenge-based auth (401 + `WWW-Authenticate` without the accepted bearer token),
/// `GET /keys/{name}[/{version}]`, `POST /keys/{name}/{version}/wrapkey` and `…/unwrapkey`,
/// several versions of one key (``rotate()`` adds a new current one), and scripted failures.
///
/// Shapes follow Microsoft's REST reference (Key Vault keys, "Wrap Key", "Unwrap Key", "Get Key"):
/// the request body `{"alg","value"}` with a base64url value, the `KeyOperationResult`
/// `{"kid","value"}`, the `KeyBundle` `{"key":{"kid","kty","key_ops",…},"attributes":{…}}` and
/// the `KeyVaultError` body `{"error":{"code","message"}}`. A value that does not decrypt is
/// answered 400 `BadRequest` ("Unable to decrypt specified value with this key", as reported
/// by SDK users); a malformed value 400 `BadParameter`.
final class KeyVaultKeysFakeVault: Sendable {
    struct Settings: Sendable {
        /// The only bearer token accepted.
        var acceptedToken = "kek-test-token"
        /// The Entra tenant named in the challenge.
        var entraTenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"
        /// Answer every authenticated request with 403 (the identity has no role).
        var denyAll = false
        /// The key type reported by `GET /keys/{name}`.
        var keyType = "RSA"
    }

    /// One scripted answer to the next authenticated request; `echoValue` puts the request's
    /// `value` into the error message, as a careless service might.
    struct Scripted: Sendable {
        var status: Int
        var code: String
        var message: String
        var echoValue = false
    }

    private struct State {
        var settings: Settings
        /// Version id → DER of the RSA private key; the last one is current.
        var versions: [(id: String, der: Data)] = []
        var scripted: [Scripted] = []
    }

    let baseURL: String
    let keyName: String
    private let state: Mutex<State>

    init(baseURL: String, keyName: String, settings: Settings = Settings()) throws {
        self.baseURL = baseURL
        self.keyName = keyName
        self.state = Mutex(State(settings: settings))
        try rotate()
    }

    /// Runs `body` with a started vault holding one version of `keyName`.
    static func run<T>(
        keyName: String = "byok-kek",
        settings: Settings = Settings(),
        _ body: (KeyVaultKeysFakeVault, LoopbackHTTPServer) async throws -> T
    ) async throws -> T {
        try await withLoopbackServer { server in
            let vault = try KeyVaultKeysFakeVault(baseURL: server.baseURL, keyName: keyName, settings: settings)
            await server.route("/*") { request in vault.handle(request) }
            return try await body(vault, server)
        }
    }

    // MARK: - Test hooks

    /// Adds a new version with a fresh 2048-bit RSA key and makes it current; returns its id.
    @discardableResult
    func rotate() throws -> String {
        let key = try _RSA.Encryption.PrivateKey(keySize: .bits2048)
        let id = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        state.withLock { $0.versions.append((id, key.derRepresentation)) }
        return id
    }

    /// The current version's id.
    var currentVersion: String { state.withLock { $0.versions.last?.id ?? "" } }

    /// Every version's id, oldest first.
    var versionIDs: [String] { state.withLock { $0.versions.map(\.id) } }

    func update(_ change: (inout Settings) -> Void) { state.withLock { change(&$0.settings) } }

    /// Answers the next authenticated requests with `responses`, in order.
    func script(_ responses: [Scripted]) { state.withLock { $0.scripted.append(contentsOf: responses) } }

    /// Decrypts `bytes` with version `version` of the key, independently of the code under test.
    func decrypt(_ bytes: [UInt8], version: String) -> [UInt8]? {
        guard let key = privateKey(version) else { return nil }
        return (try? key.decrypt(bytes, padding: .PKCS1_OAEP_SHA256)).map(Array.init)
    }

    /// The authenticated wrap and unwrap requests received, in order.
    func operations(_ requests: [LoopbackHTTPServer.Request]) -> [LoopbackHTTPServer.Request] {
        requests.filter { $0.header("authorization") != nil && $0.method == "POST" }
    }

    // MARK: - Protocol

    func handle(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
        let settings = state.withLock { $0.settings }
        guard request.header("authorization") == "Bearer \(settings.acceptedToken)" else {
            let challenge = "Bearer authorization=\"https://login.microsoftonline.com/\(settings.entraTenant)\", resource=\"\(baseURL)\""
            // shape: Key Vault's 401 to a request without a token (Microsoft Learn, "Azure Key Vault authentication").
            return Self.error(401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.",
                              headers: ["WWW-Authenticate": challenge])
        }
        guard request.queryValue("api-version") != nil else {
            return Self.error(400, "BadParameter", "The request URI contains an invalid or missing api-version.")
        }
        let value = (try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])?["value"] as? String
        if let scripted = state.withLock({ $0.scripted.isEmpty ? nil : $0.scripted.removeFirst() }) {
            let message = scripted.echoValue ? "\(scripted.message) (value '\(value ?? "")')" : scripted.message
            return Self.error(scripted.status, scripted.code, message)
        }
        if settings.denyAll {
            // shape: KeyVaultError for an identity without an RBAC role or access policy (403 Forbidden).
            return Self.error(403, "Forbidden",
                              "Caller is not authorized to perform action on resource. Action: 'Microsoft.KeyVault/vaults/keys/wrap/action'")
        }
        let segments = request.path.split(separator: "/").map(String.init)
        guard segments.first == "keys", segments.count >= 2, segments[1].lowercased() == keyName.lowercased() else {
            return Self.error(404, "KeyNotFound", "A key with (name/id) \(segments.dropFirst().first ?? "") was not found in this key vault.")
        }
        switch (request.method, segments.count) {
        case ("GET", 2): return bundle(version: currentVersion, settings: settings)
        case ("GET", 3): return bundle(version: segments[2], settings: settings)
        case ("POST", 4) where segments[3] == "wrapkey": return operate(request, version: segments[2], wrap: true)
        case ("POST", 4) where segments[3] == "unwrapkey": return operate(request, version: segments[2], wrap: false)
        default: return Self.error(405, "BadParameter", "Method not allowed.")
        }
    }

    private func bundle(version: String, settings: Settings) -> LoopbackHTTPServer.Response {
        guard let key = privateKey(version), let primitives = try? key.publicKey.getKeyPrimitives() else {
            return notFound(version)
        }
        // shape: Get Key example (KeyBundle with a JsonWebKey and attributes).
        return Self.json(200, [
            "key": [
                "kid": kid(version), "kty": settings.keyType,
                "key_ops": ["encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey"],
                "n": Self.base64url(Array(primitives.modulus)), "e": Self.base64url(Array(primitives.publicExponent)),
            ] as [String: Any],
            "attributes": ["enabled": true, "created": 1_493_942_451, "updated": 1_493_942_451, "recoveryLevel": "Recoverable+Purgeable"] as [String: Any],
        ])
    }

    private func operate(_ request: LoopbackHTTPServer.Request, version: String, wrap: Bool) -> LoopbackHTTPServer.Response {
        guard let key = privateKey(version) else { return notFound(version) }
        guard let object = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any],
              let alg = object["alg"] as? String, let value = object["value"] as? String
        else {
            return Self.error(400, "BadParameter", "Property 'alg' and 'value' are required.")
        }
        guard alg == "RSA-OAEP-256" else {
            return Self.error(400, "BadParameter", "Invalid algorithm: \(alg)")
        }
        guard let input = Self.decodeBase64url(value) else {
            return Self.error(400, "BadParameter", "Content of 'value' is not base64url.")
        }
        let output: [UInt8]
        if wrap {
            guard let encrypted = try? key.publicKey.encrypt(input, padding: .PKCS1_OAEP_SHA256) else {
                return Self.error(400, "BadParameter", "The value is too long for this key.")
            }
            output = Array(encrypted)
        } else {
            guard let decrypted = try? key.decrypt(input, padding: .PKCS1_OAEP_SHA256) else {
                return Self.error(400, "BadRequest", "Unable to decrypt specified value with this key.")
            }
            output = Array(decrypted)
        }
        // shape: Wrap Key / Unwrap Key examples (KeyOperationResult).
        return Self.json(200, ["kid": kid(version), "value": Self.base64url(output)])
    }

    private func notFound(_ version: String) -> LoopbackHTTPServer.Response {
        // shape: KeyVaultError with code KeyNotFound for a missing name or version.
        Self.error(404, "KeyNotFound", "A key with (name/id) \(keyName)/\(version) was not found in this key vault.")
    }

    private func kid(_ version: String) -> String { "\(baseURL)/keys/\(keyName)/\(version)" }

    private func privateKey(_ version: String) -> _RSA.Encryption.PrivateKey? {
        guard let der = state.withLock({ $0.versions.first { $0.id == version }?.der }) else { return nil }
        return try? _RSA.Encryption.PrivateKey(derRepresentation: der)
    }

    // MARK: - Helpers

    static func base64url(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decodeBase64url(_ text: String) -> [UInt8]? {
        guard !text.contains("+"), !text.contains("/"), !text.contains("=") else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64).map(Array.init)
    }

    static func json(_ status: Int, _ object: [String: Any], headers: [String: String] = [:]) -> LoopbackHTTPServer.Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        var fields = headers
        fields["Content-Type"] = "application/json; charset=utf-8"
        return .bytes(status, headers: fields, Array(data))
    }

    /// A `KeyVaultError` body.
    static func error(_ status: Int, _ code: String, _ message: String, headers: [String: String] = [:]) -> LoopbackHTTPServer.Response {
        json(status, ["error": ["code": code, "message": message]], headers: headers)
    }
}
