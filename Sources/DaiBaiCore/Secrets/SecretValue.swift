/// A secret string that never shows itself in descriptions, logs, dumps or errors.
///
/// Read the value with ``revealed()`` only at the point where it is sent to its destination.
public struct SecretValue: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    /// Wraps `value` as a secret.
    public init(_ value: String) { self.value = value }

    /// The secret itself. Call this only where the value leaves the process for its destination.
    public func revealed() -> String { value }

    /// Whether the secret is the empty string.
    public var isEmpty: Bool { value.isEmpty }

    /// Always `<redacted>`.
    public var description: String { "<redacted>" }
    /// Always `SecretValue(<redacted>)`.
    public var debugDescription: String { "SecretValue(<redacted>)" }
    /// A mirror without children, so `dump` shows nothing of the value.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
