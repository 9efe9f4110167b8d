/// Checks a key with its vendor before it is stored, by a cheap authenticated call (for
/// example listing the models), so a revoked or mistyped key is refused at once.
///
/// Optional: ``EnvelopeUserKeyVault`` checks shapes only unless it is given one. DaiBaiLLM's
/// `ModelListKeyVerifier` lists the vendor's models with the key.
public protocol ProviderKeyVerifier: Sendable {
    /// Returns when the vendor accepts `key`; throws ``UserKeyVaultError/invalidKey(provider:reason:)``
    /// when it refuses it and ``UserKeyVaultError/keyVerificationUnavailable(provider:reason:)``
    /// when the vendor could not be asked.
    func verify(_ key: SecretValue, provider: String) async throws(UserKeyVaultError)
}
