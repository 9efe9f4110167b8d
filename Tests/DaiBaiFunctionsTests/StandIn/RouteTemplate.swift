/// Matching a request path against a function.json `route` template the way the Functions host
/// does for the templates DaiBai uses: literal segments (case-insensitive) and `{parameter}`
/// segments that match one non-empty segment.
/// https://learn.microsoft.com/azure/azure-functions/functions-bindings-http-webhook-trigger#customize-the-http-endpoint
enum RouteTemplate {
    static func matches(template: String, path: String) -> Bool {
        let templateSegments = template.split(separator: "/", omittingEmptySubsequences: true)
        let pathSegments = path.split(separator: "/", omittingEmptySubsequences: true)
        guard templateSegments.count == pathSegments.count else { return false }
        for (expected, actual) in zip(templateSegments, pathSegments) {
            if expected.hasPrefix("{") && expected.hasSuffix("}") { continue }
            if expected.lowercased() != actual.lowercased() { return false }
        }
        return true
    }
}
