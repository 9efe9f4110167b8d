import DaiBaiCore
import Foundation
import Logging

/// A ``DaiBaiCore/VerifiedQueryStore`` in Redis, shared by every process on the same server and prefix.
///
/// Per tenant, database and schema fingerprint there is a hash from question to record (JSON)
/// and a list of the questions in the order they were added; adding a question again replaces
/// its record and moves it to the end, as ``DaiBaiCore/InMemoryVerifiedQueryStore`` does. Both
/// keys change in one Lua script. The database name and fingerprint are written with their
/// lengths (`<len>:<name>`) so no two pairs share a key.
public final class RedisVerifiedQueryStore: VerifiedQueryStore {
    /// The client the store talks through.
    public let client: RedisClient
    private let keyPrefix: String
    private let logger: Logger

    /// A store over `client` whose keys start with `keyPrefix`.
    /// - Parameters:
    ///   - client: The Redis client.
    ///   - keyPrefix: The first part of every key (`daibai` by default).
    ///   - logger: Where diagnostics go; nothing is logged by default.
    public init(client: RedisClient, keyPrefix: String = "daibai", logger: Logger = Logger(label: "daibai.verified-queries.redis", factory: { _ in SwiftLogNoOpLogHandler() })) {
        self.client = client
        self.keyPrefix = keyPrefix
        self.logger = logger
    }

    /// KEYS: records hash, order list. ARGV: question, JSON.
    static let addScript = """
        redis.call('LREM', KEYS[2], 0, ARGV[1])
        redis.call('RPUSH', KEYS[2], ARGV[1])
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        return 1
        """

    /// KEYS: records hash, order list. Returns the records in order.
    static let readScript = """
        local questions = redis.call('LRANGE', KEYS[2], 0, -1)
        local out = {}
        for _, question in ipairs(questions) do
            local record = redis.call('HGET', KEYS[1], question)
            if record then out[#out + 1] = record end
        end
        return out
        """

    /// Adds `query` for the caller's tenant, replacing an entry with the same question.
    public func add(_ query: VerifiedQueryRecord, context: RequestContext) async throws(VerifiedQueryStoreError) {
        var query = query
        query.tenant = context.tenant
        let json: String
        do {
            json = String(decoding: try JSONEncoder().encode(query), as: UTF8.self)
        } catch {
            throw .backend("add verified query failed: cannot encode the record as JSON (\(type(of: error)))")
        }
        let keys = self.keys(tenant: context.tenant, databaseName: query.databaseName, fingerprint: query.schemaFingerprint)
        do {
            _ = try await client.eval(Self.addScript, keys: [keys.records, keys.order], arguments: [query.question, json])
        } catch {
            logger.error("Redis verified-query store call failed", metadata: ["operation": "add", "error": "\(error)"])
            throw .backend("add verified query failed: \(error)")
        }
    }

    /// The caller's tenant's entries for `databaseName` at `schemaFingerprint`, in the order they were added.
    public func queries(databaseName: String, schemaFingerprint: String, context: RequestContext) async throws(VerifiedQueryStoreError) -> [VerifiedQueryRecord] {
        let keys = self.keys(tenant: context.tenant, databaseName: databaseName, fingerprint: schemaFingerprint)
        let reply: RESPValue
        do {
            reply = try await client.eval(Self.readScript, keys: [keys.records, keys.order], arguments: [])
        } catch {
            logger.error("Redis verified-query store call failed", metadata: ["operation": "read", "error": "\(error)"])
            throw .backend("read verified queries failed: \(error)")
        }
        guard let items = reply.array else { throw .backend("read verified queries failed: Redis returned a \(reply.kindName)") }
        var records: [VerifiedQueryRecord] = []
        for item in items {
            guard let bytes = item.bytes else { throw .backend("read verified queries failed: a stored record is a \(item.kindName)") }
            do {
                records.append(try JSONDecoder().decode(VerifiedQueryRecord.self, from: Data(bytes)))
            } catch {
                throw .backend("read verified queries failed: a stored record is not valid JSON (\(type(of: error)))")
            }
        }
        return records.filter { $0.tenant == context.tenant }
    }

    private func keys(tenant: TenantID, databaseName: String, fingerprint: String) -> (records: String, order: String) {
        let base = "\(keyPrefix):t:\(tenant.rawValue):vq:\(databaseName.utf8.count):\(databaseName):\(fingerprint.utf8.count):\(fingerprint)"
        return (base + ":records", base + ":order")
    }
}
