/// A failure of the tool itself (not of the model).
enum CostToolError: Error, CustomStringConvertible {
    /// A measurement could not be taken; the text says which and why.
    case measurement(String)
    /// No unit-price file was found.
    case pricesNotFound([String])
    /// An option is malformed.
    case badOption(String)

    var description: String {
        switch self {
        case .measurement(let reason): "A measurement failed: \(reason)."
        case .pricesNotFound(let tried): "No unit-price file found; tried \(tried.joined(separator: ", ")). Pass --prices PATH."
        case .badOption(let reason): reason
        }
    }
}
