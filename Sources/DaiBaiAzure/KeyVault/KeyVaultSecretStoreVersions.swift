import DaiBaiCore

extension KeyVaultSecretStore {
    /// The version `version` of the secret `name` of the caller's tenant, or `nil` when there is none.
    /// Versioned reads are not cached.
    public func secret(named name: SecretName, version: String, context: RequestContext) async throws(SecretStoreError) -> SecretValue? {
        guard !version.isEmpty, version.count <= 64, version.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw .misconfigured("a Key Vault secret version is 1-64 letters and digits, for example 4387e9f3d6e14c459867679a90fd0f79")
        }
        guard let vaultName = try naming.vaultName(for: name, tenant: context.tenant) else { return nil }
        return try await fetch(name: name, vaultName: vaultName, version: version, tenant: context.tenant)
    }

    /// Permanently removes the soft-deleted secret `name` of the caller's tenant, so the name can
    /// be set again (the vault needs the identity to hold the secret purge permission; purging
    /// completes asynchronously, so a set right after may still see a conflict for a moment).
    ///
    /// - Throws: ``SecretStoreError/notFound(_:)`` when there is no deleted secret of that name for
    ///   the tenant; ``SecretStoreError/readOnly(store:)`` for a tenant that is not the owner of a
    ///   single-tenant vault; ``SecretStoreError/backend(_:)`` when the vault refuses.
    public func purgeDeletedSecret(named name: SecretName, context: RequestContext) async throws(SecretStoreError) {
        guard let vaultName = try naming.vaultName(for: name, tenant: context.tenant) else {
            throw .readOnly(store: "\(storeName) (single-tenant, belongs to another tenant)")
        }
        let operation = "purge deleted secret '\(name)'"
        let deletedPath = "/deletedsecrets/\(vaultName)?api-version=\(apiVersion)"
        if case .perTenant = layout {
            let response = try await client.send(.get, pathAndQuery: deletedPath, operation: operation, secretName: vaultName)
            switch response.status {
            case 200:
                guard naming.accepts(tags: try decodeBundle(response, operation: operation).tags, name: name, tenant: context.tenant) else {
                    throw .notFound(name)
                }
            case 404:
                throw .notFound(name)
            default:
                throw KeyVaultFailure.error(for: response, operation: operation, host: endpoint.host)
            }
        }
        let response = try await client.send(.delete, pathAndQuery: deletedPath, operation: operation, secretName: vaultName)
        switch response.status {
        case 200, 204:
            logger.debug("Purged deleted Key Vault secret", metadata: ["host": "\(endpoint.host)", "secret": "\(vaultName)"])
        case 404:
            throw .notFound(name)
        default:
            throw KeyVaultFailure.error(for: response, operation: operation, host: endpoint.host)
        }
    }
}
