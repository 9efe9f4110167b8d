import DaiBaiCore
import Foundation
import HTTPTypes
import Logging

/// A ``SecretStore`` over the secrets of an Azure Key Vault (data-plane REST API).
///
/// - Layout: ``Layout/singleTenant(owner:)`` for the deployment's own secrets under plain names,
///   ``Layout/perTenant`` for every tenant's secrets in one vault, isolated by name and tags.
/// - Authentication: challenge-based, as the official SDKs: the first request goes without a
///   token (and without its body); the vault's 401 challenge names the tenant and resource; the
///   resource must be the vault's domain (see `verifyChallengeResource`) before the credential
///   is asked for a token. The challenge and token are cached per store.
/// - Requests: `GET`/`PUT`/`DELETE /secrets/{name}`, `GET /secrets?maxresults=25` paged by
///   `nextLink` (followed only on the vault's own scheme, host and port).
/// - Retries: 429 and 5xx through Core's ``RetryingHTTPTransport`` (honouring `Retry-After`).
/// - Cache: values are kept for `cacheTTL` per tenant and name, invalidated by writes and
///   deletes; concurrent reads of one secret share one request.
/// - Logs carry the vault host and secret names, never values or tokens.
public struct KeyVaultSecretStore: SecretStore {
    /// The data-plane API version sent with every request (the current stable secrets API).
    public static let defaultAPIVersion = "2025-07-01"

    /// `"key-vault"`.
    public var storeName: String { "key-vault" }

    /// How tenants' secrets are laid out in the vault.
    public let layout: Layout
    /// The vault's origin, for example `https://myvault.vault.azure.net`.
    public var vaultURL: String { endpoint.description }

    let endpoint: KeyVaultEndpoint
    let apiVersion: String
    let naming: KeyVaultNameScheme
    let client: KeyVaultHTTPClient
    let cache: KeyVaultSecretCache
    let logger: Logger

    /// Creates a store for the vault at `vaultURL`.
    /// - Parameters:
    ///   - vaultURL: The vault URI, for example `https://myvault.vault.azure.net/` (`http` only for loopback hosts).
    ///   - credential: Where tokens come from (for example the Entra credential chain).
    ///   - layout: How tenants' secrets are laid out.
    ///   - transport: The HTTP transport; pass a plain one, the store adds retries itself.
    ///   - retrier: The retry loop for 429 and 5xx responses (``RetryPolicy/none`` disables retries).
    ///   - verifyChallengeResource: Whether the challenge's resource must be the vault's domain
    ///     before a token is requested (the official SDKs' `verify_challenge_resource`). Keep it on.
    ///   - cacheTTL: How long read values are cached; zero disables the cache.
    ///   - apiVersion: The data-plane API version.
    ///   - timeout: The longest wait for a response head.
    ///   - now: The clock the cache TTL is measured on.
    ///   - logger: Where diagnostics go (host and names only); nothing is logged by default.
    /// - Throws: ``SecretStoreError/misconfigured(_:)`` when `vaultURL` is not a usable vault URL.
    public init(
        vaultURL: String,
        credential: any TokenCredential,
        layout: Layout,
        transport: any HTTPTransport = AsyncHTTPClientTransport(),
        retrier: Retrier = Retrier(),
        verifyChallengeResource: Bool = true,
        cacheTTL: Duration = .seconds(30),
        apiVersion: String = KeyVaultSecretStore.defaultAPIVersion,
        timeout: Duration = .seconds(30),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now },
        logger: Logger = Logger(label: "daibai.secrets.keyvault", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(SecretStoreError) {
        guard !apiVersion.isEmpty, apiVersion.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }) else {
            throw .misconfigured("the Key Vault API version must look like \(Self.defaultAPIVersion)")
        }
        let endpoint = try KeyVaultEndpoint(vaultURL: vaultURL)
        self.endpoint = endpoint
        self.layout = layout
        self.apiVersion = apiVersion
        self.naming = KeyVaultNameScheme(layout: layout)
        self.cache = KeyVaultSecretCache(ttl: cacheTTL, now: now)
        self.logger = logger
        self.client = KeyVaultHTTPClient(
            endpoint: endpoint,
            credential: credential,
            transport: RetryingHTTPTransport(base: transport, retrier: retrier),
            verifyChallengeResource: verifyChallengeResource,
            timeout: timeout,
            auth: KeyVaultAuthState(),
            logger: logger)
    }

    /// The secret `name` of the caller's tenant, or `nil` when there is none (or the layout gives the tenant none).
    ///
    /// - Throws: ``SecretStoreError/backend(_:)`` naming the vault's error code and message when the
    ///   vault refuses (for example a disabled secret or missing permission).
    public func secret(named name: SecretName, context: RequestContext) async throws(SecretStoreError) -> SecretValue? {
        guard let vaultName = try naming.vaultName(for: name, tenant: context.tenant) else { return nil }
        let key = KeyVaultSecretCache.Key(tenant: context.tenant, vaultName: vaultName)
        return try await cache.value(
            for: key,
            cancelled: { .backend("Key Vault read secret '\(name)' on \(endpoint.host) was cancelled.") },
            load: { () async throws(SecretStoreError) -> SecretValue? in
                try await fetch(name: name, vaultName: vaultName, version: nil, tenant: context.tenant)
            })
    }

    /// Creates or replaces (as a new version) the secret `name` of the caller's tenant.
    ///
    /// - Throws: ``SecretStoreError/readOnly(store:)`` for a tenant that is not the owner of a
    ///   single-tenant vault; ``SecretStoreError/integrityFailure(_:)`` when the per-tenant vault
    ///   name holds another tenant's secret; ``SecretStoreError/backend(_:)`` when the vault refuses
    ///   (a name still held by a deleted secret says to recover or purge it).
    public func setSecret(_ value: SecretValue, named name: SecretName, context: RequestContext) async throws(SecretStoreError) {
        guard let vaultName = try naming.vaultName(for: name, tenant: context.tenant) else {
            throw .readOnly(store: "\(storeName) (single-tenant, belongs to another tenant)")
        }
        let key = KeyVaultSecretCache.Key(tenant: context.tenant, vaultName: vaultName)
        cache.invalidate(key)
        defer { cache.invalidate(key) }
        let operation = "set secret '\(name)'"
        if case .perTenant = layout {
            if let tags = try await currentTags(vaultName: vaultName, name: name, operation: operation),
               !naming.accepts(tags: tags, name: name, tenant: context.tenant) {
                logger.warning("Key Vault secret name is held by another tenant's secret; not overwritten",
                               metadata: ["host": "\(endpoint.host)", "secret": "\(vaultName)"])
                throw .integrityFailure(
                    "the Key Vault name for secret '\(name)' holds a secret whose tenant tags do not match this tenant, "
                        + "so it was not overwritten. Ask the operator to inspect the vault secret \(vaultName).")
            }
        }
        let parameters = KeyVaultSecretSetParameters(
            value: value.revealed(), contentType: nil, tags: naming.tags(for: name, tenant: context.tenant))
        let body: [UInt8]
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            body = Array(try encoder.encode(parameters))
        } catch {
            throw .backend("Key Vault \(operation) failed: the request could not be encoded as JSON")
        }
        let response = try await client.send(
            .put, pathAndQuery: path(vaultName), body: body, operation: operation, secretName: vaultName)
        guard response.status == 200 else {
            throw KeyVaultFailure.error(for: response, operation: operation, host: endpoint.host, redacting: value)
        }
        logger.debug("Stored Key Vault secret", metadata: ["host": "\(endpoint.host)", "secret": "\(vaultName)"])
    }

    /// Deletes the secret `name` of the caller's tenant (all versions; the vault may keep it
    /// soft-deleted for its retention period). Throws ``SecretStoreError/notFound(_:)`` when there is none.
    public func deleteSecret(named name: SecretName, context: RequestContext) async throws(SecretStoreError) {
        guard let vaultName = try naming.vaultName(for: name, tenant: context.tenant) else {
            throw .readOnly(store: "\(storeName) (single-tenant, belongs to another tenant)")
        }
        let key = KeyVaultSecretCache.Key(tenant: context.tenant, vaultName: vaultName)
        cache.invalidate(key)
        defer { cache.invalidate(key) }
        let operation = "delete secret '\(name)'"
        if case .perTenant = layout {
            guard let tags = try await currentTags(vaultName: vaultName, name: name, operation: operation) else {
                throw .notFound(name)
            }
            guard naming.accepts(tags: tags, name: name, tenant: context.tenant) else {
                logger.warning("Key Vault secret name is held by another tenant's secret; not deleted",
                               metadata: ["host": "\(endpoint.host)", "secret": "\(vaultName)"])
                throw .notFound(name)
            }
        }
        let response = try await client.send(
            .delete, pathAndQuery: path(vaultName), operation: operation, secretName: vaultName)
        switch response.status {
        case 200, 204:
            logger.debug("Deleted Key Vault secret", metadata: ["host": "\(endpoint.host)", "secret": "\(vaultName)"])
        case 404:
            throw .notFound(name)
        default:
            throw KeyVaultFailure.error(for: response, operation: operation, host: endpoint.host)
        }
    }

    /// The sorted names of the caller's tenant's enabled secrets (certificate-managed secrets
    /// are skipped). See ``Layout`` for how vault names map back to ``SecretName``s.
    ///
    /// - Throws: ``SecretStoreError/backend(_:)`` when the vault refuses, or when a `nextLink`
    ///   points anywhere but the vault's own origin (it is never followed).
    public func secretNames(context: RequestContext) async throws(SecretStoreError) -> [SecretName] {
        guard naming.hasAccess(context.tenant) else { return [] }
        let operation = "list secrets"
        var names = Set<SecretName>()
        var next: String? = "/secrets?api-version=\(apiVersion)&maxresults=25"
        var visited = Set<String>()
        while let pathAndQuery = next {
            guard !Task.isCancelled else { throw .backend("Key Vault \(operation) on \(endpoint.host) was cancelled.") }
            guard visited.insert(pathAndQuery).inserted, visited.count <= 10_000 else {
                throw .backend("Key Vault \(operation) on \(endpoint.host) failed: the vault's nextLink pages repeat without end.")
            }
            let response = try await client.send(.get, pathAndQuery: pathAndQuery, operation: operation, secretName: nil)
            guard response.status == 200 else {
                throw KeyVaultFailure.error(for: response, operation: operation, host: endpoint.host)
            }
            let page: KeyVaultSecretListPage
            do {
                page = try JSONDecoder().decode(KeyVaultSecretListPage.self, from: Data(response.body))
            } catch {
                throw .backend("Key Vault \(operation) on \(endpoint.host) failed: the response is not a secret list (SecretListResult).")
            }
            for item in page.value ?? [] {
                guard item.managed != true, item.attributes?.enabled != false, let vaultName = item.name,
                      let name = naming.secretName(forVaultName: vaultName, tags: item.tags, tenant: context.tenant)
                else { continue }
                names.insert(name)
            }
            next = try nextPage(page.nextLink, operation: operation)
        }
        return names.sorted()
    }

    // MARK: - Helpers

    /// `/secrets/{vaultName}[/{version}]?api-version=…`.
    func path(_ vaultName: String, version: String? = nil) -> String {
        "/secrets/\(vaultName)" + (version.map { "/\($0)" } ?? "") + "?api-version=\(apiVersion)"
    }

    /// The path and query of the next page, or `nil` at the end; refuses links to other origins.
    private func nextPage(_ link: String?, operation: String) throws(SecretStoreError) -> String? {
        guard let link, !link.isEmpty else { return nil }
        guard var pathAndQuery = endpoint.pathAndQuery(ofSameOriginLink: link) else {
            logger.warning("Key Vault nextLink points to another origin; not followed", metadata: ["host": "\(endpoint.host)"])
            throw .backend(
                "Key Vault \(operation) on \(endpoint.host) failed: the vault's nextLink points outside \(endpoint), "
                    + "so it was not followed (a token is only ever sent to the vault). Check the vault URL and any proxy in between.")
        }
        if !pathAndQuery.contains("api-version=") {
            pathAndQuery += (pathAndQuery.contains("?") ? "&" : "?") + "api-version=\(apiVersion)"
        }
        return pathAndQuery
    }

    /// Reads one secret; `nil` when it does not exist or its tags say it is not the tenant's.
    func fetch(name: SecretName, vaultName: String, version: String?, tenant: TenantID) async throws(SecretStoreError) -> SecretValue? {
        let operation = "read secret '\(name)'"
        let response = try await client.send(
            .get, pathAndQuery: path(vaultName, version: version), operation: operation, secretName: vaultName)
        switch response.status {
        case 200:
            let bundle = try decodeBundle(response, operation: operation)
            guard naming.accepts(tags: bundle.tags, name: name, tenant: tenant) else {
                logger.warning("Key Vault secret tags do not match the tenant; treated as absent",
                               metadata: ["host": "\(endpoint.host)", "secret": "\(vaultName)"])
                return nil
            }
            return bundle.value ?? SecretValue("")
        case 404 where response.errorCode == nil || response.errorCode == "SecretNotFound":
            return nil
        default:
            throw KeyVaultFailure.error(for: response, operation: operation, host: endpoint.host)
        }
    }

    /// The tags of the current version of `vaultName`, or `nil` when there is no such secret.
    private func currentTags(vaultName: String, name: SecretName, operation: String) async throws(SecretStoreError) -> [String: String]? {
        let response = try await client.send(.get, pathAndQuery: path(vaultName), operation: operation, secretName: vaultName)
        switch response.status {
        case 200:
            return try decodeBundle(response, operation: operation).tags ?? [:]
        case 404 where response.errorCode == nil || response.errorCode == "SecretNotFound":
            return nil
        default:
            throw KeyVaultFailure.error(for: response, operation: operation, host: endpoint.host)
        }
    }

    func decodeBundle(_ response: KeyVaultResponse, operation: String) throws(SecretStoreError) -> KeyVaultSecretBundle {
        do {
            return try JSONDecoder().decode(KeyVaultSecretBundle.self, from: Data(response.body))
        } catch {
            throw .backend("Key Vault \(operation) on \(endpoint.host) failed: the response is not a secret (SecretBundle).")
        }
    }
}
