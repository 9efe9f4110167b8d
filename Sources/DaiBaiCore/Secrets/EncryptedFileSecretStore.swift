import Crypto
import Foundation
import Logging

/// A ``SecretStore`` in one local JSON file whose values are encrypted with AES-256-GCM.
///
/// Each entry is `{tenant, name, sealed}`, where `sealed` is the base64 of the AES-GCM
/// combined box (nonce, ciphertext, tag). The entry's tenant and name are authenticated
/// with it (`tenant + "\u{0}" + name`), so a value moved to another name or tenant no longer
/// opens. The file also holds a sealed key check, so a wrong key is detected even when the
/// file has no entries. Every call reads and authenticates the whole file: a wrong key or
/// any tampering throws ``SecretStoreError/integrityFailure(_:)`` instead of returning data.
///
/// The key comes from configuration (`secrets.encryption_key`: base64 of 32 random bytes,
/// see ``generateKey()``), never from source code. Names and tenants are stored in clear.
/// Calls are serialised by the actor, and the file is replaced atomically (temporary file
/// with mode 0600, then rename), so concurrent writes through one store never lose an update.
/// Use a single store per file: separate instances or processes writing the same file at the
/// same time can overwrite each other's changes (each write rewrites the whole file).
/// A missing file is an empty store; it is created on the first write.
public actor EncryptedFileSecretStore: SecretStore {
    /// `"encrypted-file"`.
    public nonisolated var storeName: String { "encrypted-file" }

    /// The path of the JSON file.
    public nonisolated let path: String

    private let key: SymmetricKey
    private let logger: Logger

    private static let formatName = "daibai-encrypted-secrets"
    private static let keyCheckData = Data("daibai.encrypted-file-secret-store.key-check.v1".utf8)

    /// Opens the store kept in the file at `path`.
    /// - Parameters:
    ///   - path: The JSON file; it and its directory (mode 0700) are created on the first write.
    ///   - key: The base64 of a 256-bit key, from the `secrets.encryption_key` setting.
    ///   - logger: Where diagnostics go (names only, never values); nothing is logged by default.
    /// - Throws: ``SecretStoreError/misconfigured(_:)`` when `key` is not base64 of 32 bytes.
    public init(
        path: String,
        key: SecretValue,
        logger: Logger = Logger(label: "daibai.secrets.encrypted-file", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(SecretStoreError) {
        self.path = path
        self.key = try Self.parseKey(key)
        self.logger = logger
    }

    /// A new random 256-bit key, base64-encoded, suitable for `secrets.encryption_key`.
    public static func generateKey() -> SecretValue {
        let key = SymmetricKey(size: .bits256)
        return SecretValue(key.withUnsafeBytes { Data($0).base64EncodedString() })
    }

    private static func parseKey(_ key: SecretValue) throws(SecretStoreError) -> SymmetricKey {
        let text = key.revealed().trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Data(base64Encoded: text), bytes.count == 32 else {
            throw .misconfigured(
                "secrets.encryption_key must be the base64 encoding of exactly 32 random bytes (a 256-bit AES key); "
                    + "generate one with `openssl rand -base64 32`")
        }
        return SymmetricKey(data: bytes)
    }

    // MARK: - SecretStore

    /// The secret `name` of the caller's tenant, or `nil`.
    public func secret(named name: SecretName, context: RequestContext) async throws(SecretStoreError) -> SecretValue? {
        let entries = try load()
        guard let sealed = entries[EntryKey(tenant: context.tenant.rawValue, name: name.rawValue)] else { return nil }
        let plaintext = try open(sealed, tenant: context.tenant.rawValue, name: name.rawValue)
        guard let value = String(data: plaintext, encoding: .utf8) else {
            throw .integrityFailure("secret '\(name)' in \(path) does not decrypt to UTF-8 text")
        }
        return SecretValue(value)
    }

    /// Encrypts and stores the secret `name` of the caller's tenant, replacing any previous value.
    public func setSecret(_ value: SecretValue, named name: SecretName, context: RequestContext) async throws(SecretStoreError) {
        var entries = try load()
        let key = EntryKey(tenant: context.tenant.rawValue, name: name.rawValue)
        entries[key] = try seal(Data(value.revealed().utf8), authenticating: key.authenticatedData)
        try save(entries, operation: "write secret '\(name)'")
        logger.debug("Stored secret", metadata: ["name": "\(name)", "tenant": "\(context.tenant)"])
    }

    /// Deletes the secret `name` of the caller's tenant; throws ``SecretStoreError/notFound(_:)`` when there is none.
    public func deleteSecret(named name: SecretName, context: RequestContext) async throws(SecretStoreError) {
        var entries = try load()
        guard entries.removeValue(forKey: EntryKey(tenant: context.tenant.rawValue, name: name.rawValue)) != nil else {
            throw .notFound(name)
        }
        try save(entries, operation: "delete secret '\(name)'")
        logger.debug("Deleted secret", metadata: ["name": "\(name)", "tenant": "\(context.tenant)"])
    }

    /// The sorted names of the caller's tenant's secrets.
    public func secretNames(context: RequestContext) async throws(SecretStoreError) -> [SecretName] {
        try load().keys
            .filter { $0.tenant == context.tenant.rawValue }
            .compactMap { SecretName(rawValue: $0.name) }
            .sorted()
    }

    // MARK: - File format

    private struct EntryKey: Hashable {
        var tenant: String
        var name: String
        var authenticatedData: Data { Data((tenant + "\u{0}" + name).utf8) }
    }

    private struct FileContents: Codable {
        var format: String
        var version: Int
        var keyCheck: String
        var entries: [Entry]
    }

    private struct Entry: Codable {
        var tenant: String
        var name: String
        var sealed: String
    }

    /// Reads and authenticates the whole file; returns sealed values by tenant and name.
    private func load() throws(SecretStoreError) -> [EntryKey: String] {
        guard let data = try SecretFiles.read(path, operation: "read the encrypted secrets file") else { return [:] }
        let contents: FileContents
        do {
            contents = try JSONDecoder().decode(FileContents.self, from: data)
        } catch {
            throw .integrityFailure("\(path) is not an encrypted secrets file of the expected format; restore it from a backup")
        }
        guard contents.format == Self.formatName, contents.version == 1 else {
            throw .integrityFailure("\(path) has an unknown format or version; it was written by another program or version")
        }
        do {
            _ = try open(contents.keyCheck, authenticating: Self.keyCheckData)
        } catch {
            throw .integrityFailure(
                "the key in secrets.encryption_key does not open \(path) (wrong key, or the file was tampered with)")
        }
        var entries: [EntryKey: String] = [:]
        for entry in contents.entries {
            guard TenantID(rawValue: entry.tenant) != nil, let name = SecretName(rawValue: entry.name) else {
                throw .integrityFailure("\(path) holds an entry with an invalid tenant or secret name")
            }
            let key = EntryKey(tenant: entry.tenant, name: entry.name)
            guard entries[key] == nil else {
                throw .integrityFailure("\(path) holds secret '\(name)' twice for one tenant")
            }
            _ = try open(entry.sealed, tenant: entry.tenant, name: entry.name)
            entries[key] = entry.sealed
        }
        return entries
    }

    private func save(_ entries: [EntryKey: String], operation: String) throws(SecretStoreError) {
        let contents = FileContents(
            format: Self.formatName, version: 1,
            keyCheck: try seal(Self.keyCheckData, authenticating: Self.keyCheckData),
            entries: entries
                .sorted { ($0.key.tenant, $0.key.name) < ($1.key.tenant, $1.key.name) }
                .map { Entry(tenant: $0.key.tenant, name: $0.key.name, sealed: $0.value) })
        let data: Data
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            data = try encoder.encode(contents)
        } catch {
            throw .backend("\(operation) failed: cannot encode the secrets file (\(type(of: error)))")
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try SecretFiles.ensureDirectory(directory, operation: operation) }
        try SecretFiles.writeAtomically(data, to: path, operation: operation)
    }

    // MARK: - Crypto

    private func seal(_ plaintext: Data, authenticating authenticatedData: Data) throws(SecretStoreError) -> String {
        do {
            guard let combined = try AES.GCM.seal(plaintext, using: key, authenticating: authenticatedData).combined else {
                throw SecretStoreError.backend("encrypting a secret failed: the sealed box has no combined form")
            }
            return combined.base64EncodedString()
        } catch let error as SecretStoreError {
            throw error
        } catch {
            throw .backend("encrypting a secret failed (\(type(of: error)))")
        }
    }

    private func open(_ sealed: String, tenant: String, name: String) throws(SecretStoreError) -> Data {
        do {
            return try open(sealed, authenticating: EntryKey(tenant: tenant, name: name).authenticatedData)
        } catch {
            throw .integrityFailure(
                "secret '\(name)' in \(path) cannot be authenticated (wrong key, tampered value, or a value moved from another name or tenant)")
        }
    }

    private func open(_ sealed: String, authenticating authenticatedData: Data) throws -> Data {
        guard let combined = Data(base64Encoded: sealed) else { throw CocoaError(.coderReadCorrupt) }
        let box = try AES.GCM.SealedBox(combined: combined)
        return try AES.GCM.open(box, using: key, authenticating: authenticatedData)
    }
}
