import DaiBaiCore
import HTTPTypes

/// The extra HTTP header fields every OTLP export request carries — typically a collector's
/// API key (`api-key`, `x-honeycomb-team`, `Authorization`, …).
///
/// Values are ``DaiBaiCore/SecretValue``s: descriptions, debug descriptions and mirrors show
/// names only, and DaiBaiTelemetry never logs a value.
///
/// ```swift
/// let headers: DaiBaiOTLPHeaders = ["api-key": otlpAPIKey]   // a SecretValue, e.g. from a SecretStore
/// ```
public struct DaiBaiOTLPHeaders: Sendable, ExpressibleByDictionaryLiteral, CustomStringConvertible,
    CustomDebugStringConvertible, CustomReflectable
{
    /// One header field.
    public struct Field: Sendable, Hashable {
        /// The field's name, as given (HTTP field names are case-insensitive).
        public var name: String
        /// The field's value, a secret.
        public var value: SecretValue

        /// A field named `name` with `value`.
        public init(name: String, value: SecretValue) {
            self.name = name
            self.value = value
        }
    }

    /// The fields, in the order they are sent.
    public private(set) var fields: [Field]

    /// No extra header fields.
    public init() { fields = [] }

    /// The given fields, in this order.
    public init(_ fields: [Field]) { self.fields = fields }

    /// The given fields, in literal order: `["api-key": SecretValue(key)]`.
    public init(dictionaryLiteral elements: (String, SecretValue)...) {
        fields = elements.map { Field(name: $0.0, value: $0.1) }
    }

    /// Appends a field (a name may repeat; each occurrence is sent).
    public mutating func append(name: String, value: SecretValue) {
        fields.append(Field(name: name, value: value))
    }

    /// Whether there are no fields.
    public var isEmpty: Bool { fields.isEmpty }

    /// The field names, in order; never the values.
    public var names: [String] { fields.map(\.name) }

    /// Names only: `DaiBaiOTLPHeaders(api-key: <redacted>)`.
    public var description: String {
        "DaiBaiOTLPHeaders(\(fields.map { "\($0.name): <redacted>" }.joined(separator: ", ")))"
    }

    /// The same as ``description``.
    public var debugDescription: String { description }

    /// A mirror without children, so `dump` shows no value.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// Header names the exporter sets itself, which a caller must not override.
    static let reservedNames: Set<String> = ["content-type", "content-length", "host", "connection", "transfer-encoding", "user-agent"]

    /// Checks every name and value (never putting a value into the error).
    func validate() throws(DaiBaiOTLPError) {
        for field in fields {
            guard HTTPField.Name(field.name) != nil else {
                throw .invalidHeader(name: field.name, reason: "is not a valid HTTP field name (RFC 9110 token characters only)")
            }
            guard !Self.reservedNames.contains(field.name.lowercased()) else {
                throw .invalidHeader(name: field.name, reason: "is set by the OTLP exporter itself; remove it")
            }
            guard HTTPField.isValidValue(field.value.revealed()) else {
                throw .invalidHeader(name: field.name, reason: "has a value with characters HTTP does not allow (control characters such as CR or LF)")
            }
        }
    }

    /// The values for swift-otel, revealed: call only where the request is configured.
    func revealedPairs() -> [(String, String)] {
        fields.map { ($0.name, $0.value.revealed()) }
    }

    /// The non-empty values, for redacting diagnostic log lines.
    func secretValues() -> [String] {
        fields.map { $0.value.revealed() }.filter { !$0.isEmpty }
    }
}
