/// A value of a Stripe request parameter: a string, a nested object or an array.
///
/// Objects keep their keys in the given order, so the encoded body is deterministic.
public indirect enum StripeFormValue: Sendable, Hashable {
    /// A scalar (numbers and booleans are sent as their decimal or `true`/`false` text).
    case string(String)
    /// A nested object, encoded as `key[child]=…`.
    case object([StripeFormField])
    /// An array, encoded as `key[0]=…&key[1]=…`.
    case array([StripeFormValue])
}

/// One named parameter of a Stripe request.
public struct StripeFormField: Sendable, Hashable {
    /// The parameter name.
    public var name: String
    /// Its value.
    public var value: StripeFormValue

    /// Creates a parameter.
    public init(_ name: String, _ value: StripeFormValue) {
        self.name = name
        self.value = value
    }

    /// A string parameter.
    public init(_ name: String, _ value: String) {
        self.init(name, .string(value))
    }
}
