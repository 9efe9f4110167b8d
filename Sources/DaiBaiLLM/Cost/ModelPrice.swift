import Foundation

/// What one model costs, in US dollars per million tokens.
public struct ModelPrice: Sendable, Hashable, Codable {
    /// USD per million input (prompt) tokens.
    public var inputPerMillion: Decimal
    /// USD per million output (generated) tokens.
    public var outputPerMillion: Decimal

    /// Creates a price.
    public init(inputPerMillion: Decimal, outputPerMillion: Decimal) {
        self.inputPerMillion = inputPerMillion
        self.outputPerMillion = outputPerMillion
    }

    /// A price given in US cents per million tokens (`250` is $2.50); used for the shipped
    /// defaults so that they are exact without parsing strings.
    static func cents(input: Int, output: Int) -> ModelPrice {
        ModelPrice(inputPerMillion: Decimal(input) / 100, outputPerMillion: Decimal(output) / 100)
    }

    /// The cost in USD of `inputTokens` prompt and `outputTokens` generated tokens at this price.
    public func cost(inputTokens: Int, outputTokens: Int) -> Decimal {
        (Decimal(inputTokens) * inputPerMillion + Decimal(outputTokens) * outputPerMillion) / 1_000_000
    }
}
