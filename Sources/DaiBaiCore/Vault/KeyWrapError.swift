/// Why a key-encryption key could not wrap or unwrap a data key.
public enum KeyWrapError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The key service could not be reached or refused the caller (network, identity, permissions).
    case unavailable(keyID: String, reason: String)
    /// The wrapped key names a version of the key-encryption key that is not known here.
    case unknownVersion(keyID: String, version: String)
    /// The wrapped key does not open with the key-encryption key (tampered with, or the wrong key).
    case unwrapFailed(keyID: String, reason: String)
    /// The key-encryption key material is unusable (wrong size, not base64, unsupported key type).
    case invalidKeyMaterial(keyID: String, reason: String)

    /// A message that says what failed and what to do; never contains key material.
    public var description: String {
        switch self {
        case .unavailable(let id, let reason): "The key-encryption key '\(id)' is unavailable: \(reason)."
        case .unknownVersion(let id, let version): "The key-encryption key '\(id)' has no version '\(version)'; keep old versions until every entry is re-wrapped."
        case .unwrapFailed(let id, let reason): "A data key does not unwrap with the key-encryption key '\(id)': \(reason)."
        case .invalidKeyMaterial(let id, let reason): "The key-encryption key '\(id)' is unusable: \(reason)."
        }
    }
}
