import DaiBaiCore
import Foundation

/// What a ``DefaultAzureCredential`` tries and how.
public struct DefaultAzureCredentialOptions: Sendable {
    /// Skip ``EnvironmentCredential``.
    public var excludeEnvironmentCredential: Bool
    /// Skip ``WorkloadIdentityCredential``.
    public var excludeWorkloadIdentityCredential: Bool
    /// Skip ``ManagedIdentityCredential``.
    public var excludeManagedIdentityCredential: Bool
    /// Skip ``AzureCliCredential``.
    public var excludeAzureCliCredential: Bool
    /// The client ID of a user-assigned managed identity; `nil` uses `AZURE_CLIENT_ID` if set,
    /// otherwise the system-assigned identity (as the official SDKs do).
    public var managedIdentityClientID: String?
    /// The longest the Azure CLI may run.
    public var cliTimeout: Duration
    /// The longest wait for IMDS's first answer before managed identity counts as unavailable.
    public var managedIdentityProbeTimeout: Duration
    /// The longest wait for a token endpoint's answer (Entra, workload identity, and managed
    /// identity once its endpoint answered).
    public var requestTimeout: Duration
    /// Tenants besides the configured one a request may ask for (`*` for any); added to
    /// `AZURE_ADDITIONALLY_ALLOWED_TENANTS`.
    public var additionallyAllowedTenants: [String]
    /// Retries of token endpoint requests (managed identity uses its own policy).
    public var retryPolicy: RetryPolicy

    /// Creates options; by default every credential is tried.
    public init(
        excludeEnvironmentCredential: Bool = false,
        excludeWorkloadIdentityCredential: Bool = false,
        excludeManagedIdentityCredential: Bool = false,
        excludeAzureCliCredential: Bool = false,
        managedIdentityClientID: String? = nil,
        cliTimeout: Duration = .seconds(10),
        managedIdentityProbeTimeout: Duration = .seconds(1),
        requestTimeout: Duration = .seconds(30),
        additionallyAllowedTenants: [String] = [],
        retryPolicy: RetryPolicy = .default
    ) {
        self.excludeEnvironmentCredential = excludeEnvironmentCredential
        self.excludeWorkloadIdentityCredential = excludeWorkloadIdentityCredential
        self.excludeManagedIdentityCredential = excludeManagedIdentityCredential
        self.excludeAzureCliCredential = excludeAzureCliCredential
        self.managedIdentityClientID = managedIdentityClientID
        self.cliTimeout = cliTimeout
        self.managedIdentityProbeTimeout = managedIdentityProbeTimeout
        self.requestTimeout = requestTimeout
        self.additionallyAllowedTenants = additionallyAllowedTenants
        self.retryPolicy = retryPolicy
    }
}
