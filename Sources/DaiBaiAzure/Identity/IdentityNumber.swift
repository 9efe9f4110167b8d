import Foundation

/// A number that some identity endpoints send as a JSON number and others as a string
/// (IMDS sends `"expires_in":"3599"`).
struct IdentityNumber: Decodable, Sendable {
    /// The value.
    var value: Double

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            value = number
        } else {
            let text = try container.decode(String.self)
            guard let number = Double(text.trimmingCharacters(in: .whitespaces)) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a number")
            }
            value = number
        }
    }
}
