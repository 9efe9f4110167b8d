import DaiBaiCore

/// The credentials of the default chain, in order.
enum IdentityChainKind: String, CaseIterable, Sendable {
    case environment = "EnvironmentCredential"
    case workloadIdentity = "WorkloadIdentityCredential"
    case managedIdentity = "ManagedIdentityCredential"
    case azureCli = "AzureCliCredential"

    /// Deployed-environment credentials (`AZURE_TOKEN_CREDENTIALS=prod`).
    static let production: [IdentityChainKind] = [.environment, .workloadIdentity, .managedIdentity]
    /// Developer tools (`AZURE_TOKEN_CREDENTIALS=dev`).
    static let developer: [IdentityChainKind] = [.azureCli]

    /// The credentials `AZURE_TOKEN_CREDENTIALS` selects: all when unset or empty, `dev`, `prod`,
    /// or one credential name (case-insensitive).
    static func select(_ value: String?) throws(CredentialError) -> [IdentityChainKind] {
        let text = (value ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        switch text {
        case "": return allCases
        case "dev": return developer
        case "prod": return production
        default:
            if let kind = allCases.first(where: { $0.rawValue.lowercased() == text }) { return [kind] }
            throw .unavailable(
                credential: "DefaultAzureCredential",
                reason: "AZURE_TOKEN_CREDENTIALS has the invalid value '\(value ?? "")'; use 'dev', 'prod' or one of "
                    + allCases.map(\.rawValue).joined(separator: ", ")
            )
        }
    }
}
