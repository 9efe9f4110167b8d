/// A data key encrypted ("wrapped") by a ``KeyEncryptionKey``, with what is needed to unwrap it.
public struct WrappedDataKey: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The key-encryption key's stable identifier, for example `local` or a Key Vault key URL without version.
    public var keyID: String
    /// The version of the key-encryption key that wrapped it.
    public var keyVersion: String
    /// The wrapping algorithm, for example `A256KW` (RFC 3394) or `RSA-OAEP-256`.
    public var algorithm: String
    /// The wrapped key bytes.
    public var bytes: [UInt8]

    /// Creates a wrapped key.
    public init(keyID: String, keyVersion: String, algorithm: String, bytes: [UInt8]) {
        self.keyID = keyID
        self.keyVersion = keyVersion
        self.algorithm = algorithm
        self.bytes = bytes
    }

    /// Names the key and version, never the bytes.
    public var description: String { "WrappedDataKey(\(keyID)@\(keyVersion), \(algorithm))" }
}
