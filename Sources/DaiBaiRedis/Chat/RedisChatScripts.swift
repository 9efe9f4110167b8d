/// The Lua scripts that make each chat write atomic on the server. A conversation hash holds
/// `id`, `user`, `title`, `created`, `updated` (ms since 1970) and `db` when set.
enum RedisChatScripts {
    /// KEYS: conversation, index. ARGV: id, user, title, created ms, has db (`1`/`0`), db, score.
    /// Returns 1, or 0 when the tenant already has the id.
    static let create = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        redis.call('HSET', KEYS[1], 'id', ARGV[1], 'user', ARGV[2], 'title', ARGV[3], 'created', ARGV[4], 'updated', ARGV[4])
        if ARGV[5] == '1' then redis.call('HSET', KEYS[1], 'db', ARGV[6]) end
        redis.call('ZADD', KEYS[2], ARGV[7], ARGV[1])
        return 1
        """

    /// KEYS: index. ARGV: limit, conversation key prefix. Returns the conversations' HGETALL replies in order.
    static let list = """
        local ids = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
        local out = {}
        for _, id in ipairs(ids) do out[#out + 1] = redis.call('HGETALL', ARGV[2] .. id) end
        return out
        """

    /// KEYS: conversation, index. ARGV: user, title, updated ms, score, id.
    /// Returns the renamed conversation's HGETALL, or nil when the caller has no such conversation.
    static let rename = """
        if redis.call('HGET', KEYS[1], 'user') ~= ARGV[1] then return false end
        redis.call('HSET', KEYS[1], 'title', ARGV[2], 'updated', ARGV[3])
        redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5])
        return redis.call('HGETALL', KEYS[1])
        """

    /// KEYS: conversation, index, messages. ARGV: user, id. Returns 1, or 0 when not found.
    static let delete = """
        if redis.call('HGET', KEYS[1], 'user') ~= ARGV[1] then return 0 end
        redis.call('DEL', KEYS[1], KEYS[3])
        redis.call('ZREM', KEYS[2], ARGV[2])
        return 1
        """

    /// KEYS: conversation, index, messages. ARGV: user, id, updated ms, score, message JSON.
    /// Returns the message's sequence (its list position), or -1 when not found.
    static let append = """
        if redis.call('HGET', KEYS[1], 'user') ~= ARGV[1] then return -1 end
        local length = redis.call('RPUSH', KEYS[3], ARGV[5])
        redis.call('HSET', KEYS[1], 'updated', ARGV[3])
        redis.call('ZADD', KEYS[2], ARGV[4], ARGV[2])
        return length - 1
        """

    /// KEYS: conversation, messages. ARGV: user, limit.
    /// Returns `{total, last messages}`, or nil when not found.
    static let messages = """
        if redis.call('HGET', KEYS[1], 'user') ~= ARGV[1] then return false end
        local total = redis.call('LLEN', KEYS[2])
        return {total, redis.call('LRANGE', KEYS[2], -tonumber(ARGV[2]), -1)}
        """
}
