import Crypto
import DaiBaiCore
import Foundation
import Testing

/// Independent vectors for the envelope's two primitives.
///
/// The DaiBai vectors were computed once with Python's `cryptography` 48.0.0 (not with this
/// code), by:
///
/// ```python
/// from cryptography.hazmat.primitives.keywrap import aes_key_wrap
/// from cryptography.hazmat.primitives.ciphers.aead import AESGCM
/// kek = bytes(range(0x00, 0x20)); dek = bytes(range(0x20, 0x40))
/// aes_key_wrap(kek, dek).hex()
/// nonce = bytes.fromhex("000102030405060708090a0b")
/// aad = b"\x00".join([b"daibai.byok.v1", b"acme", b"alice", b"openai", b"1"])
/// (nonce + AESGCM(dek).encrypt(nonce, b"sk-test-0123456789abcdefghij", aad)).hex()
/// ```
@Suite("Envelope encryption vectors: AES key wrap and AES-256-GCM against independent output")
struct EnvelopeVectorTests {
    static let kek = bytes("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
    static let dataKey = bytes("202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f")
    static let acme = TenantID(rawValue: "acme")!
    static let alice = UserID(rawValue: "alice")!

    @Test("RFC 3394 §4.6: 256 bits of key data wrapped with a 256-bit KEK")
    func rfc3394() async throws {
        let kek = try LocalKeyEncryptionKey(versions: [("v1", SymmetricKey(data: Self.kek))])
        let keyData = SymmetricKey(data: Self.bytes("00112233445566778899aabbccddeeff000102030405060708090a0b0c0d0e0f"))
        let wrapped = try await kek.wrap(keyData)
        #expect(wrapped.bytes == Self.bytes("28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326cbc7f0e71a99f43bfb988b9b7a02dd21"))
        #expect(wrapped.algorithm == "A256KW")
        #expect(wrapped.keyVersion == "v1")
    }

    @Test("the local KEK wraps the data key exactly as Python's aes_key_wrap, and unwraps it back")
    func localKeyWrapMatchesPython() async throws {
        let kek = try LocalKeyEncryptionKey(versions: [("v1", SymmetricKey(data: Self.kek))])
        let wrapped = try await kek.wrap(SymmetricKey(data: Self.dataKey))
        #expect(wrapped.bytes == Self.bytes("04f8a3c3c302d3b0b7e94b14dcf85ad1da69cd74056ed7907d3cb49fb27799a4104db058f2901adb"))
        let unwrapped = try await kek.unwrap(wrapped)
        #expect(unwrapped.withUnsafeBytes { Array($0) } == Self.dataKey)
    }

    @Test("the associated data binds tenant, user, provider and version, byte for byte")
    func associatedData() {
        let aad = EnvelopeCipher.associatedData(tenant: Self.acme, user: Self.alice, provider: "openai", keyVersion: 1)
        #expect(aad == Self.bytes("6461696261692e62796f6b2e76310061636d6500616c696365006f70656e61690031"))
    }

    @Test("sealing with a fixed nonce gives Python's AESGCM output, and it opens back")
    func sealMatchesPython() throws {
        let aad = EnvelopeCipher.associatedData(tenant: Self.acme, user: Self.alice, provider: "openai", keyVersion: 1)
        let sealed = try EnvelopeCipher.seal(
            Array("sk-test-0123456789abcdefghij".utf8), dataKey: SymmetricKey(data: Self.dataKey), associatedData: aad,
            nonce: try AES.GCM.Nonce(data: Self.bytes("000102030405060708090a0b")))
        #expect(sealed == Self.bytes("000102030405060708090a0b2f3970d32f469fc18cc8fbf51246680b2b4988060975c3774365bad0a0293bf3c940755a8dbb4a8b71518dc3"))
        let opened = try EnvelopeCipher.open(sealed, dataKey: SymmetricKey(data: Self.dataKey), associatedData: aad, provider: "openai")
        #expect(String(decoding: opened, as: UTF8.self) == "sk-test-0123456789abcdefghij")
    }

    @Test("the box does not open for another user, another version, or with a flipped bit")
    func boundToOwner() throws {
        let key = SymmetricKey(data: Self.dataKey)
        let aad = EnvelopeCipher.associatedData(tenant: Self.acme, user: Self.alice, provider: "openai", keyVersion: 1)
        let sealed = try EnvelopeCipher.seal(Array("sk-test-0123456789abcdefghij".utf8), dataKey: key, associatedData: aad)
        let bob = EnvelopeCipher.associatedData(tenant: Self.acme, user: UserID(rawValue: "bob")!, provider: "openai", keyVersion: 1)
        let v2 = EnvelopeCipher.associatedData(tenant: Self.acme, user: Self.alice, provider: "openai", keyVersion: 2)
        var flipped = sealed
        flipped[20] ^= 0x01
        for (bytes, data) in [(sealed, bob), (sealed, v2), (flipped, aad)] {
            #expect(throws: UserKeyVaultError.integrityCheckFailed(provider: "openai")) {
                _ = try EnvelopeCipher.open(bytes, dataKey: key, associatedData: data, provider: "openai")
            }
        }
    }

    @Test("a local KEK refuses short keys, repeated versions and unknown versions")
    func localKeyValidation() async throws {
        #expect(throws: KeyWrapError.self) { _ = try LocalKeyEncryptionKey(versions: [("v1", SymmetricKey(size: .bits128))]) }
        #expect(throws: KeyWrapError.self) { _ = try LocalKeyEncryptionKey(versions: []) }
        #expect(throws: KeyWrapError.self) {
            _ = try LocalKeyEncryptionKey(versions: [("v1", SymmetricKey(size: .bits256)), ("v1", SymmetricKey(size: .bits256))])
        }
        #expect(throws: KeyWrapError.self) { _ = try LocalKeyEncryptionKey(secret: SecretValue("v1:not-base64!")) }
        let kek = try LocalKeyEncryptionKey(secret: SecretValue("v2:\(Data(Self.kek).base64EncodedString()),v1:\(Data(Self.dataKey).base64EncodedString())"))
        #expect(try await kek.currentVersion() == "v2")
        let stray = WrappedDataKey(keyID: "local", keyVersion: "v9", algorithm: "A256KW", bytes: [UInt8](repeating: 0, count: 40))
        await #expect(throws: KeyWrapError.unknownVersion(keyID: "local", version: "v9")) { _ = try await kek.unwrap(stray) }
    }

    static func bytes(_ hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            result.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return result
    }
}
