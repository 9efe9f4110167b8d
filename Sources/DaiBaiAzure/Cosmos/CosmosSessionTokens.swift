import Foundation
import Synchronization

/// The latest `x-ms-session-token` seen per container, so that later reads and queries of
/// that container see this client's own writes (session consistency).
///
/// A token is `<partition key range id>:<progress>`, possibly several joined by commas; the
/// latest progress per range is kept and all ranges are sent back, joined by commas, as the
/// Azure SDKs do. Shared by the copies of one ``CosmosClient``: it is account state, not
/// request state.
final class CosmosSessionTokens: Sendable {
    private let tokens = Mutex<[String: [String: String]]>([:])

    /// The token to send for `containerLink`, if one was seen.
    func token(for containerLink: String) -> String? {
        tokens.withLock { tokens in
            guard let ranges = tokens[containerLink], !ranges.isEmpty else { return nil }
            return ranges.keys.sorted().compactMap { ranges[$0] }.joined(separator: ",")
        }
    }

    /// Remembers `token` (one or more comma-separated range tokens) for `containerLink`.
    func remember(_ token: String, for containerLink: String) {
        let parts = token.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !parts.isEmpty else { return }
        tokens.withLock { tokens in
            var ranges = tokens[containerLink] ?? [:]
            for part in parts {
                let range = part.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
                ranges[range] = part
            }
            tokens[containerLink] = ranges
        }
    }
}
