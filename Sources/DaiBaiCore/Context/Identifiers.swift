/// Validation shared by the identifier types of DaiBai.
///
/// Identifiers end up in file paths, database keys and cloud resource names, so they are
/// restricted to ASCII letters, digits, `-` and `_`.
enum IdentifierRules {
    /// Whether `value` is 1...`maxLength` characters of `[A-Za-z0-9_-]`.
    static func isValid(_ value: String, maxLength: Int) -> Bool {
        guard !value.isEmpty, value.utf8.count <= maxLength else { return false }
        return value.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39)  // 0-9
                || (byte >= 0x41 && byte <= 0x5A)  // A-Z
                || (byte >= 0x61 && byte <= 0x7A)  // a-z
                || byte == 0x2D || byte == 0x5F  // - _
        }
    }
}

/// An error thrown when a string is not a valid DaiBai identifier.
public struct InvalidIdentifierError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of identifier, for example `"tenant id"`.
    public let kind: String
    /// The rejected value's length (the value itself is never echoed, it may be user input).
    public let length: Int
    /// The rule the value must satisfy.
    public let rule: String

    /// A message that says what was wrong and what is allowed.
    public var description: String {
        "Invalid \(kind) (\(length) characters): \(rule)."
    }
}

/// What distinguishes one kind of ``Identifier`` from another.
public protocol IdentifierKind: Sendable {
    /// The name used in messages, for example `"tenant id"`.
    static var name: String { get }
    /// The longest accepted identifier, in bytes.
    static var maxLength: Int { get }
}

/// A validated identifier: 1–``IdentifierKind/maxLength`` characters of `[A-Za-z0-9_-]`.
///
/// Identifiers end up in file paths and database keys, so they can only be created valid.
public struct Identifier<Kind: IdentifierKind>: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The validated identifier.
    public let rawValue: String

    /// Creates an identifier, or returns `nil` when `rawValue` breaks the rules.
    public init?(rawValue: String) {
        guard IdentifierRules.isValid(rawValue, maxLength: Kind.maxLength) else { return nil }
        self.rawValue = rawValue
    }

    /// Creates an identifier or throws an error that says what is allowed.
    public init(validating value: String) throws(InvalidIdentifierError) {
        guard let id = Self(rawValue: value) else {
            throw InvalidIdentifierError(kind: Kind.name, length: value.count, rule: "use 1-\(Kind.maxLength) characters of A-Z, a-z, 0-9, '-' or '_'")
        }
        self = id
    }

    init(uncheckedLiteral: String) { self.rawValue = uncheckedLiteral }

    /// The identifier itself.
    public var description: String { rawValue }

    /// Decodes and validates an identifier.
    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(String.self)
        self = try Self(validating: value)
    }

    /// Encodes the identifier as a string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// The kind of ``TenantID``: up to 64 characters.
public enum TenantIDKind: IdentifierKind {
    /// `"tenant id"`.
    public static let name = "tenant id"
    /// 64.
    public static let maxLength = 64
}

/// The kind of ``UserID``: up to 128 characters.
public enum UserIDKind: IdentifierKind {
    /// `"user id"`.
    public static let name = "user id"
    /// 128.
    public static let maxLength = 128
}

/// The identifier of a tenant: the unit of isolation for every stored record.
public typealias TenantID = Identifier<TenantIDKind>

/// The identifier of a user inside a tenant.
public typealias UserID = Identifier<UserIDKind>

extension Identifier where Kind == TenantIDKind {
    /// The tenant used by single-user local installations.
    public static var local: TenantID { TenantID(uncheckedLiteral: "local") }
}

extension Identifier where Kind == UserIDKind {
    /// The user of single-user local installations.
    public static var local: UserID { UserID(uncheckedLiteral: "local") }
}
