/// Why a credits operation failed.
public enum CreditsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A grant's amount must be positive.
    case invalidAmount(Int64)
    /// A grant needs a non-empty idempotency id.
    case missingID
    /// The billing store failed.
    case store(BillingStoreError)

    /// A message that says what failed and what to do.
    public var description: String {
        switch self {
        case .invalidAmount(let amount): "A credit grant must add a positive number of credits, not \(amount)."
        case .missingID: "A credit grant needs an idempotency id (for example the payment's id), so a retried grant is not counted twice."
        case .store(let error): "\(error)"
        }
    }
}
