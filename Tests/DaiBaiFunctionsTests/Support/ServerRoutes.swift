import Testing

/// The server's HTTP routes and their Functions function names — the source of truth the
/// function.json files are checked against (the table of the task, in one place).
struct ServerRoute: Sendable, CustomTestStringConvertible {
    var methods: [String]
    var path: String
    var function: String

    var testDescription: String { "\(methods.joined(separator: ",")) \(path) → \(function)" }

    static let all: [ServerRoute] = [
        ServerRoute(methods: ["POST"], path: "/v1/ask", function: "ask"),
        ServerRoute(methods: ["POST"], path: "/v1/ask/stream", function: "ask-stream"),
        ServerRoute(methods: ["GET"], path: "/v1/conversations", function: "conversations"),
        ServerRoute(methods: ["GET", "DELETE"], path: "/v1/conversations/{id}", function: "conversation"),
        ServerRoute(methods: ["GET"], path: "/v1/databases", function: "databases"),
        ServerRoute(methods: ["GET", "PUT", "DELETE"], path: "/v1/databases/{name}", function: "database"),
        ServerRoute(methods: ["GET"], path: "/v1/keys", function: "keys"),
        ServerRoute(methods: ["PUT", "DELETE"], path: "/v1/keys/{provider}", function: "key"),
        ServerRoute(methods: ["POST"], path: "/v1/stripe/webhook", function: "stripe-webhook"),
        ServerRoute(methods: ["GET"], path: "/healthz", function: "healthz"),
        ServerRoute(methods: ["GET"], path: "/readyz", function: "readyz"),
        ServerRoute(methods: ["GET"], path: "/openapi.yaml", function: "openapi"),
    ]

    /// The non-HTTP trigger: the timer that drains the Stripe meter reporter.
    static let meterDrain = (function: "MeterDrain", schedule: "0 */1 * * * *")

    /// `path` with every `{parameter}` replaced by a concrete value.
    func concretePath(_ value: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix("{") ? value : String(segment)
        }.joined(separator: "/")
    }

    /// Each (method, route) pair.
    static var pairs: [ServerRoutePair] {
        all.flatMap { route in route.methods.map { ServerRoutePair(method: $0, route: route) } }
    }
}

struct ServerRoutePair: Sendable, CustomTestStringConvertible {
    var method: String
    var route: ServerRoute
    var testDescription: String { "\(method) \(route.path)" }
}
