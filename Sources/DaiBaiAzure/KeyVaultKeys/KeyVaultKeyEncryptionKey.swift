import Crypto
import DaiBaiCore
import Foundation
import HTTPTypes
import Logging

/// A ``KeyEncryptionKey`` held in Azure Key Vault: an RSA key whose private part never leaves
/// the vault; data keys are wrapped and unwrapped by the vault with `RSA-OAEP-256`.
///
/// - Requests: `POST /keys/{name}/{version}/wrapkey` and `…/unwrapkey` with
///   `{"alg":"RSA-OAEP-256","value":"<base64url>"}`, and `GET /keys/{name}` to learn the current
///   version (the last path segment of the answer's `key.kid`), on the data-plane API version
///   ``defaultAPIVersion``.
/// - Versions: ``wrap(_:)`` uses the current version and records the version the vault names in
///   its answer's `kid`; ``unwrap(_:)`` uses the version recorded in the ``WrappedDataKey``, so
///   entries wrapped before a rotation still open until
///   ``EnvelopeUserKeyVault/rewrapKeys(context:)`` has moved them. The current version is
///   cached for `versionCacheTTL` (five minutes by default), so a rotation is picked up within
///   that time and a wrap normally costs one request.
/// - Authentication: the same challenge-based flow as ``KeyVaultSecretStore`` (the first request
///   goes without a token and without its body; the vault's challenge must name the vault's
///   domain before the credential is asked). The identity needs the 'Key Vault Crypto User'
///   role (or 'Key Vault Crypto Service Encryption User', or an access policy with the get,
///   wrapKey and unwrapKey key permissions).
/// - Retries: 429 and 5xx through Core's ``RetryingHTTPTransport``.
/// - Errors are ``KeyWrapError``s naming the vault's error code and message; they never carry
///   key bytes or tokens, and logs carry the vault host, key name and version only.
///
/// ```swift
/// let kek = try KeyVaultKeyEncryptionKey(
///     keyURL: "https://daibai.vault.azure.net/keys/byok-kek", credential: DefaultAzureCredential())
/// let vault = EnvelopeUserKeyVault(store: keyStore, kek: kek)
/// ```
public struct KeyVaultKeyEncryptionKey: KeyEncryptionKey {
    /// `RSA-OAEP-256`, the wrapping algorithm recorded in every ``WrappedDataKey``.
    public static let algorithm = "RSA-OAEP-256"

    /// The data-plane API version sent with every request (the one ``KeyVaultSecretStore`` uses).
    public static let defaultAPIVersion = KeyVaultSecretStore.defaultAPIVersion

    /// How long the current key version is used before it is looked up again: five minutes.
    public static let defaultVersionCacheTTL: Duration = .seconds(300)

    /// The key URL without a version, for example `https://daibai.vault.azure.net/keys/byok-kek`;
    /// recorded in every ``WrappedDataKey``.
    public let keyID: String
    /// The key's name in the vault.
    public let keyName: String
    /// The vault's origin, for example `https://daibai.vault.azure.net`.
    public var vaultURL: String { endpoint.description }

    let endpoint: KeyVaultEndpoint
    let apiVersion: String
    let client: KeyVaultHTTPClient
    let versions: KeyVaultKeyVersionCache
    let logger: Logger

    /// Uses the key `keyName` of the vault at `vaultURL`; nothing is sent until the first call.
    /// - Parameters:
    ///   - vaultURL: The vault URI, for example `https://daibai.vault.azure.net/` (`http` only for loopback hosts).
    ///   - keyName: The RSA key's name (1-127 letters, digits and `-`).
    ///   - credential: Where tokens come from (for example the Entra credential chain).
    ///   - transport: The HTTP transport; pass a plain one, retries are added here.
    ///   - retrier: The retry loop for 429 and 5xx responses (``RetryPolicy/none`` disables retries).
    ///   - verifyChallengeResource: Whether the challenge's resource must be the vault's domain
    ///     before a token is requested. Keep it on.
    ///   - versionCacheTTL: How long the current version is used before it is looked up again;
    ///     zero looks it up for every wrap.
    ///   - apiVersion: The data-plane API version.
    ///   - timeout: The longest wait for a response head.
    ///   - now: The clock the version cache is measured on.
    ///   - logger: Where diagnostics go (host, key name and version only); nothing is logged by default.
    /// - Throws: ``KeyWrapError/invalidKeyMaterial(keyID:reason:)`` when the URL, key name or API
    ///   version is unusable.
    public init(
        vaultURL: String,
        keyName: String,
        credential: any TokenCredential,
        transport: any HTTPTransport = AsyncHTTPClientTransport(),
        retrier: Retrier = Retrier(),
        verifyChallengeResource: Bool = true,
        versionCacheTTL: Duration = KeyVaultKeyEncryptionKey.defaultVersionCacheTTL,
        apiVersion: String = KeyVaultKeyEncryptionKey.defaultAPIVersion,
        timeout: Duration = .seconds(30),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now },
        logger: Logger = Logger(label: "daibai.byok.keyvault", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(KeyWrapError) {
        let described = "\(vaultURL)/keys/\(keyName)"
        guard Self.isValidKeyName(keyName) else {
            throw .invalidKeyMaterial(keyID: described, reason: "a Key Vault key name is 1-127 letters, digits and '-', for example 'byok-kek'")
        }
        guard !apiVersion.isEmpty, apiVersion.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }) else {
            throw .invalidKeyMaterial(keyID: described, reason: "the Key Vault API version must look like \(Self.defaultAPIVersion)")
        }
        guard versionCacheTTL >= .zero else {
            throw .invalidKeyMaterial(keyID: described, reason: "the version cache time-to-live must not be negative")
        }
        let endpoint: KeyVaultEndpoint
        do {
            endpoint = try KeyVaultEndpoint(vaultURL: vaultURL)
        } catch {
            throw KeyVaultKeyFailure.error(for: error, keyID: described, redacting: []).asInvalidKeyMaterial
        }
        self.endpoint = endpoint
        self.keyName = keyName
        self.keyID = "\(endpoint.description)/keys/\(keyName)"
        self.apiVersion = apiVersion
        self.versions = KeyVaultKeyVersionCache(ttl: versionCacheTTL, now: now)
        self.logger = logger
        self.client = KeyVaultHTTPClient(
            endpoint: endpoint,
            credential: credential,
            transport: RetryingHTTPTransport(base: transport, retrier: retrier),
            verifyChallengeResource: verifyChallengeResource,
            timeout: timeout,
            auth: KeyVaultAuthState(),
            logger: logger)
    }

    /// Uses the key at `keyURL`, a key identifier without a version such as
    /// `https://daibai.vault.azure.net/keys/byok-kek` (the portal's key URL); the other
    /// parameters are those of ``init(vaultURL:keyName:credential:transport:retrier:verifyChallengeResource:versionCacheTTL:apiVersion:timeout:now:logger:)``.
    /// - Throws: ``KeyWrapError/invalidKeyMaterial(keyID:reason:)`` when `keyURL` is not
    ///   `https://<vault>/keys/<name>`; a versioned URL is refused, because the version must
    ///   follow rotations.
    public init(
        keyURL: String,
        credential: any TokenCredential,
        transport: any HTTPTransport = AsyncHTTPClientTransport(),
        retrier: Retrier = Retrier(),
        verifyChallengeResource: Bool = true,
        versionCacheTTL: Duration = KeyVaultKeyEncryptionKey.defaultVersionCacheTTL,
        apiVersion: String = KeyVaultKeyEncryptionKey.defaultAPIVersion,
        timeout: Duration = .seconds(30),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now },
        logger: Logger = Logger(label: "daibai.byok.keyvault", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(KeyWrapError) {
        let fix = "use the key URL without a version, for example https://myvault.vault.azure.net/keys/byok-kek"
        guard var components = URLComponents(string: keyURL.trimmingCharacters(in: .whitespaces)) else {
            throw .invalidKeyMaterial(keyID: keyURL, reason: "the key URL is not a valid URL; \(fix)")
        }
        let segments = components.percentEncodedPath.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard segments.count == 2, segments[0] == "keys" else {
            let reason = segments.count == 3 && segments[0] == "keys"
                ? "the key URL names a version; the current version is looked up instead, so that rotations are followed"
                : "the key URL's path is not /keys/<name>"
            throw .invalidKeyMaterial(keyID: keyURL, reason: "\(reason); \(fix)")
        }
        components.percentEncodedPath = ""
        try self.init(
            vaultURL: components.string ?? keyURL, keyName: segments[1], credential: credential, transport: transport,
            retrier: retrier, verifyChallengeResource: verifyChallengeResource, versionCacheTTL: versionCacheTTL,
            apiVersion: apiVersion, timeout: timeout, now: now, logger: logger)
    }

    // MARK: - KeyEncryptionKey

    /// The key's current version: cached for the version cache's time-to-live, otherwise read
    /// with `GET /keys/{name}` (the last segment of `key.kid`).
    ///
    /// - Throws: ``KeyWrapError/unavailable(keyID:reason:)`` when the vault cannot be reached,
    ///   refuses the identity or has no such key, or the current version is disabled;
    ///   ``KeyWrapError/invalidKeyMaterial(keyID:reason:)`` when the key is not an RSA key
    ///   permitted to wrap and unwrap.
    public func currentVersion() async throws(KeyWrapError) -> String {
        if let cached = versions.current() { return cached }
        let version = try await fetchCurrentVersion()
        versions.store(version)
        return version
    }

    /// Wraps `dataKey` with the current version (`RSA-OAEP-256` in the vault); the result
    /// records the version named by the vault's answer.
    public func wrap(_ dataKey: SymmetricKey) async throws(KeyWrapError) -> WrappedDataKey {
        let plaintext = dataKey.withUnsafeBytes { Array($0) }
        let version = try await currentVersion()
        let encoded = KeyVaultBase64URL.encode(plaintext)
        let operation = "wrap a data key with key '\(keyName)' version \(version)"
        let response = try await send(
            .post, pathAndQuery: keyPath(version: version, action: "wrapkey"),
            body: try body(encoded), operation: operation, redacting: [encoded])
        guard response.status == 200 else {
            // The cached version may have been deleted meanwhile; look it up again next time.
            if response.status == 404 { versions.invalidate() }
            throw KeyVaultKeyFailure.error(
                for: response, purpose: .wrap(version: version), operation: operation, keyID: keyID,
                host: endpoint.host, redacting: [encoded])
        }
        let result = try decodeResult(response, operation: operation)
        let wrappedVersion: String
        if let kid = result.kid {
            guard let named = Self.version(ofKeyIdentifier: kid, keyName: keyName) else {
                throw .unavailable(
                    keyID: keyID,
                    reason: "the vault's answer to \(operation) names the key '\(KeyVaultKeyFailure.sanitize(kid, redacting: [encoded]))', not a version of '\(keyName)'")
            }
            wrappedVersion = named
        } else {
            wrappedVersion = version
        }
        guard let value = result.value, let bytes = KeyVaultBase64URL.decode(value), !bytes.isEmpty else {
            throw .unavailable(keyID: keyID, reason: "the vault's answer to \(operation) carries no base64url value (KeyOperationResult.value)")
        }
        logger.debug("Wrapped a data key with Key Vault", metadata: ["host": "\(endpoint.host)", "key": "\(keyName)", "version": "\(wrappedVersion)"])
        return WrappedDataKey(keyID: keyID, keyVersion: wrappedVersion, algorithm: Self.algorithm, bytes: bytes)
    }

    /// Unwraps `wrapped` with the version it records (which may be older than the current one).
    ///
    /// - Throws: ``KeyWrapError/unwrapFailed(keyID:reason:)`` when `wrapped` was made by another
    ///   key or algorithm, or the vault cannot decrypt it (HTTP 400: altered or foreign);
    ///   ``KeyWrapError/unknownVersion(keyID:version:)`` when the vault has no such version;
    ///   ``KeyWrapError/unavailable(keyID:reason:)`` when the vault cannot be reached or refuses.
    public func unwrap(_ wrapped: WrappedDataKey) async throws(KeyWrapError) -> SymmetricKey {
        // Vault hosts and key names are case-insensitive.
        guard wrapped.keyID.lowercased() == keyID.lowercased() else {
            throw .unwrapFailed(keyID: keyID, reason: "the data key was wrapped by '\(wrapped.keyID)', not by this key")
        }
        guard wrapped.algorithm == Self.algorithm else {
            throw .unwrapFailed(keyID: keyID, reason: "the data key was wrapped with \(wrapped.algorithm), not \(Self.algorithm)")
        }
        guard Self.isValidVersion(wrapped.keyVersion) else {
            throw .unknownVersion(keyID: keyID, version: wrapped.keyVersion)
        }
        guard !wrapped.bytes.isEmpty else {
            throw .unwrapFailed(keyID: keyID, reason: "the wrapped data key is empty")
        }
        let encoded = KeyVaultBase64URL.encode(wrapped.bytes)
        let operation = "unwrap a data key with key '\(keyName)' version \(wrapped.keyVersion)"
        let response = try await send(
            .post, pathAndQuery: keyPath(version: wrapped.keyVersion, action: "unwrapkey"),
            body: try body(encoded), operation: operation, redacting: [encoded])
        guard response.status == 200 else {
            throw KeyVaultKeyFailure.error(
                for: response, purpose: .unwrap(version: wrapped.keyVersion), operation: operation, keyID: keyID,
                host: endpoint.host, redacting: [encoded])
        }
        let result = try decodeResult(response, operation: operation)
        guard let value = result.value, let bytes = KeyVaultBase64URL.decode(value), !bytes.isEmpty else {
            throw .unavailable(keyID: keyID, reason: "the vault's answer to \(operation) carries no base64url value (KeyOperationResult.value)")
        }
        logger.debug("Unwrapped a data key with Key Vault", metadata: ["host": "\(endpoint.host)", "key": "\(keyName)", "version": "\(wrapped.keyVersion)"])
        return SymmetricKey(data: bytes)
    }

    // MARK: - Helpers

    /// Reads the key and checks that it can wrap: `GET /keys/{name}`.
    private func fetchCurrentVersion() async throws(KeyWrapError) -> String {
        let operation = "read key '\(keyName)'"
        let response = try await send(.get, pathAndQuery: keyPath(version: nil, action: nil), body: nil, operation: operation, redacting: [])
        guard response.status == 200 else {
            throw KeyVaultKeyFailure.error(for: response, purpose: .lookup, operation: operation, keyID: keyID, host: endpoint.host, redacting: [])
        }
        let bundle: KeyVaultKeyBundle
        do {
            bundle = try JSONDecoder().decode(KeyVaultKeyBundle.self, from: Data(response.body))
        } catch {
            throw .unavailable(keyID: keyID, reason: "the vault's answer to \(operation) is not a key (KeyBundle)")
        }
        guard let kid = bundle.key?.kid, let version = Self.version(ofKeyIdentifier: kid, keyName: keyName) else {
            throw .unavailable(keyID: keyID, reason: "the vault's answer to \(operation) has no versioned key id (KeyBundle.key.kid)")
        }
        if let type = bundle.key?.kty, type != "RSA", type != "RSA-HSM" {
            throw .invalidKeyMaterial(
                keyID: keyID,
                reason: "the key is of type \(type), but \(Self.algorithm) needs an RSA key; create one with 'az keyvault key create --kty RSA --size 3072'")
        }
        if let operations = bundle.key?.keyOps, !(operations.contains("wrapKey") && operations.contains("unwrapKey")) {
            throw .invalidKeyMaterial(
                keyID: keyID,
                reason: "the key permits \(operations.sorted()) but not both wrapKey and unwrapKey; add them with 'az keyvault key set-attributes --ops wrapKey unwrapKey …'")
        }
        if bundle.attributes?.enabled == false {
            throw .unavailable(keyID: keyID, reason: "the current version '\(version)' of key '\(keyName)' is disabled; enable it or create a new version")
        }
        logger.debug("Looked up the current Key Vault key version", metadata: ["host": "\(endpoint.host)", "key": "\(keyName)", "version": "\(version)"])
        return version
    }

    /// Sends through the shared Key Vault client, mapping its failures to ``KeyWrapError``.
    private func send(
        _ method: HTTPRequest.Method, pathAndQuery: String, body: [UInt8]?, operation: String, redacting: [String]
    ) async throws(KeyWrapError) -> KeyVaultResponse {
        do throws(SecretStoreError) {
            return try await client.send(method, pathAndQuery: pathAndQuery, body: body, operation: operation, secretName: nil)
        } catch {
            throw KeyVaultKeyFailure.error(for: error, keyID: keyID, redacting: redacting)
        }
    }

    /// `/keys/{name}[/{version}[/{action}]]?api-version=…`.
    private func keyPath(version: String?, action: String?) -> String {
        "/keys/\(keyName)" + (version.map { "/\($0)" } ?? "") + (action.map { "/\($0)" } ?? "") + "?api-version=\(apiVersion)"
    }

    private func body(_ encoded: String) throws(KeyWrapError) -> [UInt8] {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return Array(try encoder.encode(KeyVaultKeyOperationParameters(alg: Self.algorithm, value: encoded)))
        } catch {
            throw .unavailable(keyID: keyID, reason: "the key operation request could not be encoded as JSON")
        }
    }

    private func decodeResult(_ response: KeyVaultResponse, operation: String) throws(KeyWrapError) -> KeyVaultKeyOperationResult {
        do {
            return try JSONDecoder().decode(KeyVaultKeyOperationResult.self, from: Data(response.body))
        } catch {
            throw .unavailable(keyID: keyID, reason: "the vault's answer to \(operation) is not a key operation result (KeyOperationResult)")
        }
    }

    /// The version in a key identifier `https://{vault}/keys/{name}/{version}` of the key `keyName`, or `nil`.
    static func version(ofKeyIdentifier kid: String, keyName: String) -> String? {
        guard let path = URLComponents(string: kid)?.percentEncodedPath else { return nil }
        let segments = path.split(separator: "/").map(String.init)
        guard segments.count == 3, segments[0] == "keys", segments[1].lowercased() == keyName.lowercased(),
              isValidVersion(segments[2])
        else { return nil }
        return segments[2]
    }

    /// Key Vault key names: `^[0-9a-zA-Z-]{1,127}$`.
    static func isValidKeyName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 127 && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }

    /// Key versions are 32 hexadecimal digits; 1-64 letters and digits are accepted.
    static func isValidVersion(_ version: String) -> Bool {
        !version.isEmpty && version.count <= 64 && version.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }
}

extension KeyWrapError {
    /// The same message as ``KeyWrapError/invalidKeyMaterial(keyID:reason:)``, for configuration errors.
    fileprivate var asInvalidKeyMaterial: KeyWrapError {
        switch self {
        case .unavailable(let keyID, let reason): .invalidKeyMaterial(keyID: keyID, reason: reason)
        default: self
        }
    }
}
