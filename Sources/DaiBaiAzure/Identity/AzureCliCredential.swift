import DaiBaiCore
import Foundation
import Logging

/// Uses the account signed in to the Azure CLI (`az login`), for developer machines.
///
/// Runs `az account get-access-token --output json --resource <resource> [--tenant <tenant>]` as a
/// subprocess: `az` is looked up on the `PATH` of `environment`, and the child gets exactly that
/// environment (plus `AZURE_CORE_NO_COLOR=true`). The process is killed when it runs past
/// `timeout` or when the task is cancelled.
///
/// - `az` missing, `az login` needed, or the timeout reached: ``CredentialError/unavailable(credential:reason:)``
///   with a message saying what to do (so a chain moves on).
/// - Any other failure: ``CredentialError/authenticationFailed(credential:reason:)`` quoting the
///   CLI's error output with anything token-like removed.
///
/// The tenant is `tenantID` or a request's ``TokenRequest/tenantID`` when allowed (same rules as
/// ``ClientSecretCredential``; with no `tenantID` any requested tenant is passed on, as the
/// official SDKs do). Tokens are cached and refreshed 300 s before expiry.
public struct AzureCliCredential: TokenCredential {
    /// The tenant to ask for, or `nil` for the CLI's default.
    public let tenantID: String?
    /// The longest the CLI may run.
    public let timeout: Duration
    /// Further tenants a request may ask for (`*` allows any).
    public let additionallyAllowedTenants: [String]
    private let environment: [String: String]
    private let cache: TokenCache

    /// Creates a credential.
    ///
    /// - Parameters:
    ///   - tenantID: The tenant to get tokens in; `nil` for the CLI's current tenant.
    ///   - timeout: The longest the CLI may run before it is killed.
    ///   - additionallyAllowedTenants: Tenants besides `tenantID` a request may ask for; `*` for any.
    ///   - environment: Supplies `PATH` (to find `az`) and the child's environment.
    ///   - now: The clock (inject one in tests).
    ///   - logger: Receives a debug line per token acquisition (never the token).
    public init(
        tenantID: String? = nil,
        timeout: Duration = .seconds(10),
        additionallyAllowedTenants: [String] = [],
        environment: [String: String] = ProcessInfo.processInfo.environment,
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "daibai.azure.identity", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.tenantID = tenantID.flatMap { $0.isEmpty ? nil : $0 }
        self.timeout = timeout
        self.additionallyAllowedTenants = additionallyAllowedTenants
        self.environment = environment
        self.cache = TokenCache(now: now, logger: logger)
    }

    /// A cached or new token for `request`.
    public func token(for request: TokenRequest) async throws(CredentialError) -> AccessToken {
        try await cache.issue(for: request, credentialName: credentialName) { () async throws(CredentialError) -> IdentityIssuedToken in
            try await issueToken(for: request)
        }
    }

    /// The full path of `az` on the `PATH` of `environment`, if any.
    static func locateCLI(in environment: [String: String]) -> String? {
        let path = environment["PATH"] ?? ""
        for directory in path.split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("az").path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        return nil
    }
}

extension AzureCliCredential: IdentityTokenIssuer {
    var credentialName: String { "AzureCliCredential" }

    static let notFound = "the Azure CLI ('az') was not found on the PATH; install it (https://aka.ms/azure-cli) and run 'az login'"
    static let notLoggedIn = "the Azure CLI is not signed in; run 'az login' (and 'az account set' to pick a subscription)"

    func issueToken(for request: TokenRequest) async throws(CredentialError) -> IdentityIssuedToken {
        let resource = try IdentityScope.resource(from: request.scopes, credential: credentialName)
        var tenant = tenantID
        if let own = tenantID {
            guard IdentityTenant.isValid(own) else {
                throw .authenticationFailed(credential: credentialName, reason: "the tenant ID is not valid; use the directory (tenant) GUID or domain")
            }
            tenant = try IdentityTenant.resolve(
                requested: request.tenantID, own: own, additionallyAllowed: additionallyAllowedTenants, credential: credentialName
            )
        } else if let requested = request.tenantID, !requested.isEmpty {
            guard IdentityTenant.isValid(requested) else {
                throw .authenticationFailed(credential: credentialName, reason: "the requested tenant ID is not valid; use a tenant GUID or domain")
            }
            tenant = requested
        }
        guard let executable = Self.locateCLI(in: environment) else {
            throw .unavailable(credential: credentialName, reason: Self.notFound)
        }
        var arguments = ["account", "get-access-token", "--output", "json", "--resource", resource]
        if let tenant { arguments += ["--tenant", tenant] }
        var childEnvironment = environment
        childEnvironment["AZURE_CORE_NO_COLOR"] = "true"
        let outcome = await IdentityProcessRunner.run(
            executable: executable, arguments: arguments, environment: childEnvironment, timeout: timeout
        )
        switch outcome {
        case .cancelled:
            throw IdentityCancellation.error(credentialName)
        case .timedOut:
            throw .unavailable(credential: credentialName, reason: "the Azure CLI did not answer within \(timeout) and was stopped; check that 'az account get-access-token' works")
        case .launchFailed(let message):
            throw .unavailable(credential: credentialName, reason: "the Azure CLI at \(executable) could not be started (\(message)); reinstall it (https://aka.ms/azure-cli)")
        case .finished(let status, let stdout, let stderr):
            let errorText = String(decoding: stderr, as: UTF8.self)
            guard status == 0 else {
                if status == 127 || errorText.contains("not recognized as an internal or external command") {
                    throw .unavailable(credential: credentialName, reason: Self.notFound)
                }
                if errorText.contains("az login") || errorText.contains("az account set") {
                    throw .unavailable(credential: credentialName, reason: Self.notLoggedIn)
                }
                let detail = errorText.isEmpty ? "no error output" : IdentityHTTP.excerpt(stderr)
                throw .authenticationFailed(credential: credentialName, reason: "'az account get-access-token' exited with status \(status): \(detail)")
            }
            guard let output = IdentityHTTP.decode(IdentityCLITokenOutput.self, from: stdout), !output.accessToken.isEmpty else {
                throw .authenticationFailed(credential: credentialName, reason: "the Azure CLI printed something other than a token as JSON; update it (az upgrade)")
            }
            let timeZone = environment["TZ"].flatMap { TimeZone(identifier: $0.hasPrefix(":") ? String($0.dropFirst()) : $0) } ?? .current
            guard let expiresOn = output.expiry(in: timeZone) else {
                throw .authenticationFailed(credential: credentialName, reason: "the Azure CLI's token has neither expires_on nor a readable expiresOn; update it (az upgrade)")
            }
            return IdentityIssuedToken(token: AccessToken(token: SecretValue(output.accessToken), expiresOn: expiresOn), refreshOn: nil)
        }
    }
}
