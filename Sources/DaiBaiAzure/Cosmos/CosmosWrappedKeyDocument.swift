import DaiBaiCore
import Foundation

/// A user's encrypted provider key as stored: one document per (user, provider), in its
/// tenant's partition. Binary values are base64 strings; nothing here is plaintext key material.
struct CosmosWrappedKeyDocument: Codable, Sendable {
    static let type = "wrappedKey"

    /// The wrapped data key and what unwraps it.
    struct WrappedDataKeyField: Codable, Sendable {
        var keyId: String
        var keyVersion: String
        var algorithm: String
        var value: String
    }

    var id: String
    var type: String = Self.type
    var tenantId: String
    var userId: String
    var provider: String
    var keyVersion: Int
    var lastFour: String
    var sealedKey: String
    var wrappedDataKey: WrappedDataKeyField
    var updatedAtMs: Int64

    /// `wrappedKey_<user>_<provider>`: unique per user and provider in the tenant's partition.
    /// User ids are `[A-Za-z0-9_-]` (at most 128) and provider names `[a-z0-9-]` (at most 64),
    /// so the last `_` separates them and the id is a valid Cosmos DB id of at most 205 characters.
    static func documentID(user: UserID, provider: String) -> String {
        "\(type)_\(user.rawValue)_\(provider)"
    }

    /// The document of `record`, stored as the entry of `tenant`'s `user`.
    init(record: WrappedKeyRecord, tenant: TenantID, user: UserID) {
        self.id = Self.documentID(user: user, provider: record.provider)
        self.tenantId = tenant.rawValue
        self.userId = user.rawValue
        self.provider = record.provider
        self.keyVersion = record.keyVersion
        self.lastFour = record.lastFour
        self.sealedKey = Data(record.sealedKey).base64EncodedString()
        self.wrappedDataKey = WrappedDataKeyField(
            keyId: record.wrappedDataKey.keyID, keyVersion: record.wrappedDataKey.keyVersion,
            algorithm: record.wrappedDataKey.algorithm, value: Data(record.wrappedDataKey.bytes).base64EncodedString())
        self.updatedAtMs = CosmosStoreTime.milliseconds(record.updatedAt)
    }

    /// Whether the document is a key entry of `tenant`'s `user`, stored where it belongs.
    func isOwned(by tenant: TenantID, user: UserID) -> Bool {
        type == Self.type && tenantId == tenant.rawValue && userId == user.rawValue
            && id == Self.documentID(user: user, provider: provider)
    }

    /// The record; ``WrappedKeyStoreError/corrupt(_:)`` when a field does not decode.
    func record() throws(WrappedKeyStoreError) -> WrappedKeyRecord {
        guard let tenant = TenantID(rawValue: tenantId), let user = UserID(rawValue: userId) else {
            throw .corrupt("the stored \(provider) key entry '\(id)' has an invalid tenant or user id")
        }
        guard let sealed = Data(base64Encoded: sealedKey), let wrapped = Data(base64Encoded: wrappedDataKey.value) else {
            throw .corrupt("the stored \(provider) key entry '\(id)' has a sealed or wrapped key that is not base64")
        }
        return WrappedKeyRecord(
            tenant: tenant, user: user, provider: provider, keyVersion: keyVersion, lastFour: lastFour,
            sealedKey: Array(sealed),
            wrappedDataKey: WrappedDataKey(
                keyID: wrappedDataKey.keyId, keyVersion: wrappedDataKey.keyVersion,
                algorithm: wrappedDataKey.algorithm, bytes: Array(wrapped)),
            updatedAt: CosmosStoreTime.date(milliseconds: updatedAtMs))
    }
}
