import DaiBaiCore
import DaiBaiRedis
import DaiBaiTestSupport
import Foundation
import Testing

@Suite("Redis verified-query store", .enabled(if: TestRedis.isAvailable, "needs DAIBAI_TEST_REDIS_URL (scripts/test starts redis-server)"), .timeLimit(.minutes(10)))
struct RedisVerifiedQueryStoreTests {
    func record(_ question: String, sql: String, database: String = "shop", fingerprint: String = "fp1", tenant: TenantID = TestContexts.tenantB) -> VerifiedQueryRecord {
        VerifiedQueryRecord(
            tenant: tenant, databaseName: database, schemaFingerprint: fingerprint, question: question, sql: sql,
            vector: [0.6, 0.8, 0.000_123_45], source: .user, createdAt: Date(timeIntervalSince1970: 1_700_000_000.123_456))
    }

    @Test("records round-trip exactly, take the caller's tenant, and keep the order they were added in")
    func roundTrip() async throws {
        try await TestRedis.withClient { client in
            let store = RedisVerifiedQueryStore(client: client, keyPrefix: TestRedis.freshPrefix())
            let first = record("How many orders?", sql: "SELECT count(*) FROM orders")
            let second = record("Top customers?", sql: "SELECT name FROM customers")
            try await store.add(first, context: TestContexts.a)
            try await store.add(second, context: TestContexts.a)
            var expected = [first, second]
            for index in expected.indices { expected[index].tenant = TestContexts.tenantA }
            #expect(try await store.queries(databaseName: "shop", schemaFingerprint: "fp1", context: TestContexts.a) == expected)
        }
    }

    @Test("adding the same question replaces its record and moves it last")
    func replace() async throws {
        try await TestRedis.withClient { client in
            let store = RedisVerifiedQueryStore(client: client, keyPrefix: TestRedis.freshPrefix())
            try await store.add(record("q1", sql: "SELECT 1"), context: TestContexts.a)
            try await store.add(record("q2", sql: "SELECT 2"), context: TestContexts.a)
            try await store.add(record("q1", sql: "SELECT 11"), context: TestContexts.a)
            let stored = try await store.queries(databaseName: "shop", schemaFingerprint: "fp1", context: TestContexts.a)
            #expect(stored.map(\.question) == ["q2", "q1"])
            #expect(stored.map(\.sql) == ["SELECT 2", "SELECT 11"])
        }
    }

    @Test("tenants, databases and schema fingerprints are isolated")
    func isolation() async throws {
        try await TestRedis.withClient { client in
            let store = RedisVerifiedQueryStore(client: client, keyPrefix: TestRedis.freshPrefix())
            try await store.add(record("q", sql: "SELECT 'a'"), context: TestContexts.a)
            try await store.add(record("q", sql: "SELECT 'b'"), context: TestContexts.b)
            try await store.add(record("q", sql: "SELECT 'fp2'", fingerprint: "fp2"), context: TestContexts.a)
            try await store.add(record("q", sql: "SELECT 'x:y'", database: "a:b", fingerprint: "c"), context: TestContexts.a)
            #expect(try await store.queries(databaseName: "shop", schemaFingerprint: "fp1", context: TestContexts.a).map(\.sql) == ["SELECT 'a'"])
            #expect(try await store.queries(databaseName: "shop", schemaFingerprint: "fp1", context: TestContexts.b).map(\.sql) == ["SELECT 'b'"])
            #expect(try await store.queries(databaseName: "shop", schemaFingerprint: "fp2", context: TestContexts.a).map(\.sql) == ["SELECT 'fp2'"])
            #expect(try await store.queries(databaseName: "shop", schemaFingerprint: "fp2", context: TestContexts.b).isEmpty)
            #expect(try await store.queries(databaseName: "a:b", schemaFingerprint: "c", context: TestContexts.a).map(\.sql) == ["SELECT 'x:y'"])
            #expect(try await store.queries(databaseName: "a", schemaFingerprint: "b:c", context: TestContexts.a).isEmpty)
            #expect(try await store.queries(databaseName: "other", schemaFingerprint: "fp1", context: TestContexts.a).isEmpty)
        }
    }

    @Test("two stores over two clients share records")
    func shared() async throws {
        let prefix = TestRedis.freshPrefix()
        try await TestRedis.withClient { first in
            try await TestRedis.withClient { second in
                try await RedisVerifiedQueryStore(client: first, keyPrefix: prefix).add(record("q", sql: "SELECT 1"), context: TestContexts.a)
                let seen = try await RedisVerifiedQueryStore(client: second, keyPrefix: prefix).queries(databaseName: "shop", schemaFingerprint: "fp1", context: TestContexts.a)
                #expect(seen.map(\.sql) == ["SELECT 1"])
            }
        }
    }
}
