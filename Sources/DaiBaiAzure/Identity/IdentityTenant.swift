import DaiBaiCore

/// Tenant rules shared by the Entra credentials.
///
/// A ``TokenRequest/tenantID`` other than the credential's own is honoured only when it is listed
/// in the credential's additionally allowed tenants (or the list contains `*`), as the official
/// Azure SDKs do; otherwise the request fails and says how to allow it.
enum IdentityTenant {
    /// Whether `tenant` is a syntactically valid tenant ID or domain (letters, digits, `-` and `.`).
    static func isValid(_ tenant: String) -> Bool {
        !tenant.isEmpty && tenant.unicodeScalars.allSatisfy { scalar in
            (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))) || scalar == "-" || scalar == "."
        }
    }

    /// The tenant to authenticate in for `request`.
    static func resolve(
        requested: String?,
        own: String,
        additionallyAllowed: [String],
        credential: String
    ) throws(CredentialError) -> String {
        guard let requested, !requested.isEmpty, requested != own else { return own }
        guard isValid(requested) else {
            throw .authenticationFailed(
                credential: credential,
                reason: "the requested tenant ID is not valid; use a tenant GUID or domain (letters, digits, '-' and '.')"
            )
        }
        if own.lowercased() == "adfs" { return own }
        if additionallyAllowed.contains("*") || additionallyAllowed.contains(where: { $0.lowercased() == requested.lowercased() }) {
            return requested
        }
        throw .authenticationFailed(
            credential: credential,
            reason: "the request asks for tenant '\(requested)' but the credential is configured for '\(own)'; "
                + "add it to additionallyAllowedTenants (or AZURE_ADDITIONALLY_ALLOWED_TENANTS) to allow it"
        )
    }

    /// `AZURE_ADDITIONALLY_ALLOWED_TENANTS` (semicolon-separated) from `environment`.
    static func additionallyAllowed(in environment: [String: String]) -> [String] {
        (environment["AZURE_ADDITIONALLY_ALLOWED_TENANTS"] ?? "")
            .split(separator: ";")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }
}
