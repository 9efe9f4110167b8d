import DaiBaiCore
import DaiBaiRedis
@testable import DaiBaiServer
import Testing

@Suite("Error mapping")
struct ErrorMappingTests {
    @Test("an unreachable shared store or database is 503, a missing database 404, an unknown error a bare 500")
    func statuses() {
        let redis = ErrorMapping.map(RedisError.connectionFailed(address: "127.0.0.1:6379", reason: "refused"))
        #expect(redis.status == .serviceUnavailable)
        #expect(redis.code == "shared_state_unavailable")
        let unavailable = ErrorMapping.map(DatabaseDirectoryError.unavailable(name: "shop", reason: "connection refused"))
        #expect(unavailable.status == .serviceUnavailable)
        #expect(unavailable.code == "database_unavailable")
        #expect(ErrorMapping.map(DatabaseDirectoryError.notFound(name: "shop")).status == .notFound)
        struct Internal: Error, CustomStringConvertible { var description: String { "password=hunter2" } }
        let unknown = ErrorMapping.map(Internal())
        #expect(unknown.status == .internalServerError)
        #expect(!unknown.message.contains("hunter2"))
    }
}
