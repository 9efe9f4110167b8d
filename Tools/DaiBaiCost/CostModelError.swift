/// What went wrong while loading prices or computing an estimate.
public enum CostModelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The price data file could not be read or decoded; the reason says where.
    case invalidPriceFile(String)
    /// The price data file has no price with this id, which the model needs.
    case missingPrice(id: String)
    /// A price entry breaks a rule of the data file (no source, no date, negative price, …).
    case invalidPrice(id: String, reason: String)
    /// An argument is out of range (negative users, a share above 1, …).
    case invalidArgument(String)

    /// A sentence saying what failed and what to do.
    public var description: String {
        switch self {
        case .invalidPriceFile(let reason):
            "The unit-price file could not be used: \(reason). Check infra/cost/unit-prices.json (or the file given with --prices)."
        case .missingPrice(let id):
            "The unit-price file has no price '\(id)'; add it (with its source and retrieval date) to infra/cost/unit-prices.json."
        case .invalidPrice(let id, let reason):
            "The price '\(id)' is not usable: \(reason)."
        case .invalidArgument(let reason):
            "Invalid argument: \(reason)."
        }
    }
}
