import DaiBaiCore
import Foundation

/// A message as the JSON element of a conversation's list; its sequence is its list position.
struct RedisStoredMessage: Codable, Sendable {
    var id: String
    var role: ChatRole
    var content: String
    var sql: String?
    var result: StoredQueryResult?
    /// Milliseconds since 1970.
    var createdAt: Int64

    func encoded() throws(ChatStoreError) -> String {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return String(decoding: try encoder.encode(self), as: UTF8.self)
        } catch {
            throw .backend("append message failed: cannot encode the message as JSON (\(type(of: error)))")
        }
    }

    static func decode(_ bytes: [UInt8]) throws(ChatStoreError) -> RedisStoredMessage {
        do {
            return try JSONDecoder().decode(RedisStoredMessage.self, from: Data(bytes))
        } catch {
            throw .backend("read messages failed: a stored message is not valid JSON (\(type(of: error)))")
        }
    }
}

/// Milliseconds since 1970, as every DaiBai store keeps times.
enum RedisTime {
    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
}
