import DaiBaiCore
import Foundation
import Testing

@Suite("The verified-query cache")
struct VerifiedQueryCacheTests {
    let acme = RequestContext(tenant: TenantID(rawValue: "acme")!, user: .local)
    let globex = RequestContext(tenant: TenantID(rawValue: "globex")!, user: .local)

    func record(_ question: String, _ vector: [Float], fingerprint: String = "fp1", database: String = "shop") -> VerifiedQueryRecord {
        VerifiedQueryRecord(tenant: .local, databaseName: database, schemaFingerprint: fingerprint, question: question, sql: "SELECT '\(question)'", vector: vector, source: .user)
    }

    @Test("the most similar entry at or above the threshold matches; below it nothing does")
    func matching() {
        let entries = [record("a", [1, 0, 0]), record("b", [0.8, 0.6, 0]), record("c", [0, 1, 0])]
        let matcher = VerifiedQueryMatcher(threshold: 0.75)
        let match = matcher.bestMatch(for: [0.6, 0.8, 0], among: entries)
        #expect(match?.query.question == "b")
        #expect(abs((match?.similarity ?? 0) - 0.96) < 0.0001)
        #expect(matcher.bestMatch(for: [0, 0, 1], among: entries) == nil)
        #expect(matcher.bestMatch(for: [1, 0], among: entries) == nil, "vectors of another length never match")
    }

    @Test("entries are scoped by tenant, database and schema fingerprint")
    func scoping() async throws {
        let store = InMemoryVerifiedQueryStore()
        try await store.add(record("q", [1, 0]), context: acme)
        #expect(try await store.queries(databaseName: "shop", schemaFingerprint: "fp1", context: acme).map(\.question) == ["q"])
        #expect(try await store.queries(databaseName: "shop", schemaFingerprint: "fp1", context: acme).first?.tenant == acme.tenant)
        #expect(try await store.queries(databaseName: "shop", schemaFingerprint: "fp1", context: globex).isEmpty, "another tenant sees nothing")
        #expect(try await store.queries(databaseName: "shop", schemaFingerprint: "fp2", context: acme).isEmpty, "a schema change invalidates")
        #expect(try await store.queries(databaseName: "crm", schemaFingerprint: "fp1", context: acme).isEmpty)
    }

    @Test("adding the same question again replaces the entry")
    func replaces() async throws {
        let store = InMemoryVerifiedQueryStore()
        try await store.add(record("q", [1, 0]), context: acme)
        var newer = record("q", [0, 1])
        newer.sql = "SELECT 2"
        try await store.add(newer, context: acme)
        let entries = try await store.queries(databaseName: "shop", schemaFingerprint: "fp1", context: acme)
        #expect(entries.map(\.sql) == ["SELECT 2"])
    }
}
