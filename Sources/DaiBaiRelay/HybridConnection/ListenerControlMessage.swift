import Foundation

/// A message the relay sends on a listener's control channel. Only `accept` is acted on; the
/// listener uses no HTTP relaying, so a `request` is answered by nothing and logged.
struct ListenerControlMessage: Decodable, Sendable {
    /// A sender is waiting: open a WebSocket to `address` to accept it.
    struct Accept: Decodable, Sendable, Equatable {
        /// The rendezvous URL, used exactly as given.
        var address: String
        /// The sender's `sb-hc-id`, or one the relay chose.
        var id: String
        /// The headers the sender sent.
        var connectHeaders: [String: String]?
    }

    /// An HTTP request relayed to the listener (not used by DaiBai).
    struct Request: Decodable, Sendable {
        var id: String?
    }

    var accept: Accept?
    var request: Request?
}

/// What the listener sends on its control channel: a fresh token before the current one expires.
struct RenewTokenMessage: Encodable, Sendable {
    struct Body: Encodable, Sendable {
        var token: String
    }

    var renewToken: Body
}
