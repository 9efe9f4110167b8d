import DaiBaiCore
import Foundation

/// A token Azure Relay accepts, with the time it stops being accepted.
public struct RelayToken: Sendable, CustomStringConvertible {
    /// The token text, sent in the `ServiceBusAuthorization` header (a secret).
    public var value: SecretValue
    /// When the relay stops accepting it.
    public var expiresOn: Date

    /// Creates a token.
    public init(value: SecretValue, expiresOn: Date) {
        self.value = value
        self.expiresOn = expiresOn
    }

    /// Only the expiry; never the token.
    public var description: String { "RelayToken(expiresOn: \(expiresOn))" }
}

/// Issues tokens for a hybrid connection: the listener sends one when it connects and renews it
/// before it expires; the sender sends one per connection.
public protocol RelayTokenProvider: Sendable {
    /// A token for `audience` (see ``HybridConnectionAddress/audience``).
    func token(for audience: String) async throws(RelayError) -> RelayToken
}

/// Signs shared access signatures with a policy key (the `SharedAccessKeyName` and
/// `SharedAccessKey` of a relay connection string).
public struct SharedAccessKeyTokenProvider: RelayTokenProvider {
    /// The policy's name.
    public var keyName: String
    private let key: SecretValue
    /// How long each token is valid.
    public var validity: Duration
    private let now: @Sendable () -> Date

    /// Creates a provider.
    /// - Parameters:
    ///   - keyName: The shared access policy's name (`skn`).
    ///   - key: The policy's key.
    ///   - validity: How long each token is valid; one hour by default, as the Azure SDKs do.
    ///   - now: The clock; the system clock by default.
    public init(keyName: String, key: SecretValue, validity: Duration = .seconds(3600), now: @escaping @Sendable () -> Date = Date.init) {
        self.keyName = keyName
        self.key = key
        self.validity = validity
        self.now = now
    }

    /// A fresh signature for `audience`.
    public func token(for audience: String) async throws(RelayError) -> RelayToken {
        guard !keyName.isEmpty, !key.isEmpty else {
            throw .misconfigured("the shared access key name or key is empty; set SharedAccessKeyName and SharedAccessKey")
        }
        let expiry = now().addingTimeInterval(validity.timeInterval)
        return RelayToken(value: SharedAccessSignature.token(audience: audience, keyName: keyName, key: key, expiry: expiry), expiresOn: expiry)
    }
}

/// Gets Microsoft Entra tokens for Azure Relay (scope `https://relay.azure.net/.default`) from a
/// ``TokenCredential``, such as the managed identity of the app that runs the listener or sender.
public struct EntraRelayTokenProvider: RelayTokenProvider {
    /// The scope Azure Relay tokens are issued for.
    public static let scope = "https://relay.azure.net/.default"
    private let credential: any TokenCredential

    /// Creates a provider over `credential`.
    public init(credential: any TokenCredential) {
        self.credential = credential
    }

    /// An Entra access token, sent as is (the audience is implied by the scope).
    public func token(for audience: String) async throws(RelayError) -> RelayToken {
        do {
            let token = try await credential.token(for: TokenRequest(scopes: [Self.scope]))
            return RelayToken(value: token.token, expiresOn: token.expiresOn)
        } catch {
            throw .authenticationFailed("no Entra token for Azure Relay: \(error.description)")
        }
    }
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    var timeInterval: TimeInterval {
        let parts = components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}
