import Foundation
import Logging

/// Which environment variables an ``EnvironmentSecretStore`` exposes as secrets.
///
/// A variable is exposed when its name is a valid ``SecretName`` and it is listed in
/// ``names``, starts with one of ``prefixes`` or ends with one of ``suffixes``
/// (case-sensitive). Exposed variables are the only ones the store lists *and* the only
/// ones it reads, so `PATH`, `HOME` and the rest of the process environment stay out of reach.
public struct EnvironmentSecretFilter: Sendable, Hashable {
    /// Exact names to expose.
    public var names: Set<SecretName>
    /// Name prefixes to expose, for example `"DAIBAI_SECRET_"`.
    public var prefixes: [String]
    /// Name suffixes to expose, for example `"_API_KEY"`.
    public var suffixes: [String]

    /// Exposes the variables named in `names`, or starting with one of `prefixes`, or ending with one of `suffixes`.
    public init(names: Set<SecretName> = [], prefixes: [String] = [], suffixes: [String] = []) {
        self.names = names
        self.prefixes = prefixes
        self.suffixes = suffixes
    }

    /// The default: names ending in `_API_KEY`, `_KEY`, `_SECRET`, `_PASSWORD`, `_TOKEN` or
    /// `_CONNECTION_STRING` (for example `OPENAI_API_KEY`, `WAREHOUSE_CONNECTION_STRING`).
    public static let conventional = EnvironmentSecretFilter(
        suffixes: ["_API_KEY", "_KEY", "_SECRET", "_PASSWORD", "_TOKEN", "_CONNECTION_STRING"])

    /// Exactly the variables in `names`.
    public static func only(_ names: Set<SecretName>) -> EnvironmentSecretFilter {
        EnvironmentSecretFilter(names: names)
    }

    /// Whether the variable `name` is exposed.
    public func allows(_ name: SecretName) -> Bool {
        let raw = name.rawValue
        return names.contains(name)
            || prefixes.contains { !$0.isEmpty && raw.hasPrefix($0) }
            || suffixes.contains { !$0.isEmpty && raw.hasSuffix($0) }
    }
}

/// A read-only ``SecretStore`` over environment variables (`OPENAI_API_KEY=…`).
///
/// The process environment belongs to the operator who started the process, not to any
/// tenant, so the store belongs to one *owner* tenant (``TenantID/local`` by default, the
/// tenant of single-user installations). Every other tenant sees no secrets at all: reads
/// return `nil` and listing returns nothing, so one tenant can never reach the operator's
/// keys or another tenant's. Only variables allowed by the ``EnvironmentSecretFilter`` are
/// read or listed. Writing and deleting throw ``SecretStoreError/readOnly(store:)``.
public struct EnvironmentSecretStore: SecretStore {
    /// `"environment"`.
    public var storeName: String { "environment" }

    /// The only tenant that sees these secrets.
    public let owner: TenantID
    /// Which variables are exposed.
    public let filter: EnvironmentSecretFilter

    private let environment: [String: String]
    private let logger: Logger

    /// Creates a store over `environment`.
    /// - Parameters:
    ///   - environment: The variables; the process environment by default.
    ///   - owner: The only tenant that sees them.
    ///   - filter: Which variables are exposed; by default the conventional secret suffixes.
    ///   - logger: Where diagnostics go (names only, never values); nothing is logged by default.
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        owner: TenantID = .local,
        filter: EnvironmentSecretFilter = .conventional,
        logger: Logger = Logger(label: "daibai.secrets.environment", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.environment = environment
        self.owner = owner
        self.filter = filter
        self.logger = logger
    }

    /// The variable `name` when the caller is the owner tenant and the filter allows it; otherwise `nil`.
    public func secret(named name: SecretName, context: RequestContext) async throws(SecretStoreError) -> SecretValue? {
        guard context.tenant == owner else { return nil }
        guard filter.allows(name) else {
            logger.debug("Environment variable is not exposed by the secret filter", metadata: ["name": "\(name)"])
            return nil
        }
        return environment[name.rawValue].map(SecretValue.init)
    }

    /// Always throws ``SecretStoreError/readOnly(store:)``: the environment cannot be changed through the store.
    public func setSecret(_ value: SecretValue, named name: SecretName, context: RequestContext) async throws(SecretStoreError) {
        throw .readOnly(store: storeName)
    }

    /// Always throws ``SecretStoreError/readOnly(store:)``: the environment cannot be changed through the store.
    public func deleteSecret(named name: SecretName, context: RequestContext) async throws(SecretStoreError) {
        throw .readOnly(store: storeName)
    }

    /// For the owner tenant, the sorted names of the variables that are valid secret names and
    /// allowed by the filter; for any other tenant, nothing.
    public func secretNames(context: RequestContext) async throws(SecretStoreError) -> [SecretName] {
        guard context.tenant == owner else { return [] }
        return environment.keys.compactMap(SecretName.init(rawValue:)).filter(filter.allows).sorted()
    }
}
