import Foundation
import Synchronization

/// The `Sync-Token`s the store has sent, echoed on later requests so that reads see at least
/// the writes the store has already reported (App Configuration "real-time consistency").
///
/// Responses carry `Sync-Token: <id>=<value>;sn=<n>[,…]`; per id the token with the highest
/// `sn` is kept. Requests carry `Sync-Token: <id>=<value>[,…]` (sorted by id). This is
/// per-store consistency state, shared by all loads of one provider.
final class AppConfigurationSyncTokens: Sendable {
    private struct Token: Sendable {
        var value: String
        var sequenceNumber: Int64
    }

    private let tokens = Mutex<[String: Token]>([:])

    init() {}

    /// Records the tokens of a response's `Sync-Token` header value(s).
    func record(_ headerValues: [String]) {
        var parsed: [(String, Token)] = []
        for headerValue in headerValues {
            for item in headerValue.split(separator: ",") {
                let parameters = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                guard let first = parameters.first, let equals = first.firstIndex(of: "=") else { continue }
                let id = String(first[..<equals])
                let value = String(first[first.index(after: equals)...])
                let sequenceNumber = parameters.dropFirst().lazy
                    .compactMap { $0.hasPrefix("sn=") ? Int64($0.dropFirst(3)) : nil }
                    .first
                guard !id.isEmpty, let sequenceNumber else { continue }
                parsed.append((id, Token(value: value, sequenceNumber: sequenceNumber)))
            }
        }
        guard !parsed.isEmpty else { return }
        tokens.withLock { tokens in
            for (id, token) in parsed where (tokens[id]?.sequenceNumber ?? .min) < token.sequenceNumber {
                tokens[id] = token
            }
        }
    }

    /// The request header value, or `nil` before the store has sent any token.
    var headerValue: String? {
        tokens.withLock { tokens in
            guard !tokens.isEmpty else { return nil }
            return tokens.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.value)" }.joined(separator: ",")
        }
    }
}
