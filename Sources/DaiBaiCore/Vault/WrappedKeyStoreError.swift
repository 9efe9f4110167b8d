/// Why a ``WrappedKeyStore`` call failed.
public enum WrappedKeyStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The entry changed since it was read (another writer replaced or deleted it); read it again.
    case conflict(provider: String)
    /// The backend could not be reached or refused the call.
    case unavailable(String)
    /// A stored entry could not be read back.
    case corrupt(String)

    /// A message that says what failed and what to do.
    public var description: String {
        switch self {
        case .conflict(let provider): "The stored \(provider) key changed while it was being written; try again."
        case .unavailable(let reason): "The key store is unavailable: \(reason)."
        case .corrupt(let reason): "A stored key entry is corrupt: \(reason)."
        }
    }
}
