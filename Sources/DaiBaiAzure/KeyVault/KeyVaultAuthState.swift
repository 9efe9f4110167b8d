import DaiBaiCore
import Foundation
import Synchronization

/// The challenge a store last accepted and the token obtained for it, shared by all copies of
/// one ``KeyVaultSecretStore`` (the official SDKs cache the challenge per client the same way).
final class KeyVaultAuthState: Sendable {
    private struct State {
        var challenge: KeyVaultChallenge?
        var token: AccessToken?
    }

    /// How long before expiry a cached token is replaced.
    static let refreshMargin: TimeInterval = 300

    private let state = Mutex(State())

    init() {}

    /// The cached challenge, if one was accepted.
    var challenge: KeyVaultChallenge? { state.withLock { $0.challenge } }

    /// The cached token for `challenge` unless it expires within ``refreshMargin`` of `now`.
    func token(for challenge: KeyVaultChallenge, now: Date) -> AccessToken? {
        state.withLock { state in
            guard state.challenge == challenge, let token = state.token,
                  !token.expires(within: Self.refreshMargin, of: now)
            else { return nil }
            return token
        }
    }

    /// Remembers `challenge` and the token obtained for it.
    func store(_ challenge: KeyVaultChallenge, token: AccessToken) {
        state.withLock { state in
            state.challenge = challenge
            state.token = token
        }
    }
}
