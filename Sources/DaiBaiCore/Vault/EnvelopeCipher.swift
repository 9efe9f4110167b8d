import Crypto
import Foundation

/// The envelope encryption of one provider key: AES-256-GCM under a fresh data key, with
/// associated data that binds the entry to its owner and version.
public enum EnvelopeCipher {
    /// `daibai.byok.v1`, NUL, tenant, NUL, user, NUL, provider, NUL, key version in decimal (UTF-8).
    public static func associatedData(tenant: TenantID, user: UserID, provider: String, keyVersion: Int) -> [UInt8] {
        Array(["daibai.byok.v1", tenant.rawValue, user.rawValue, provider, String(keyVersion)].joined(separator: "\u{0}").utf8)
    }

    /// Seals `plaintext` under `dataKey`; returns nonce ‖ ciphertext ‖ tag.
    /// - Parameter nonce: A fixed nonce for test vectors only; `nil` draws a random one.
    public static func seal(_ plaintext: [UInt8], dataKey: SymmetricKey, associatedData: [UInt8], nonce: AES.GCM.Nonce? = nil) throws(UserKeyVaultError) -> [UInt8] {
        do {
            let box = try AES.GCM.seal(plaintext, using: dataKey, nonce: nonce ?? AES.GCM.Nonce(), authenticating: associatedData)
            guard let combined = box.combined else { throw UserKeyVaultError.storage(.corrupt("the sealed box has a non-standard nonce")) }
            return Array(combined)
        } catch let error as UserKeyVaultError {
            throw error
        } catch {
            throw .storage(.corrupt("AES-GCM sealing failed: \(error)"))
        }
    }

    /// Opens a box made by ``seal(_:dataKey:associatedData:nonce:)``; any change to the box, the
    /// key or the associated data fails with ``UserKeyVaultError/integrityCheckFailed(provider:)``.
    public static func open(_ sealed: [UInt8], dataKey: SymmetricKey, associatedData: [UInt8], provider: String) throws(UserKeyVaultError) -> [UInt8] {
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            return Array(try AES.GCM.open(box, using: dataKey, authenticating: associatedData))
        } catch {
            throw .integrityCheckFailed(provider: provider)
        }
    }
}
