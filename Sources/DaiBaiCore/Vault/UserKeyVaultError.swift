/// Why a ``UserKeyVault`` call failed. No case ever carries key material.
public enum UserKeyVaultError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The provider name is not one of `[a-z0-9-]`, 1–64 characters.
    case invalidProvider(String)
    /// The key does not have the shape of a key of this vendor.
    case invalidKey(provider: String, reason: String)
    /// The vendor could not be asked whether it accepts the key (network, outage); nothing was stored.
    case keyVerificationUnavailable(provider: String, reason: String)
    /// The user has no key for this provider.
    case notFound(provider: String)
    /// The stored entry does not decrypt for this tenant, user, provider and version: it was
    /// tampered with or moved from another row.
    case integrityCheckFailed(provider: String)
    /// The key-encryption key failed.
    case keyEncryption(KeyWrapError)
    /// The store of wrapped entries failed.
    case storage(WrappedKeyStoreError)

    /// A message that says what failed and what to do.
    public var description: String {
        switch self {
        case .invalidProvider(let name): "'\(name)' is not a provider name; use 1-64 characters of a-z, 0-9 or '-' (for example 'openai')."
        case .invalidKey(let provider, let reason): "This is not a valid \(provider) key: \(reason). The key was not stored."
        case .keyVerificationUnavailable(let provider, let reason): "The key could not be checked with \(provider): \(reason). It was not stored; try again later."
        case .notFound(let provider): "No \(provider) key is stored for this user."
        case .integrityCheckFailed(let provider): "The stored \(provider) key does not decrypt for this user: it was altered or moved from another entry. Store the key again."
        case .keyEncryption(let error): error.description
        case .storage(let error): error.description
        }
    }
}
