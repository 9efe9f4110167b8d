import Crypto
import Foundation

/// A ``KeyEncryptionKey`` held in process: AES-256 key wrap (RFC 3394, `A256KW`) with one or
/// more versioned 256-bit keys, the first of which is current.
///
/// For development and single-machine installations; in the cloud use Azure Key Vault keys,
/// whose private part never leaves the vault. Load it from a ``SecretStore`` with
/// ``load(from:name:keyID:context:)``; the secret lists versions as
/// `version:base64key` separated by commas or new lines, newest first, for example
/// `v2:3q2+7w…=,v1:AAEC…=`. Rotate by putting a new version first and keeping the old ones
/// until ``EnvelopeUserKeyVault/rewrapKeys(context:)`` has re-wrapped every entry.
public struct LocalKeyEncryptionKey: KeyEncryptionKey {
    /// `A256KW`.
    public static let algorithm = "A256KW"

    /// The identifier recorded in wrapped keys.
    public let keyID: String
    private let current: String
    private let keys: [String: SymmetricKey]

    /// Creates a KEK from versioned keys; `versions[0]` is current.
    /// - Throws: ``KeyWrapError/invalidKeyMaterial(keyID:reason:)`` when there is no version,
    ///   a version repeats, is blank, or a key is not 256 bits.
    public init(keyID: String = "local", versions: [(version: String, key: SymmetricKey)]) throws(KeyWrapError) {
        guard let first = versions.first else { throw .invalidKeyMaterial(keyID: keyID, reason: "no key version is given") }
        var keys: [String: SymmetricKey] = [:]
        for (version, key) in versions {
            guard !version.isEmpty, !version.contains(where: { $0 == ":" || $0 == "," || $0.isWhitespace }) else {
                throw .invalidKeyMaterial(keyID: keyID, reason: "a version name is blank or contains ':', ',' or spaces")
            }
            guard key.bitCount == 256 else { throw .invalidKeyMaterial(keyID: keyID, reason: "version '\(version)' is \(key.bitCount) bits; use 256-bit keys") }
            guard keys.updateValue(key, forKey: version) == nil else { throw .invalidKeyMaterial(keyID: keyID, reason: "version '\(version)' is given twice") }
        }
        self.keyID = keyID
        self.current = first.version
        self.keys = keys
    }

    /// Parses the secret format `version:base64key[,version:base64key…]`, newest first.
    public init(keyID: String = "local", secret: SecretValue) throws(KeyWrapError) {
        var versions: [(version: String, key: SymmetricKey)] = []
        let items = secret.revealed().split(whereSeparator: { $0 == "," || $0 == "\n" || $0 == "\r" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for (index, item) in items.enumerated() {
            guard let colon = item.firstIndex(of: ":") else {
                throw .invalidKeyMaterial(keyID: keyID, reason: "item \(index + 1) is not 'version:base64key'")
            }
            let version = String(item[..<colon])
            guard let bytes = Data(base64Encoded: String(item[item.index(after: colon)...])) else {
                throw .invalidKeyMaterial(keyID: keyID, reason: "the key of version '\(version)' is not base64")
            }
            versions.append((version, SymmetricKey(data: bytes)))
        }
        try self.init(keyID: keyID, versions: versions)
    }

    /// Loads the KEK from the secret `name` of `context`'s tenant.
    /// - Throws: ``KeyWrapError/unavailable(keyID:reason:)`` when the secret is missing or
    ///   unreadable, ``KeyWrapError/invalidKeyMaterial(keyID:reason:)`` when it is malformed.
    public static func load(from store: any SecretStore, name: SecretName, keyID: String = "local", context: RequestContext = .local) async throws(KeyWrapError) -> LocalKeyEncryptionKey {
        let secret: SecretValue?
        do {
            secret = try await store.secret(named: name, context: context)
        } catch {
            throw .unavailable(keyID: keyID, reason: "the secret '\(name)' could not be read from \(store.storeName): \(error)")
        }
        guard let secret else {
            throw .unavailable(keyID: keyID, reason: "the secret '\(name)' is not set in \(store.storeName); set it to 'v1:<base64 of 32 random bytes>'")
        }
        return try LocalKeyEncryptionKey(keyID: keyID, secret: secret)
    }

    /// The first version given.
    public func currentVersion() async throws(KeyWrapError) -> String { current }

    /// Wraps `dataKey` with the current version (RFC 3394).
    public func wrap(_ dataKey: SymmetricKey) async throws(KeyWrapError) -> WrappedDataKey {
        guard let kek = keys[current] else { throw .unknownVersion(keyID: keyID, version: current) }
        do {
            let bytes = try AES.KeyWrap.wrap(dataKey, using: kek)
            return WrappedDataKey(keyID: keyID, keyVersion: current, algorithm: Self.algorithm, bytes: Array(bytes))
        } catch {
            throw .invalidKeyMaterial(keyID: keyID, reason: "AES key wrap failed: \(error)")
        }
    }

    /// Unwraps `wrapped` with the version it names.
    public func unwrap(_ wrapped: WrappedDataKey) async throws(KeyWrapError) -> SymmetricKey {
        guard wrapped.keyID == keyID, wrapped.algorithm == Self.algorithm else {
            throw .unwrapFailed(keyID: keyID, reason: "the data key was wrapped by '\(wrapped.keyID)' with \(wrapped.algorithm)")
        }
        guard let kek = keys[wrapped.keyVersion] else { throw .unknownVersion(keyID: keyID, version: wrapped.keyVersion) }
        do {
            return try AES.KeyWrap.unwrap(wrapped.bytes, using: kek)
        } catch {
            throw .unwrapFailed(keyID: keyID, reason: "the integrity check of the wrapped key failed")
        }
    }
}
