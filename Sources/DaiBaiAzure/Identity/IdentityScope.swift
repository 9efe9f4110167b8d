import DaiBaiCore

/// Turns scopes into the single resource that managed identity and the Azure CLI expect.
enum IdentityScope {
    /// The resource for `scopes`: exactly one scope, with a trailing `/.default` removed.
    ///
    /// The scope may contain only letters, digits and `_-.:/` (it is passed to a subprocess
    /// and into a query string).
    static func resource(from scopes: [String], credential: String) throws(CredentialError) -> String {
        guard scopes.count == 1, let scope = scopes.first, !scope.isEmpty else {
            throw .authenticationFailed(
                credential: credential,
                reason: "exactly one scope is required (got \(scopes.count)); ask for one resource, for example https://vault.azure.net/.default"
            )
        }
        guard scope.unicodeScalars.allSatisfy({ scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "_-.:/".unicodeScalars.contains(scalar))
        }) else {
            throw .authenticationFailed(credential: credential, reason: "the scope contains characters other than letters, digits and _-.:/")
        }
        let suffix = "/.default"
        return scope.hasSuffix(suffix) ? String(scope.dropLast(suffix.count)) : scope
    }
}
