/// Where encrypted provider keys are kept: one ``WrappedKeyRecord`` per (tenant, user, provider).
///
/// It stores ciphertext only; ``EnvelopeUserKeyVault`` encrypts and decrypts. Every call is
/// made for a ``RequestContext`` and never reads another tenant's records. Implementations:
/// ``SQLiteWrappedKeyStore``; Cosmos DB (one partition per tenant) in `DaiBaiAzure`; an
/// in-memory fake in `DaiBaiTesting`.
public protocol WrappedKeyStore: Sendable {
    /// The record of `context`'s user for `provider`, or `nil`.
    func record(provider: String, context: RequestContext) async throws(WrappedKeyStoreError) -> WrappedKeyRecord?

    /// Writes `record` (whose tenant and user are `context`'s) if the stored record still has
    /// `expectedVersion` (`nil`: there must be none); otherwise throws
    /// ``WrappedKeyStoreError/conflict(provider:)``.
    func save(_ record: WrappedKeyRecord, expectedVersion: Int?, context: RequestContext) async throws(WrappedKeyStoreError)

    /// Deletes the record of `context`'s user for `provider`; returns whether there was one.
    @discardableResult
    func delete(provider: String, context: RequestContext) async throws(WrappedKeyStoreError) -> Bool

    /// The records of `context`'s user, sorted by provider.
    func records(context: RequestContext) async throws(WrappedKeyStoreError) -> [WrappedKeyRecord]

    /// Every record of `context`'s tenant (all its users), for re-wrapping after a KEK rotation.
    func tenantRecords(context: RequestContext) async throws(WrappedKeyStoreError) -> [WrappedKeyRecord]
}
