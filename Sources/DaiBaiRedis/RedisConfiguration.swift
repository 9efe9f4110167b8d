import DaiBaiCore
import Foundation

/// Where a Redis server is and how to talk to it.
///
/// Parsed from `redis://[[user]:password@]host[:port][/db]` (port 6379 and database 0 by
/// default). The password is a ``SecretValue``: it never appears in ``description`` or in errors.
/// `rediss://` (TLS) is rejected with ``RedisError/tlsNotSupported``.
public struct RedisConfiguration: Sendable, CustomStringConvertible {
    /// The host name or address.
    public var host: String
    /// The TCP port.
    public var port: Int
    /// The logical database selected on every connection.
    public var database: Int
    /// The ACL user name for `AUTH user password`, or `nil` for `AUTH password`.
    public var username: String?
    /// The password, or `nil` for a server without `requirepass`.
    public var password: SecretValue?
    /// The most connections open at once.
    public var poolSize: Int
    /// How long connecting (TCP plus `AUTH` and `SELECT`) may take.
    public var connectTimeout: Duration
    /// How long one command may wait for its reply.
    public var commandTimeout: Duration

    /// Parses `url`; `password`, when given, wins over one in the URL.
    /// - Parameters:
    ///   - url: `redis://[[user]:password@]host[:port][/db]`.
    ///   - password: The password, when it is kept apart from the URL (a secret store).
    ///   - poolSize: The most connections open at once (at least 1).
    ///   - connectTimeout: How long connecting may take.
    ///   - commandTimeout: How long one command may wait for its reply.
    public init(url: String, password: SecretValue? = nil, poolSize: Int = 8, connectTimeout: Duration = .seconds(10), commandTimeout: Duration = .seconds(10)) throws(RedisError) {
        let trimmed = url.trimmingCharacters(in: .whitespaces)
        let lower = trimmed.lowercased()
        if lower.hasPrefix("rediss://") { throw .tlsNotSupported }
        guard lower.hasPrefix("redis://") else { throw .invalidURL("the scheme must be redis://") }
        guard let components = URLComponents(string: trimmed) else { throw .invalidURL("it is not a well-formed URL") }
        guard let host = components.host, !host.isEmpty else { throw .invalidURL("it names no host") }
        guard components.query == nil, components.fragment == nil else { throw .invalidURL("query parameters and fragments are not supported") }
        var database = 0
        let path = components.path
        if !path.isEmpty, path != "/" {
            let text = path.hasPrefix("/") ? String(path.dropFirst()) : path
            guard let number = Int(text), number >= 0 else { throw .invalidURL("the path must be a database number (/0, /1, …)") }
            database = number
        }
        if let port = components.port, !(1...65_535).contains(port) { throw .invalidURL("the port must be 1-65535") }
        guard poolSize >= 1 else { throw .invalidConfiguration("the pool size must be at least 1, got \(poolSize)") }
        guard connectTimeout > .zero, commandTimeout > .zero else { throw .invalidConfiguration("timeouts must be positive") }
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        self.port = components.port ?? 6379
        self.database = database
        let user = components.user?.removingPercentEncoding ?? components.user
        self.username = (user?.isEmpty ?? true) ? nil : user
        let urlPassword = (components.password?.removingPercentEncoding ?? components.password).flatMap { $0.isEmpty ? nil : SecretValue($0) }
        self.password = password ?? urlPassword
        self.poolSize = poolSize
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
    }

    /// `redis://host:port/db` with the user and whether a password is set; never the password.
    public var description: String {
        let user = username.map { "\($0)@" } ?? ""
        return "redis://\(user)\(host):\(port)/\(database) (password \(password == nil ? "not set" : "set"), pool \(poolSize), connect timeout \(connectTimeout), command timeout \(commandTimeout))"
    }
}
