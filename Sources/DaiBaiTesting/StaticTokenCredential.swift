import DaiBaiCore
import Foundation
import Synchronization

/// A ``TokenCredential`` that always returns the same ``AccessToken`` and counts its calls.
public final class StaticTokenCredential: TokenCredential {
    private struct State {
        var requests: [TokenRequest] = []
    }

    /// The token every call returns.
    public let accessToken: AccessToken
    private let state = Mutex(State())

    /// Creates a credential that returns `accessToken`.
    public init(accessToken: AccessToken) {
        self.accessToken = accessToken
    }

    /// Creates a credential that returns `token`, valid until `expiresOn` (default: one hour from now).
    public convenience init(token: String = "test-token", expiresOn: Date = Date(timeIntervalSinceNow: 3600)) {
        self.init(accessToken: AccessToken(token: SecretValue(token), expiresOn: expiresOn))
    }

    /// How many times ``token(for:)`` was called.
    public var callCount: Int {
        state.withLock { $0.requests.count }
    }

    /// Every request passed to ``token(for:)``, in order.
    public var requests: [TokenRequest] {
        state.withLock { $0.requests }
    }

    /// Records `request` and returns ``accessToken``.
    public func token(for request: TokenRequest) async throws(CredentialError) -> AccessToken {
        state.withLock { $0.requests.append(request) }
        return accessToken
    }
}

/// A ``TokenCredential`` that always throws the same ``CredentialError`` and counts its calls.
public final class FailingTokenCredential: TokenCredential {
    private struct State {
        var requests: [TokenRequest] = []
    }

    /// The error every call throws.
    public let error: CredentialError
    private let state = Mutex(State())

    /// Creates a credential that throws `error`.
    public init(error: CredentialError) {
        self.error = error
    }

    /// Creates a credential that throws ``CredentialError/unavailable(credential:reason:)``.
    public convenience init(credential: String = "FailingTokenCredential", reason: String = "not configured in this test") {
        self.init(error: .unavailable(credential: credential, reason: reason))
    }

    /// How many times ``token(for:)`` was called.
    public var callCount: Int {
        state.withLock { $0.requests.count }
    }

    /// Every request passed to ``token(for:)``, in order.
    public var requests: [TokenRequest] {
        state.withLock { $0.requests }
    }

    /// Records `request` and throws ``error``.
    public func token(for request: TokenRequest) async throws(CredentialError) -> AccessToken {
        state.withLock { $0.requests.append(request) }
        throw error
    }
}
