import Crypto
import Foundation

/// The ``UserKeyVault``: each key sealed with AES-256-GCM under its own data key, the data
/// key wrapped by a ``KeyEncryptionKey``, the result kept in a ``WrappedKeyStore``.
///
/// The GCM associated data binds tenant, user, provider and key version, so an entry moved
/// to another user's row fails to open. Every put, get, delete and re-wrap is reported to
/// the ``KeyAuditSink`` without key material.
///
/// ```swift
/// let kek = try await LocalKeyEncryptionKey.load(from: secrets, name: "byok-kek")
/// let vault = EnvelopeUserKeyVault(store: try SQLiteWrappedKeyStore(path: "keys.sqlite"), kek: kek)
/// try await vault.putKey(SecretValue(userKey), provider: "openai", context: context)
/// ```
public struct EnvelopeUserKeyVault: UserKeyVault {
    /// Where the wrapped entries live.
    public let store: any WrappedKeyStore
    /// What wraps the data keys.
    public let kek: any KeyEncryptionKey
    private let audit: any KeyAuditSink
    private let verifier: (any ProviderKeyVerifier)?
    private let now: @Sendable () -> Date

    /// Creates a vault.
    /// - Parameters:
    ///   - store: Where the wrapped entries live.
    ///   - kek: What wraps the data keys.
    ///   - audit: Receives an event for every put, get, delete and re-wrap; discarded by default.
    ///   - verifier: Asks the vendor whether it accepts a key before it is stored; shapes only by default.
    ///   - now: The clock for ``ProviderKeySummary/updatedAt``.
    public init(store: any WrappedKeyStore, kek: any KeyEncryptionKey, audit: any KeyAuditSink = DiscardingKeyAuditSink(), verifier: (any ProviderKeyVerifier)? = nil, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.kek = kek
        self.audit = audit
        self.verifier = verifier
        self.now = now
    }

    /// Validates `key` by its vendor's shape (and with the vendor, when a verifier is set), seals it and stores it as the next version.
    @discardableResult
    public func putKey(_ key: SecretValue, provider: String, context: RequestContext) async throws(UserKeyVaultError) -> ProviderKeySummary {
        do throws(UserKeyVaultError) {
            let summary = try await storeKey(key, provider: provider, context: context)
            await audit.record(KeyAuditEvent(action: .put, tenant: context.tenant, user: context.user, provider: provider, keyVersion: summary.version, timestamp: now()))
            return summary
        } catch {
            await audit.record(KeyAuditEvent(action: .put, tenant: context.tenant, user: context.user, provider: provider, outcome: .failed, failure: error.description, timestamp: now()))
            throw error
        }
    }

    /// Reads and decrypts the key for `provider`.
    public func key(provider: String, context: RequestContext) async throws(UserKeyVaultError) -> UserProviderKey? {
        do throws(UserKeyVaultError) {
            guard let record = try await record(provider: provider, context: context) else { return nil }
            let plaintext = try await open(record, context: context)
            await audit.record(KeyAuditEvent(action: .get, tenant: context.tenant, user: context.user, provider: provider, keyVersion: record.keyVersion, kekVersion: record.wrappedDataKey.keyVersion, timestamp: now()))
            return UserProviderKey(key: plaintext, summary: record.summary)
        } catch {
            await audit.record(KeyAuditEvent(action: .get, tenant: context.tenant, user: context.user, provider: provider, outcome: .failed, failure: error.description, timestamp: now()))
            throw error
        }
    }

    /// Reads the summary of the key for `provider` without decrypting it.
    public func summary(provider: String, context: RequestContext) async throws(UserKeyVaultError) -> ProviderKeySummary? {
        try await record(provider: provider, context: context)?.summary
    }

    /// Deletes the key for `provider`.
    public func deleteKey(provider: String, context: RequestContext) async throws(UserKeyVaultError) {
        do throws(UserKeyVaultError) {
            try await removeKey(provider: provider, context: context)
            await audit.record(KeyAuditEvent(action: .delete, tenant: context.tenant, user: context.user, provider: provider, timestamp: now()))
        } catch {
            await audit.record(KeyAuditEvent(action: .delete, tenant: context.tenant, user: context.user, provider: provider, outcome: .failed, failure: error.description, timestamp: now()))
            throw error
        }
    }

    /// The summaries of the user's keys.
    public func keys(context: RequestContext) async throws(UserKeyVaultError) -> [ProviderKeySummary] {
        do { return try await store.records(context: context).map(\.summary) } catch { throw .storage(error) }
    }

    /// Re-wraps the data key of every entry of `context`'s tenant that is not wrapped with the
    /// KEK's current version. The sealed keys are not touched (no plaintext is produced);
    /// entries replaced meanwhile are skipped (they are already current). Returns how many
    /// entries were re-wrapped.
    @discardableResult
    public func rewrapKeys(context: RequestContext) async throws(UserKeyVaultError) -> Int {
        let current: String
        let records: [WrappedKeyRecord]
        do { current = try await kek.currentVersion() } catch { throw .keyEncryption(error) }
        do { records = try await store.tenantRecords(context: context) } catch { throw .storage(error) }
        var count = 0
        for var record in records where record.wrappedDataKey.keyID != kek.keyID || record.wrappedDataKey.keyVersion != current {
            if Task.isCancelled { throw .storage(.unavailable("re-wrapping was cancelled after \(count) entries; run it again")) }
            let owner = RequestContext(tenant: record.tenant, user: record.user)
            do {
                let dataKey = try await kek.unwrap(record.wrappedDataKey)
                record.wrappedDataKey = try await kek.wrap(dataKey)
            } catch {
                await audit.record(KeyAuditEvent(action: .rotate, tenant: owner.tenant, user: owner.user, provider: record.provider, keyVersion: record.keyVersion, outcome: .failed, failure: error.description, timestamp: now()))
                throw .keyEncryption(error)
            }
            do {
                try await store.save(record, expectedVersion: record.keyVersion, context: owner)
            } catch .conflict {
                continue
            } catch {
                throw .storage(error)
            }
            count += 1
            await audit.record(KeyAuditEvent(action: .rotate, tenant: owner.tenant, user: owner.user, provider: record.provider, keyVersion: record.keyVersion, kekVersion: record.wrappedDataKey.keyVersion, timestamp: now()))
        }
        return count
    }

    // MARK: Internals

    private func storeKey(_ key: SecretValue, provider: String, context: RequestContext) async throws(UserKeyVaultError) -> ProviderKeySummary {
        try Self.checkProvider(provider)
        let text = key.revealed()
        if let problem = ProviderKeyShape.forProvider(provider).problem(with: text) { throw .invalidKey(provider: provider, reason: problem) }
        try await verifier?.verify(key, provider: provider)
        // A concurrent put for the same provider makes `save` fail with a conflict; read again and retry.
        for _ in 0..<5 {
            let previous = try await record(provider: provider, context: context)
            let version = (previous?.keyVersion ?? 0) + 1
            let dataKey = SymmetricKey(size: .bits256)
            let aad = EnvelopeCipher.associatedData(tenant: context.tenant, user: context.user, provider: provider, keyVersion: version)
            let sealed = try EnvelopeCipher.seal(Array(text.utf8), dataKey: dataKey, associatedData: aad)
            let wrapped: WrappedDataKey
            do { wrapped = try await kek.wrap(dataKey) } catch { throw .keyEncryption(error) }
            let record = WrappedKeyRecord(tenant: context.tenant, user: context.user, provider: provider, keyVersion: version, lastFour: String(text.suffix(4)), sealedKey: sealed, wrappedDataKey: wrapped, updatedAt: now())
            do {
                try await store.save(record, expectedVersion: previous?.keyVersion, context: context)
                return record.summary
            } catch .conflict {
                continue
            } catch {
                throw .storage(error)
            }
        }
        throw .storage(.conflict(provider: provider))
    }

    private func removeKey(provider: String, context: RequestContext) async throws(UserKeyVaultError) {
        try Self.checkProvider(provider)
        let existed: Bool
        do { existed = try await store.delete(provider: provider, context: context) } catch { throw .storage(error) }
        guard existed else { throw .notFound(provider: provider) }
    }

    private func record(provider: String, context: RequestContext) async throws(UserKeyVaultError) -> WrappedKeyRecord? {
        try Self.checkProvider(provider)
        do { return try await store.record(provider: provider, context: context) } catch { throw .storage(error) }
    }

    /// Opens `record` for the caller: the associated data is built from `context`, never from
    /// the stored owner fields, so a record copied into another user's row does not open.
    private func open(_ record: WrappedKeyRecord, context: RequestContext) async throws(UserKeyVaultError) -> SecretValue {
        let dataKey: SymmetricKey
        do { dataKey = try await kek.unwrap(record.wrappedDataKey) } catch {
            if case .unwrapFailed = error { throw .integrityCheckFailed(provider: record.provider) }
            throw .keyEncryption(error)
        }
        let aad = EnvelopeCipher.associatedData(tenant: context.tenant, user: context.user, provider: record.provider, keyVersion: record.keyVersion)
        let bytes = try EnvelopeCipher.open(record.sealedKey, dataKey: dataKey, associatedData: aad, provider: record.provider)
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .integrityCheckFailed(provider: record.provider) }
        return SecretValue(text)
    }

    private static func checkProvider(_ provider: String) throws(UserKeyVaultError) {
        guard ProviderKeyShape.isValidProviderName(provider) else { throw .invalidProvider(provider) }
    }
}
