import DaiBaiCore
import Foundation
import JWTKit

/// The claims of a bearer token, decoded only after its RS256 signature verified.
///
/// The registered claims are read with their JSON types checked (`exp`, `nbf`, `iat` are
/// numbers, `aud` a string or an array of strings); every other top-level claim whose value is
/// a string is kept in ``strings``, so the claim mapping can name any of them.
///
/// Its `verify(using:)` (the `JWTPayload` hook) checks nothing: ``OIDCBearerAuthenticator``
/// checks issuer, audience and times against its configuration and clock with typed errors.
/// Do not verify tokens with this type through `JWTKeyCollection` directly.
public struct SignInClaims: JWTPayload, Sendable, Equatable {
    /// `iss`.
    public var issuer: String?
    /// `sub`.
    public var subject: String?
    /// `aud`, as a list (a single string becomes one element).
    public var audiences: [String]
    /// `exp`.
    public var expiresAt: Date?
    /// `nbf`.
    public var notBefore: Date?
    /// `iat`.
    public var issuedAt: Date?
    /// Every top-level claim whose value is a string (registered ones included), by name.
    public var strings: [String: String]
    /// The names of every top-level claim, whatever its type.
    public var names: Set<String>

    /// Creates claims (tests and tools; verified tokens are decoded).
    public init(
        issuer: String? = nil,
        subject: String? = nil,
        audiences: [String] = [],
        expiresAt: Date? = nil,
        notBefore: Date? = nil,
        issuedAt: Date? = nil,
        strings: [String: String] = [:]
    ) {
        self.issuer = issuer
        self.subject = subject
        self.audiences = audiences
        self.expiresAt = expiresAt
        self.notBefore = notBefore
        self.issuedAt = issuedAt
        var strings = strings
        if let issuer { strings["iss"] = issuer }
        if let subject { strings["sub"] = subject }
        self.strings = strings
        var allNames = Set(strings.keys)
        if !audiences.isEmpty { allNames.insert("aud") }
        if expiresAt != nil { allNames.insert("exp") }
        if notBefore != nil { allNames.insert("nbf") }
        if issuedAt != nil { allNames.insert("iat") }
        self.names = allNames
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes the payload object; a registered claim of the wrong JSON type fails decoding.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        issuer = try container.decodeIfPresent(String.self, forKey: Key("iss"))
        subject = try container.decodeIfPresent(String.self, forKey: Key("sub"))
        if let single = try? container.decodeIfPresent(String.self, forKey: Key("aud")) {
            audiences = [single]
        } else {
            audiences = try container.decodeIfPresent([String].self, forKey: Key("aud")) ?? []
        }
        expiresAt = try Self.numericDate(container, "exp")
        notBefore = try Self.numericDate(container, "nbf")
        issuedAt = try Self.numericDate(container, "iat")
        var strings: [String: String] = [:]
        var names: Set<String> = []
        for key in container.allKeys {
            names.insert(key.stringValue)
            if let value = try? container.decode(String.self, forKey: key) { strings[key.stringValue] = value }
        }
        self.strings = strings
        self.names = names
    }

    /// Encodes the claims back into a payload object (registered claims and string claims).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (name, value) in strings { try container.encode(value, forKey: Key(name)) }
        if !audiences.isEmpty { try container.encode(audiences, forKey: Key("aud")) }
        if let expiresAt { try container.encode(expiresAt.timeIntervalSince1970, forKey: Key("exp")) }
        if let notBefore { try container.encode(notBefore.timeIntervalSince1970, forKey: Key("nbf")) }
        if let issuedAt { try container.encode(issuedAt.timeIntervalSince1970, forKey: Key("iat")) }
    }

    /// Checks nothing; see the type's documentation.
    public func verify(using algorithm: some JWTAlgorithm) async throws {}

    private static func numericDate(_ container: KeyedDecodingContainer<Key>, _ name: String) throws -> Date? {
        guard let seconds = try container.decodeIfPresent(Double.self, forKey: Key(name)) else { return nil }
        guard seconds.isFinite else {
            throw DecodingError.dataCorruptedError(forKey: Key(name), in: container, debugDescription: "not a finite NumericDate")
        }
        return Date(timeIntervalSince1970: seconds)
    }
}
