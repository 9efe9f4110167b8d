/// What a grant did.
public enum CreditGrantOutcome: Sendable, Hashable {
    /// The credits were added; `balance` is the tenant's balance afterwards.
    case granted(balance: Int64)
    /// A grant with this id was made before; nothing changed.
    case alreadyGranted
}
