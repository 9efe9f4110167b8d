extension PostgresConnectorConfiguration {
    /// Parses a `postgres://user:password@host:port/database?sslmode=…` (or `postgresql://`) connection string.
    ///
    /// User, password and database may be percent-encoded; the host may be an IPv6 address in
    /// brackets. Query parameters: `sslmode` (`disable`, `allow`, `prefer`, `require`, `verify-ca`,
    /// `verify-full`), `connect_timeout` (seconds), `application_name`, and `user`, `password`,
    /// `dbname` (overriding the parts before them); others are refused so that a setting is never
    /// silently ignored.
    ///
    /// Throws ``DatabaseError/misconfigured(_:)`` naming the part that is wrong; the message never
    /// contains the connection string or the password.
    public init(connectionString: SecretValue) throws(DatabaseError) {
        let text = connectionString.revealed()
        func fail(_ reason: String) -> DatabaseError {
            .misconfigured("the PostgreSQL connection string is invalid: \(reason) (expected postgres://user:password@host:port/database?sslmode=…)")
        }
        guard let schemeEnd = text.range(of: "://") else { throw fail("it has no scheme") }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw fail("the scheme is not postgres:// or postgresql://")
        }
        var rest = Substring(text[schemeEnd.upperBound...])
        var query: Substring = ""
        if let fragment = rest.firstIndex(of: "#") { rest = rest[..<fragment] }
        // The user info may contain '?' or '/' only percent-encoded, so the last '@' before them ends it.
        var userInfo: Substring = ""
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        if let at = rest[..<authorityEnd].lastIndex(of: "@") ?? Self.lastAt(in: rest) {
            userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
        }
        if let questionMark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: questionMark)...]
            rest = rest[..<questionMark]
        }
        var hostPort = rest
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            hostPort = rest[..<slash]
            path = rest[rest.index(after: slash)...]
        }

        var user: String?
        var password: SecretValue?
        if !userInfo.isEmpty {
            if let colon = userInfo.firstIndex(of: ":") {
                user = try Self.decoded(userInfo[..<colon], part: "user name", fail: fail)
                password = SecretValue(try Self.decoded(userInfo[userInfo.index(after: colon)...], part: "password", fail: fail))
            } else {
                user = try Self.decoded(userInfo, part: "user name", fail: fail)
            }
        }

        var host: String
        var port = 5432
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw fail("the IPv6 host has no closing ']'") }
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw fail("unexpected text after the IPv6 host") }
                port = try Self.port(after.dropFirst(), fail: fail)
            }
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = try Self.decoded(hostPort[..<colon], part: "host", fail: fail)
            port = try Self.port(hostPort[hostPort.index(after: colon)...], fail: fail)
        } else {
            host = try Self.decoded(hostPort, part: "host", fail: fail)
        }
        guard !host.isEmpty else { throw fail("it names no host") }
        guard !host.contains(","), !host.contains("/") else {
            throw fail("the host is not a single host name (several hosts and socket paths are not supported)")
        }

        var database: String?
        if !path.isEmpty {
            guard !path.contains("/") else { throw fail("the database name contains '/'") }
            database = try Self.decoded(path, part: "database name", fail: fail)
        }

        var tls = TLSMode.prefer
        var connectTimeout = Duration.seconds(10)
        var applicationName = "daibai"
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let key: String
            let value: String
            if let equals = pair.firstIndex(of: "=") {
                key = try Self.decoded(pair[..<equals], part: "parameter name", fail: fail)
                value = try Self.decoded(pair[pair.index(after: equals)...], part: "parameter value", fail: fail)
            } else {
                key = try Self.decoded(pair, part: "parameter name", fail: fail)
                value = ""
            }
            switch key {
            case "sslmode":
                switch value {
                case "disable": tls = .disable
                case "allow", "prefer": tls = .prefer
                case "require", "verify-ca", "verify-full": tls = .require
                default: throw fail("sslmode must be disable, allow, prefer, require, verify-ca or verify-full")
                }
            case "connect_timeout":
                guard let seconds = Int(value), seconds > 0 else { throw fail("connect_timeout must be a positive number of seconds") }
                connectTimeout = .seconds(seconds)
            case "application_name":
                applicationName = value
            case "user":
                user = value
            case "password":
                password = SecretValue(value)
            case "dbname":
                database = value
            default:
                // Not even the name is shown: a mistyped string could put secret text there.
                throw fail("it has an unsupported parameter; use only sslmode, connect_timeout, application_name, user, password or dbname")
            }
        }
        guard let user, !user.isEmpty else { throw fail("it names no user (postgres://user@host/database)") }
        self.init(
            host: host, port: port, user: user, password: password, database: database, tls: tls,
            connectTimeout: connectTimeout, applicationName: applicationName)
    }

    /// The last '@' in `text` when the user info holds an unencoded '/' or '?' (lenient parsing).
    private static func lastAt(in text: Substring) -> Substring.Index? {
        guard let at = text.lastIndex(of: "@") else { return nil }
        // Only when nothing after it looks like user info, that is it is followed by a host.
        let after = text[text.index(after: at)...]
        return after.isEmpty || after.first == "/" ? nil : at
    }

    private static func port(_ text: Substring, fail: (String) -> DatabaseError) throws(DatabaseError) -> Int {
        guard let port = Int(text), (1...65535).contains(port) else { throw fail("the port is not a number between 1 and 65535") }
        return port
    }

    /// Percent-decodes `text`; `part` names it in the error.
    private static func decoded(_ text: Substring, part: String, fail: (String) -> DatabaseError) throws(DatabaseError) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                throw fail("the \(part) has a malformed percent-encoding")
            }
            bytes.append(high << 4 | low)
        }
        guard let string = String(validating: bytes, as: UTF8.self) else {
            throw fail("the \(part) is not valid UTF-8 once percent-decoded")
        }
        return string
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
