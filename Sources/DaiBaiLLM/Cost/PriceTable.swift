import DaiBaiCore
import Foundation

/// Per-model token prices, for estimating what a call cost.
///
/// A model is looked up by its exact name, then by the longest configured prefix, so
/// `gpt-4o` covers dated snapshots such as `gpt-4o-2024-08-06` while `gpt-4o-mini` keeps its
/// own price. Names are compared case-insensitively.
///
/// The shipped ``defaults`` are estimates of public list prices at the time of writing (they
/// change, and discounts, cached input and batch pricing are ignored): configure your own for
/// billing.
public struct PriceTable: Sendable, Hashable {
    /// Prices by model name or name prefix, lower-cased.
    public private(set) var prices: [String: ModelPrice]

    /// A table with `prices` (keys are model names or prefixes).
    public init(_ prices: [String: ModelPrice] = [:]) {
        self.prices = Dictionary(prices.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last })
    }

    /// Estimated list prices (USD per million input / output tokens) of well-known models.
    /// Estimates only; configure your own.
    public static let defaults = PriceTable([
        "gpt-4o": .cents(input: 250, output: 1_000),
        "gpt-4o-mini": .cents(input: 15, output: 60),
        "gpt-4.1": .cents(input: 200, output: 800),
        "gpt-4.1-mini": .cents(input: 40, output: 160),
        "gpt-4.1-nano": .cents(input: 10, output: 40),
        "gpt-5": .cents(input: 125, output: 1_000),
        "gpt-5-mini": .cents(input: 25, output: 200),
        "gpt-5-nano": .cents(input: 5, output: 40),
        "o1": .cents(input: 1_500, output: 6_000),
        "o3": .cents(input: 200, output: 800),
        "o3-mini": .cents(input: 110, output: 440),
        "o4-mini": .cents(input: 110, output: 440),
        "claude-3-5-sonnet": .cents(input: 300, output: 1_500),
        "claude-3-5-haiku": .cents(input: 80, output: 400),
        "claude-sonnet-4": .cents(input: 300, output: 1_500),
        "claude-opus-4": .cents(input: 1_500, output: 7_500),
        "gemini-2.5-pro": .cents(input: 125, output: 1_000),
        "gemini-2.5-flash": .cents(input: 30, output: 250),
    ])

    /// Sets (or replaces) the price of a model name or prefix.
    public mutating func setPrice(_ price: ModelPrice, for model: String) {
        prices[model.lowercased()] = price
    }

    /// This table with `other`'s prices added, `other` winning where both have one.
    public func merging(_ other: PriceTable) -> PriceTable {
        PriceTable(prices.merging(other.prices) { _, theirs in theirs })
    }

    /// The price of `model`: the exact name, else the longest matching prefix, else `nil`.
    public func price(for model: String) -> ModelPrice? {
        let name = model.lowercased()
        if let exact = prices[name] { return exact }
        let match = prices.keys.filter { name.hasPrefix($0) }.max { $0.count < $1.count }
        return match.flatMap { prices[$0] }
    }

    /// The estimated cost in USD of `usage` on `model`, or `nil` when the model has no price.
    public func estimatedCost(usage: TokenUsage, model: String) -> Decimal? {
        price(for: model)?.cost(inputTokens: usage.inputTokens, outputTokens: usage.outputTokens)
    }
}
