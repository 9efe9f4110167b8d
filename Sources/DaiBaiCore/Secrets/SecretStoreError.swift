/// Why a ``SecretStore`` call failed. No case ever carries a secret value.
public enum SecretStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The name breaks the naming rules.
    case invalidName(InvalidIdentifierError)
    /// No secret of that name exists for the caller's tenant.
    case notFound(SecretName)
    /// The store cannot be written to (for example environment variables).
    case readOnly(store: String)
    /// The store is misconfigured; the message says which setting to fix.
    case misconfigured(String)
    /// Stored data could not be decrypted or authenticated (wrong key or tampered file).
    case integrityFailure(String)
    /// The backend (file system, database, vault) failed; the message names the operation.
    case backend(String)

    /// A message that says what failed and what to do.
    public var description: String {
        switch self {
        case .invalidName(let error): "\(error)"
        case .notFound(let name): "Secret '\(name)' was not found for this tenant. Store it first, or check the name."
        case .readOnly(let store): "The \(store) secret store is read-only. Use a writable store (directory, encrypted-file or a vault) to change secrets."
        case .misconfigured(let message): "Secret store misconfigured: \(message)"
        case .integrityFailure(let message): "Secret store integrity check failed: \(message)"
        case .backend(let message): "Secret store backend failed: \(message)"
        }
    }
}
