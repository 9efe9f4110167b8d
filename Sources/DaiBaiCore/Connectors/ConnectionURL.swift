/// The parts of a `scheme://user:password@host:port/database?key=value` connection string, shared
/// by the connectors' parsers (PostgreSQL, MySQL). Package-internal: each connector validates the
/// parts and the parameters it accepts.
///
/// User, password, host, database and parameters may be percent-encoded; the host may be an IPv6
/// address in brackets; a fragment is ignored. Errors come from `fail`, which each connector words
/// with its own expected form, and never contain the string or the password.
package struct ConnectionURL: Sendable {
    /// The scheme, lowercased.
    package var scheme: String
    /// The user name, when the string has user info.
    package var user: String?
    /// The password, when the user info has one.
    package var password: SecretValue?
    /// The host (without brackets for IPv6).
    package var host: String
    /// The port, when the string gives one.
    package var port: Int?
    /// The database (the path without its leading `/`), when there is one.
    package var database: String?
    /// The query parameters, decoded, in order.
    package var parameters: [(key: String, value: String)]

    /// Splits `text`; `schemes` are the accepted schemes (lowercase).
    package init(
        _ text: String, schemes: Set<String>, fail: (String) -> DatabaseError
    ) throws(DatabaseError) {
        guard let schemeEnd = text.range(of: "://") else { throw fail("it has no scheme") }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard schemes.contains(scheme) else {
            throw fail("the scheme is not \(schemes.sorted().map { $0 + "://" }.joined(separator: " or "))")
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
        var port: Int?
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

        var parameters: [(key: String, value: String)] = []
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            if let equals = pair.firstIndex(of: "=") {
                parameters.append((
                    try Self.decoded(pair[..<equals], part: "parameter name", fail: fail),
                    try Self.decoded(pair[pair.index(after: equals)...], part: "parameter value", fail: fail)))
            } else {
                parameters.append((try Self.decoded(pair, part: "parameter name", fail: fail), ""))
            }
        }
        self.scheme = scheme
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.parameters = parameters
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
