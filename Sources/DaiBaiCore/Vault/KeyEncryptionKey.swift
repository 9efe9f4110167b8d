import Crypto

/// A key-encryption key (KEK): wraps and unwraps the per-entry data keys of envelope encryption.
///
/// The plaintext of an entry is never sent to it, only a 256-bit data key. Implementations:
/// ``LocalKeyEncryptionKey`` (AES key wrap with keys from a secret store, for development and
/// single-machine installations) and Azure Key Vault keys (`wrapKey` / `unwrapKey` with
/// RSA-OAEP-256) in `DaiBaiAzure`.
///
/// Rotation: a new version becomes current; entries wrapped with an older version still
/// unwrap (the version travels in ``WrappedDataKey``) until they are re-wrapped.
public protocol KeyEncryptionKey: Sendable {
    /// The stable identifier recorded in every ``WrappedDataKey``.
    var keyID: String { get }

    /// The version that ``wrap(_:)`` uses now.
    func currentVersion() async throws(KeyWrapError) -> String

    /// Wraps `dataKey` with the current version.
    func wrap(_ dataKey: SymmetricKey) async throws(KeyWrapError) -> WrappedDataKey

    /// Unwraps `wrapped` with the version it names.
    func unwrap(_ wrapped: WrappedDataKey) async throws(KeyWrapError) -> SymmetricKey
}
