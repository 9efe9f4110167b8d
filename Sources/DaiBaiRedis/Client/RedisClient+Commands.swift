/// Typed helpers for the commands DaiBai uses; each is one ``RedisClient/send(_:)``.
extension RedisClient {
    /// `GET key`: the value as UTF-8 text, or `nil` when the key does not exist.
    public func get(_ key: String) async throws(RedisError) -> String? {
        try await getBytes(key).map { String(decoding: $0, as: UTF8.self) }
    }

    /// `GET key`: the value's bytes, or `nil` when the key does not exist.
    public func getBytes(_ key: String) async throws(RedisError) -> [UInt8]? {
        let reply = try await send(["GET", key])
        switch reply {
        case .null: return nil
        case .bulkString(let bytes): return bytes
        default: throw .unexpectedReply(command: "GET", reply: reply.kindName)
        }
    }

    /// `SET key value [PX ms] [NX]`; returns whether the value was set (`false` only with `onlyIfAbsent` when the key exists).
    @discardableResult
    public func set(_ key: String, value: String, expiresIn: Duration? = nil, onlyIfAbsent: Bool = false) async throws(RedisError) -> Bool {
        try await set(key, bytes: Array(value.utf8), expiresIn: expiresIn, onlyIfAbsent: onlyIfAbsent)
    }

    /// `SET key <bytes> [PX ms] [NX]` (binary-safe); returns whether the value was set.
    @discardableResult
    public func set(_ key: String, bytes: [UInt8], expiresIn: Duration? = nil, onlyIfAbsent: Bool = false) async throws(RedisError) -> Bool {
        var command: [[UInt8]] = [Array("SET".utf8), Array(key.utf8), bytes]
        if let expiresIn { command += [Array("PX".utf8), Array("\(Self.milliseconds(expiresIn))".utf8)] }
        if onlyIfAbsent { command.append(Array("NX".utf8)) }
        let reply = try await send(bytes: command)
        switch reply {
        case .simpleString: return true
        case .null: return false
        default: throw .unexpectedReply(command: "SET", reply: reply.kindName)
        }
    }

    /// `DEL key…`: how many keys were removed.
    @discardableResult
    public func del(_ keys: [String]) async throws(RedisError) -> Int {
        guard !keys.isEmpty else { return 0 }
        return Int(try await integer(["DEL"] + keys))
    }

    /// `INCR key`: the value after the increment.
    public func incr(_ key: String) async throws(RedisError) -> Int64 {
        try await integer(["INCR", key])
    }

    /// `PEXPIRE key ms`: whether the key exists (and now expires).
    @discardableResult
    public func pexpire(_ key: String, after duration: Duration) async throws(RedisError) -> Bool {
        try await integer(["PEXPIRE", key, "\(Self.milliseconds(duration))"]) == 1
    }

    /// `HSET key field value …`: how many fields were added (not updated).
    @discardableResult
    public func hset(_ key: String, fields: [(String, String)]) async throws(RedisError) -> Int {
        guard !fields.isEmpty else { return 0 }
        return Int(try await integer(["HSET", key] + fields.flatMap { [$0.0, $0.1] }))
    }

    /// `HGETALL key`: every field and value (empty when the key does not exist).
    public func hgetall(_ key: String) async throws(RedisError) -> [String: String] {
        let reply = try await send(["HGETALL", key])
        guard let elements = reply.array else { throw .unexpectedReply(command: "HGETALL", reply: reply.kindName) }
        return try Self.fieldMap(elements, command: "HGETALL")
    }

    /// `ZADD key score member`: how many members were added (not updated).
    @discardableResult
    public func zadd(_ key: String, score: Double, member: String) async throws(RedisError) -> Int {
        Int(try await integer(["ZADD", key, "\(score)", member]))
    }

    /// `ZREVRANGE key start stop`: members from the highest score down.
    public func zrevrange(_ key: String, start: Int, stop: Int) async throws(RedisError) -> [String] {
        let reply = try await send(["ZREVRANGE", key, "\(start)", "\(stop)"])
        guard let elements = reply.array else { throw .unexpectedReply(command: "ZREVRANGE", reply: reply.kindName) }
        return try elements.map { (element) throws(RedisError) -> String in
            guard let text = element.string else { throw .unexpectedReply(command: "ZREVRANGE", reply: element.kindName) }
            return text
        }
    }

    /// `EVAL script numkeys key… arg…`: runs a Lua script atomically and returns its reply.
    public func eval(_ script: String, keys: [String], arguments: [String]) async throws(RedisError) -> RESPValue {
        try await send(["EVAL", script, "\(keys.count)"] + keys + arguments)
    }

    func integer(_ command: [String]) async throws(RedisError) -> Int64 {
        let reply = try await send(command)
        guard let value = reply.integer else { throw .unexpectedReply(command: command.first ?? "", reply: reply.kindName) }
        return value
    }

    static func fieldMap(_ elements: [RESPValue], command: String) throws(RedisError) -> [String: String] {
        guard elements.count % 2 == 0 else { throw .unexpectedReply(command: command, reply: "odd-length array") }
        var fields: [String: String] = [:]
        var index = 0
        while index < elements.count {
            guard let field = elements[index].string, let value = elements[index + 1].string else {
                throw .unexpectedReply(command: command, reply: "non-string field")
            }
            fields[field] = value
            index += 2
        }
        return fields
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return max(1, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }
}
