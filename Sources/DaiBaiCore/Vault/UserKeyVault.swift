/// A per-user vault of model-vendor API keys (bring your own key).
///
/// Keys are kept per (tenant, user, provider), validated by shape before they are stored, and
/// only their last four characters are ever shown. Every call is made for a
/// ``RequestContext`` and sees only that user's keys. The implementation is
/// ``EnvelopeUserKeyVault`` (envelope encryption over any ``WrappedKeyStore`` and
/// ``KeyEncryptionKey``).
public protocol UserKeyVault: Sendable {
    /// Validates and stores `key` for `provider`, replacing any earlier key (the version grows by one).
    @discardableResult
    func putKey(_ key: SecretValue, provider: String, context: RequestContext) async throws(UserKeyVaultError) -> ProviderKeySummary

    /// The decrypted key for `provider`, or `nil` when the user has none.
    func key(provider: String, context: RequestContext) async throws(UserKeyVaultError) -> UserProviderKey?

    /// The summary of the key for `provider` without decrypting it, or `nil`.
    func summary(provider: String, context: RequestContext) async throws(UserKeyVaultError) -> ProviderKeySummary?

    /// Deletes the key for `provider`; throws ``UserKeyVaultError/notFound(provider:)`` when there is none.
    func deleteKey(provider: String, context: RequestContext) async throws(UserKeyVaultError)

    /// The summaries of the user's keys, sorted by provider.
    func keys(context: RequestContext) async throws(UserKeyVaultError) -> [ProviderKeySummary]
}
