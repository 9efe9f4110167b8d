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

/// The identifier of a tenant: the unit of isolation for every stored record.
public struct TenantID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The validated identifier.
    public let rawValue: String

    /// Creates a tenant identifier, or returns `nil` when `rawValue` is not 1–64 characters of `[A-Za-z0-9_-]`.
    public init?(rawValue: String) {
        guard IdentifierRules.isValid(rawValue, maxLength: 64) else { return nil }
        self.rawValue = rawValue
    }

    /// Creates a tenant identifier or throws an error that says what is allowed.
    public init(validating value: String) throws(InvalidIdentifierError) {
        guard let id = TenantID(rawValue: value) else {
            throw InvalidIdentifierError(kind: "tenant id", length: value.count, rule: "use 1-64 characters of A-Z, a-z, 0-9, '-' or '_'")
        }
        self = id
    }

    /// The tenant used by single-user local installations.
    public static let local = TenantID(uncheckedLiteral: "local")

    init(uncheckedLiteral: String) { self.rawValue = uncheckedLiteral }

    /// The identifier itself.
    public var description: String { rawValue }

    /// Decodes and validates a tenant identifier.
    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(String.self)
        self = try TenantID(validating: value)
    }

    /// Encodes the identifier as a string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// The identifier of a user inside a tenant.
public struct UserID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The validated identifier.
    public let rawValue: String

    /// Creates a user identifier, or returns `nil` when `rawValue` is not 1–128 characters of `[A-Za-z0-9_-]`.
    public init?(rawValue: String) {
        guard IdentifierRules.isValid(rawValue, maxLength: 128) else { return nil }
        self.rawValue = rawValue
    }

    /// Creates a user identifier or throws an error that says what is allowed.
    public init(validating value: String) throws(InvalidIdentifierError) {
        guard let id = UserID(rawValue: value) else {
            throw InvalidIdentifierError(kind: "user id", length: value.count, rule: "use 1-128 characters of A-Z, a-z, 0-9, '-' or '_'")
        }
        self = id
    }

    /// The user of single-user local installations.
    public static let local = UserID(uncheckedLiteral: "local")

    init(uncheckedLiteral: String) { self.rawValue = uncheckedLiteral }

    /// The identifier itself.
    public var description: String { rawValue }

    /// Decodes and validates a user identifier.
    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(String.self)
        self = try UserID(validating: value)
    }

    /// Encodes the identifier as a string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
