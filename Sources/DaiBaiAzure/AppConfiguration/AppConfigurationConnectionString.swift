import DaiBaiCore
import Foundation

/// The parts of an App Configuration connection string `Endpoint=…;Id=…;Secret=…`.
///
/// Part names are matched case-insensitively; the secret is held as a ``SecretValue`` and
/// never appears in errors.
struct AppConfigurationConnectionString: Sendable {
    /// The store's endpoint, for example `https://contoso.azconfig.io`.
    let endpoint: String
    /// The access key id (the HMAC credential).
    let id: String
    /// The base64 access key secret.
    let secret: SecretValue

    /// Parses `connectionString`; the error names the missing or malformed part.
    init(parsing connectionString: SecretValue) throws(AppConfigurationError) {
        var parts: [String: String] = [:]
        for segment in connectionString.revealed().split(separator: ";", omittingEmptySubsequences: true) {
            let trimmed = segment.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            guard let equals = trimmed.firstIndex(of: "=") else {
                // Do not echo the segment: it may be (part of) the secret.
                throw .invalidConnectionString(reason: "a part has no '=' (each part must be 'Name=value')")
            }
            let name = trimmed[..<equals].lowercased()
            parts[name] = String(trimmed[trimmed.index(after: equals)...])
        }
        func require(_ name: String) throws(AppConfigurationError) -> String {
            guard let value = parts[name.lowercased()], !value.isEmpty else {
                throw .invalidConnectionString(reason: "the '\(name)' part is missing")
            }
            return value
        }
        endpoint = try require("Endpoint")
        id = try require("Id")
        let secretText = try require("Secret")
        guard Data(base64Encoded: secretText) != nil else {
            throw .invalidConnectionString(reason: "the 'Secret' part is not valid base64")
        }
        secret = SecretValue(secretText)
    }
}
