import DaiBaiCore
import Foundation

extension LLMResponse {
    /// The estimated cost in USD of this response from `table`, or `nil` when the response
    /// reports no usage or the model has no price.
    public func estimatedCost(using table: PriceTable = .defaults) -> Decimal? {
        guard let usage else { return nil }
        return table.estimatedCost(usage: usage, model: model)
    }
}
