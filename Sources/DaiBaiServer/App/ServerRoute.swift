/// One HTTP route of the server (method and OpenAPI-style path, for example `/v1/conversations/{id}`).
public struct ServerRoute: Sendable, Hashable, CustomStringConvertible {
    /// `GET`, `POST`, `PUT` or `DELETE`.
    public var method: String
    /// The path, with `{name}` parameters.
    public var path: String

    /// Creates a route.
    public init(method: String, path: String) {
        self.method = method
        self.path = path
    }

    /// `METHOD path`.
    public var description: String { "\(method) \(path)" }
}
