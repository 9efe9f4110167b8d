import CryptoExtras
import Crypto
import DaiBaiCore
import Foundation
import JWTKit

/// The RSA private key and certificate of a PEM bundle, as a client certificate credential needs them.
struct IdentityCertificate: Sendable {
    /// Signs the client assertion.
    var privateKey: JWTKit.Insecure.RSA.PrivateKey
    /// base64url(SHA-256(certificate DER)), the `x5t#S256` header.
    var thumbprintSHA256: String

    /// Parses a PEM text holding an unencrypted RSA private key (`PRIVATE KEY` or
    /// `RSA PRIVATE KEY`) and at least one `CERTIFICATE` (the first is the app's certificate).
    static func parse(pem: SecretValue, credential: String) throws(CredentialError) -> IdentityCertificate {
        let blocks = IdentityPEM.blocks(in: pem.revealed())
        if blocks.contains(where: { $0.label == "ENCRYPTED PRIVATE KEY" }) {
            throw .authenticationFailed(credential: credential, reason: "the certificate PEM holds an encrypted private key; supply an unencrypted one")
        }
        guard let keyBlock = blocks.first(where: { $0.label == "PRIVATE KEY" || $0.label == "RSA PRIVATE KEY" }) else {
            throw .authenticationFailed(credential: credential, reason: "the certificate PEM has no PRIVATE KEY block; it must hold the RSA private key and the certificate")
        }
        guard let certificateBlock = blocks.first(where: { $0.label == "CERTIFICATE" }) else {
            throw .authenticationFailed(credential: credential, reason: "the certificate PEM has no CERTIFICATE block; it must hold the RSA private key and the certificate")
        }
        let key: JWTKit.Insecure.RSA.PrivateKey
        do {
            key = try JWTKit.Insecure.RSA.PrivateKey(backing: _RSA.Signing.PrivateKey(pemRepresentation: keyBlock.text))
        } catch {
            throw .authenticationFailed(credential: credential, reason: "the private key in the certificate PEM is not a usable RSA key of at least 2048 bits")
        }
        let digest = SHA256.hash(data: certificateBlock.der)
        return IdentityCertificate(privateKey: key, thumbprintSHA256: IdentityBase64URL.encode(Array(digest)))
    }
}

/// base64url without padding (RFC 4648 §5), as JWT headers use it.
enum IdentityBase64URL {
    /// `bytes` in base64url without padding.
    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

/// The `-----BEGIN X-----` … `-----END X-----` blocks of a PEM text.
enum IdentityPEM {
    /// One block.
    struct Block: Sendable {
        /// `CERTIFICATE`, `PRIVATE KEY`, …
        var label: String
        /// The whole block, armour included.
        var text: String
        /// The decoded body.
        var der: [UInt8]
    }

    /// Every well-formed block of `pem`, in order.
    static func blocks(in pem: String) -> [Block] {
        var blocks: [Block] = []
        var label: String?
        var lines: [String] = []
        for raw in pem.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("-----BEGIN "), line.hasSuffix("-----") {
                label = String(line.dropFirst("-----BEGIN ".count).dropLast(5))
                lines = []
            } else if line.hasPrefix("-----END "), line.hasSuffix("-----"), let current = label {
                let body = lines.joined()
                if let der = Data(base64Encoded: body) {
                    let text = "-----BEGIN \(current)-----\n" + lines.joined(separator: "\n") + "\n-----END \(current)-----\n"
                    blocks.append(Block(label: current, text: text, der: Array(der)))
                }
                label = nil
            } else if label != nil, !line.contains(":") {
                lines.append(line)
            }
        }
        return blocks
    }
}
