import DaiBaiCore
import Foundation
import Logging
import Synchronization

/// The credential chain for code that runs both on developer machines and in Azure.
///
/// Tries, in order: ``EnvironmentCredential`` → ``WorkloadIdentityCredential`` (when
/// `AZURE_TENANT_ID`, `AZURE_CLIENT_ID` and `AZURE_FEDERATED_TOKEN_FILE` are set) →
/// ``ManagedIdentityCredential`` → ``AzureCliCredential``, with the official Azure SDKs'
/// semantics:
/// - a credential that is ``CredentialError/unavailable(credential:reason:)`` passes on to the next;
/// - one that fails to authenticate stops the chain (its configuration is present but wrong);
/// - the first credential that returns a token is remembered and used alone from then on.
///
/// `AZURE_TOKEN_CREDENTIALS` narrows the chain: `dev` (Azure CLI only), `prod` (Environment,
/// WorkloadIdentity, ManagedIdentity) or one credential's name. An invalid value makes every
/// ``token(for:)`` fail with a message listing the valid ones (see also ``configurationError``).
/// ``DefaultAzureCredentialOptions`` excludes credentials explicitly and tunes them.
///
/// When no credential gets a token the error is ``CredentialError/chainFailed(_:)`` with one line
/// per credential tried, saying what each reported. Tokens are cached per scopes and tenant and
/// refreshed 300 s before expiry (or at the provider's refresh hint).
public struct DefaultAzureCredential: TokenCredential {
    /// Set when the configuration is invalid (for example `AZURE_TOKEN_CREDENTIALS`); every
    /// ``token(for:)`` call then throws it. Check it at startup to fail fast.
    public let configurationError: CredentialError?
    /// The names of the credentials tried, in order.
    public let credentialNames: [String]
    private let members: [any IdentityTokenIssuer]
    private let successful: IdentityChainMemory
    private let cache: TokenCache
    private let logger: Logger

    /// Creates the chain.
    ///
    /// - Parameters:
    ///   - environment: Where the `AZURE_*`, `IDENTITY_*` and `PATH` variables are read.
    ///   - options: Exclusions and settings.
    ///   - transport: Sends every HTTP request of the chain.
    ///   - now: The clock (inject one in tests).
    ///   - logger: Receives a debug line per token acquisition and which credential succeeded.
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        options: DefaultAzureCredentialOptions = .init(),
        transport: any HTTPTransport = AsyncHTTPClientTransport(),
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "daibai.azure.identity", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.successful = IdentityChainMemory()
        self.cache = TokenCache(now: now, logger: logger)
        self.logger = logger
        let kinds: [IdentityChainKind]
        do throws(CredentialError) {
            kinds = try IdentityChainKind.select(environment["AZURE_TOKEN_CREDENTIALS"])
        } catch {
            configurationError = error
            members = []
            credentialNames = []
            return
        }
        let excluded: Set<IdentityChainKind> = Set([
            options.excludeEnvironmentCredential ? IdentityChainKind.environment : nil,
            options.excludeWorkloadIdentityCredential ? .workloadIdentity : nil,
            options.excludeManagedIdentityCredential ? .managedIdentity : nil,
            options.excludeAzureCliCredential ? .azureCli : nil,
        ].compactMap { $0 })
        let chosen = kinds.filter { !excluded.contains($0) }
        guard !chosen.isEmpty else {
            configurationError = .unavailable(
                credential: "DefaultAzureCredential",
                reason: "every credential is excluded (AZURE_TOKEN_CREDENTIALS=\(environment["AZURE_TOKEN_CREDENTIALS"] ?? "unset") and the exclusions in the options); include at least one"
            )
            members = []
            credentialNames = []
            return
        }
        configurationError = nil
        credentialNames = chosen.map(\.rawValue)
        members = chosen.map { kind in
            Self.member(kind, environment: environment, options: options, transport: transport, now: now, logger: logger)
        }
    }

    /// A cached token, or one from the first credential of the chain that gets one.
    public func token(for request: TokenRequest) async throws(CredentialError) -> AccessToken {
        if let configurationError { throw configurationError }
        let members = members
        let successful = successful
        let logger = logger
        return try await cache.issue(for: request, credentialName: "DefaultAzureCredential") { () async throws(CredentialError) -> IdentityIssuedToken in
            try await Self.runChain(members, request: request, successful: successful, logger: logger)
        }
    }

    private static func runChain(
        _ members: [any IdentityTokenIssuer],
        request: TokenRequest,
        successful: IdentityChainMemory,
        logger: Logger
    ) async throws(CredentialError) -> IdentityIssuedToken {
        if let index = successful.index, members.indices.contains(index) {
            return try await members[index].issueToken(for: request)
        }
        var lines: [String] = []
        for (index, member) in members.enumerated() {
            if Task.isCancelled { throw IdentityCancellation.error("DefaultAzureCredential") }
            do {
                let issued = try await member.issueToken(for: request)
                successful.remember(index)
                logger.debug("DefaultAzureCredential acquired a token", metadata: ["credential": "\(member.credentialName)"])
                return issued
            } catch {
                if Task.isCancelled { throw IdentityCancellation.error("DefaultAzureCredential") }
                switch error {
                case .unavailable:
                    lines.append(error.description)
                case .authenticationFailed:
                    lines.append(error.description + " (this stops the chain)")
                    throw .chainFailed(lines)
                case .chainFailed(let nested):
                    throw .chainFailed(lines + nested)
                }
            }
        }
        throw .chainFailed(lines)
    }

    private static func member(
        _ kind: IdentityChainKind,
        environment: [String: String],
        options: DefaultAzureCredentialOptions,
        transport: any HTTPTransport,
        now: @escaping @Sendable () -> Date,
        logger: Logger
    ) -> any IdentityTokenIssuer {
        func value(_ key: String) -> String? { environment[key].flatMap { $0.isEmpty ? nil : $0 } }
        var scoped = environment
        let allowed = IdentityTenant.additionallyAllowed(in: environment) + options.additionallyAllowedTenants
        scoped["AZURE_ADDITIONALLY_ALLOWED_TENANTS"] = allowed.joined(separator: ";")
        switch kind {
        case .environment:
            return EnvironmentCredential(
                environment: scoped, transport: transport, retryPolicy: options.retryPolicy, timeout: options.requestTimeout,
                now: now, logger: logger
            )
        case .workloadIdentity:
            var missing: [String] = []
            if value("AZURE_TENANT_ID") == nil { missing.append("AZURE_TENANT_ID") }
            if value("AZURE_CLIENT_ID") == nil { missing.append("AZURE_CLIENT_ID") }
            if value("AZURE_FEDERATED_TOKEN_FILE") == nil { missing.append("AZURE_FEDERATED_TOKEN_FILE") }
            guard let tenant = value("AZURE_TENANT_ID"), let client = value("AZURE_CLIENT_ID"),
                  let file = value("AZURE_FEDERATED_TOKEN_FILE")
            else {
                return IdentityUnavailableIssuer(
                    credentialName: kind.rawValue,
                    error: .unavailable(
                        credential: kind.rawValue,
                        reason: "workload identity is not configured (missing \(missing.joined(separator: ", "))); the Azure workload identity webhook sets them in the pod"
                    )
                )
            }
            return WorkloadIdentityCredential(
                tenantID: tenant, clientID: client, tokenFilePath: file,
                authorityHost: value("AZURE_AUTHORITY_HOST") ?? IdentityAuthority.publicCloud,
                additionallyAllowedTenants: allowed, transport: transport, retryPolicy: options.retryPolicy,
                timeout: options.requestTimeout, now: now, logger: logger
            )
        case .managedIdentity:
            return ManagedIdentityCredential(
                clientID: options.managedIdentityClientID ?? value("AZURE_CLIENT_ID"),
                environment: environment, transport: transport, timeout: options.requestTimeout,
                probeTimeout: options.managedIdentityProbeTimeout,
                now: now, logger: logger
            )
        case .azureCli:
            return AzureCliCredential(
                timeout: options.cliTimeout, additionallyAllowedTenants: allowed, environment: environment, now: now, logger: logger
            )
        }
    }
}

/// Which member of a chain got the first token (shared by copies of the chain).
final class IdentityChainMemory: Sendable {
    private let state = Mutex<Int?>(nil)

    /// The remembered member's index.
    var index: Int? { state.withLock { $0 } }

    /// Remembers `index` (the first success wins).
    func remember(_ index: Int) {
        state.withLock { if $0 == nil { $0 = index } }
    }
}
