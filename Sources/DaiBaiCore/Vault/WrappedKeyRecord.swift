import Foundation

/// One stored, encrypted provider key: what a ``WrappedKeyStore`` keeps.
///
/// ``sealedKey`` is the AES-256-GCM box (nonce ‖ ciphertext ‖ tag) of the key under its own
/// data key; ``wrappedDataKey`` is that data key wrapped by a ``KeyEncryptionKey``. The GCM
/// associated data binds ``tenant``, ``user``, ``provider`` and ``keyVersion``
/// (``EnvelopeCipher/associatedData(tenant:user:provider:keyVersion:)``), so a record copied
/// into another user's row does not open.
public struct WrappedKeyRecord: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The owning tenant (the partition).
    public var tenant: TenantID
    /// The owning user.
    public var user: UserID
    /// The model vendor.
    public var provider: String
    /// Starts at 1 and grows by one each time the key is replaced.
    public var keyVersion: Int
    /// The key's last four characters.
    public var lastFour: String
    /// The AES-256-GCM combined box: 12-byte nonce, ciphertext, 16-byte tag.
    public var sealedKey: [UInt8]
    /// The data key, wrapped.
    public var wrappedDataKey: WrappedDataKey
    /// When this version was stored.
    public var updatedAt: Date

    /// Creates a record.
    public init(tenant: TenantID, user: UserID, provider: String, keyVersion: Int, lastFour: String, sealedKey: [UInt8], wrappedDataKey: WrappedDataKey, updatedAt: Date) {
        self.tenant = tenant
        self.user = user
        self.provider = provider
        self.keyVersion = keyVersion
        self.lastFour = lastFour
        self.sealedKey = sealedKey
        self.wrappedDataKey = wrappedDataKey
        self.updatedAt = updatedAt
    }

    /// What may be shown.
    public var summary: ProviderKeySummary {
        ProviderKeySummary(provider: provider, lastFour: lastFour, version: keyVersion, updatedAt: updatedAt)
    }

    /// Owner, provider and version; never the sealed bytes.
    public var description: String { "WrappedKeyRecord(\(tenant)/\(user), \(summary), \(wrappedDataKey))" }
}
