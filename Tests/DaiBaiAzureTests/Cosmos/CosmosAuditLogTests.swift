import DaiBaiAzure
import DaiBaiAzureTestSupport
import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import Synchronization
import Testing

/// Runs `body` with a fake account holding the test container and an audit log on it.
private func withCosmosAuditLog(
    _ body: (CosmosAuditLog, CosmosFakeServer, LoopbackHTTPServer) async throws -> Void
) async throws {
    try await CosmosFakeServer.with { fake, server in
        fake.seedContainer(database: CosmosTestNames.database, container: CosmosTestNames.container)
        let log = CosmosAuditLog(client: try .forTests(server), database: CosmosTestNames.database, container: CosmosTestNames.container)
        try await body(log, fake, server)
    }
}

/// The shared audit records, and the fake's view of a tenant's partition.
private enum AuditFixtures {
    static let time = AuditRecordFixtures.time
    static func id(_ n: Int) -> UUID { AuditRecordFixtures.id(n) }
    static func record(_ context: RequestContext, _ n: Int, seconds: Double? = nil, outcome: AuditOutcome = .answered) -> AuditRecord {
        AuditRecordFixtures.record(context, n, seconds: seconds, outcome: outcome)
    }
    static func bare(_ context: RequestContext, _ n: Int) -> AuditRecord { AuditRecordFixtures.bare(context, n) }

    static func documents(_ fake: CosmosFakeServer, _ tenant: TenantID) -> [String: CosmosFakeJSON] {
        fake.documents(database: CosmosTestNames.database, container: CosmosTestNames.container, partition: tenant.rawValue)
    }
}

/// A document written around the log, to simulate a corrupt entry.
private struct ForgedAuditDocument: Codable, Sendable {
    var id: String
    var type = "auditRecord"
    var tenantId: String
    var userId: String
    var recordId: String
    var timestampMs: Int64
    var question: String
    var outcome: String
    var attempts: Int
}

@Suite("CosmosAuditLog", .timeLimit(.minutes(10)))
struct CosmosAuditLogTests {
    let a = TestContexts.a
    let aBob = TestContexts.aBob
    let b = TestContexts.b

    @Test("appended records read back newest first, every field exact")
    func appendAndRead() async throws {
        try await withCosmosAuditLog { log, _, _ in
            let r1 = AuditFixtures.record(a, 1)
            let r2 = AuditFixtures.bare(aBob, 2)
            let r3 = AuditFixtures.record(a, 3, outcome: .deniedByPolicy)
            try await log.append(r3, context: a)
            try await log.append(r1, context: a)
            try await log.append(r2, context: aBob)

            #expect(try await log.records(context: a, limit: 10) == [r3, r2, r1])
            #expect(try await log.records(context: a, limit: 2) == [r3, r2])
            #expect(try await log.records(context: aBob, limit: 10, user: TestContexts.bob) == [r2])
            #expect(try await log.records(context: aBob, limit: 10, user: TestContexts.alice) == [r3, r1])
        }
    }

    @Test("one create-only document per record in the tenant's partition, carrying the tenant as partition key")
    func documentLayout() async throws {
        try await withCosmosAuditLog { log, fake, server in
            let record = AuditFixtures.record(a, 2)
            try await log.append(record, context: a)
            try await log.append(AuditFixtures.bare(a, 3), context: a)

            let documents = AuditFixtures.documents(fake, TestContexts.tenantA)
            #expect(documents.count == 2)
            let document = try #require(documents["audit_00000000-0000-0000-0000-000000000002"])
            #expect(document["type"] == .string("auditRecord"))
            #expect(document["tenantId"] == .string("tenant-a"))
            #expect(document["userId"] == .string("alice"))
            #expect(document["recordId"] == .string("00000000-0000-0000-0000-000000000002"))
            #expect(document["timestampMs"] == .int(1_700_000_002_123))
            #expect(document["outcome"] == .string("answered"))
            #expect(document["source"] == .string("model"))
            #expect(document["payer"] == .string("byok"))
            #expect(document["rowsReturned"] == .int(2))
            #expect(document["sql"] == .string(record.sql!))
            // Absent fields are left out of the document.
            let bare = try #require(documents["audit_00000000-0000-0000-0000-000000000003"])
            #expect(bare["sql"] == nil && bare["payer"] == nil && bare["failure"] == nil)

            _ = try await log.records(context: a, limit: 5)
            #expect(server.requests.allSatisfy { $0.header("x-ms-documentdb-partitionkey") == "[\"tenant-a\"]" })
            // Creates and queries only: nothing is ever replaced, upserted or deleted.
            #expect(server.requests.allSatisfy { $0.method == "POST" && $0.header("x-ms-documentdb-is-upsert") == nil })
            #expect(AuditFixtures.documents(fake, TestContexts.tenantB).isEmpty)
        }
    }

    @Test("limit and cursors page through without skipping or repeating, also within one millisecond and across pages")
    func paging() async throws {
        try await withCosmosAuditLog { log, _, server in
            let seconds: [Int: Double] = [1: 1, 2: 2, 3: 3, 4: 4, 5: 4, 6: 4, 7: 7]
            for n in [5, 1, 7, 4, 2, 6, 3] {
                try await log.append(AuditFixtures.record(a, n, seconds: seconds[n]), context: a)
            }
            let expected = [7, 6, 5, 4, 3, 2, 1].map { AuditFixtures.record(a, $0, seconds: seconds[$0]) }
            #expect(try await log.records(context: a, limit: 100) == expected)
            // limit 2 reads pages of 3 documents; the tie 4/5/6 straddles the first page's end, so
            // the log reads the next page (following the continuation) before it answers.
            let sent = server.requests.count
            #expect(try await log.records(context: a, limit: 2) == Array(expected.prefix(2)))
            let queries = server.requests.dropFirst(sent)
            #expect(queries.count == 2)
            #expect(queries.allSatisfy { $0.header("x-ms-max-item-count") == "3" })
            #expect(queries.last?.header("x-ms-continuation") != nil)

            var pages: [[AuditRecord]] = []
            var cursor: AuditCursor?
            while pages.count <= 4 {
                let page = try await log.records(context: a, limit: 2, before: cursor, user: nil)
                if page.isEmpty { break }
                pages.append(page)
                cursor = .after(try #require(page.last))
            }
            #expect(pages.map(\.count) == [2, 2, 2, 1])
            #expect(pages.flatMap { $0 } == expected)

            let tied = AuditFixtures.time.addingTimeInterval(4)
            #expect(try await log.records(context: a, limit: 10, before: tied) == Array(expected.suffix(3)))
            #expect(try await log.records(context: a, limit: 1, before: tied.addingTimeInterval(0.001)) == [expected[1]])
            #expect(try await log.records(context: a, limit: 10, before: AuditFixtures.time).isEmpty)
        }
    }

    @Test("page sizes outside 1...1000 are refused before anything is sent")
    func pageSizeLimits() async throws {
        try await withCosmosAuditLog { log, _, server in
            for limit in [0, 1_001] {
                await #expect(throws: AuditLogError.invalidArgument("a page holds 1-1000 records, got \(limit)")) {
                    _ = try await log.records(context: a, limit: limit)
                }
            }
            #expect(server.requests.isEmpty)
        }
    }

    @Test("another tenant sees nothing, even with the same user id and record id")
    func tenantIsolation() async throws {
        try await withCosmosAuditLog { log, fake, _ in
            let own = AuditFixtures.record(a, 1)
            try await log.append(own, context: a)
            #expect(try await log.records(context: b, limit: 10).isEmpty)

            var other = AuditFixtures.record(b, 1)
            other.question = "B's question"
            try await log.append(other, context: b)
            #expect(try await log.records(context: b, limit: 10) == [other])
            #expect(try await log.records(context: a, limit: 10) == [own])
            #expect(AuditFixtures.documents(fake, TestContexts.tenantB)["audit_00000000-0000-0000-0000-000000000001"]?["tenantId"] == .string("tenant-b"))
        }
    }

    @Test("appending the same id twice keeps one document (the 409 is success); a different record under it is refused")
    func idempotentID() async throws {
        try await withCosmosAuditLog { log, fake, server in
            let record = AuditFixtures.record(a, 1)
            try await log.append(record, context: a)
            let etag = AuditFixtures.documents(fake, TestContexts.tenantA).values.first?["_etag"]
            try await log.append(record, context: a)
            #expect(try await log.records(context: a, limit: 10) == [record])
            #expect(AuditFixtures.documents(fake, TestContexts.tenantA).count == 1)
            #expect(AuditFixtures.documents(fake, TestContexts.tenantA).values.first?["_etag"] == etag)

            var changed = record
            changed.sql = "DELETE FROM invoices"
            await #expect(throws: AuditLogError.conflictingRecord(id: record.id)) {
                try await log.append(changed, context: a)
            }
            #expect(try await log.records(context: a, limit: 10) == [record])
            #expect(server.requests.allSatisfy { $0.method == "POST" || $0.method == "GET" })
        }
    }

    @Test("concurrent appends of one record keep one; of many records keep all")
    func concurrentAppends() async throws {
        try await withCosmosAuditLog { log, fake, _ in
            let same = AuditFixtures.record(a, 100)
            // 20 at once: enough to race the creates, few enough that a loaded machine's
            // loopback server accepts every connection within the client's connect timeout.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 1...10 {
                    group.addTask { try await log.append(AuditFixtures.record(a, n), context: a) }
                    group.addTask { try await log.append(same, context: a) }
                }
                try await group.waitForAll()
            }
            let listed = try await log.records(context: a, limit: 100)
            #expect(listed.count == 11)
            #expect(listed.filter { $0.id == same.id } == [same])
            #expect(AuditFixtures.documents(fake, TestContexts.tenantA).count == 11)
        }
    }

    @Test("a record of another tenant or user is refused and nothing is sent")
    func contextMismatch() async throws {
        try await withCosmosAuditLog { log, _, server in
            await #expect(throws: AuditLogError.contextMismatch(recordTenant: TestContexts.tenantB, recordUser: TestContexts.alice, context: a)) {
                try await log.append(AuditFixtures.record(b, 1), context: a)
            }
            await #expect(throws: AuditLogError.contextMismatch(recordTenant: TestContexts.tenantA, recordUser: TestContexts.bob, context: a)) {
                try await log.append(AuditFixtures.record(aBob, 2), context: a)
            }
            var long = AuditFixtures.record(a, 3)
            long.question = String(repeating: "q", count: AuditLogLimits.maxFieldBytes + 1)
            await expectError(AuditLogError.self, { if case .invalidRecord = $0 { true } else { false } }) {
                try await log.append(long, context: a)
            }
            #expect(server.requests.isEmpty)
        }
    }

    @Test("a stored document that does not decode is reported as corrupt; a service failure as unavailable")
    func failures() async throws {
        try await withCosmosAuditLog { log, fake, server in
            let container = try CosmosClient.forTests(server).container(database: CosmosTestNames.database, name: CosmosTestNames.container)
            let forged = ForgedAuditDocument(
                id: "audit_00000000-0000-0000-0000-000000000009", tenantId: "tenant-a", userId: "alice",
                recordId: "00000000-0000-0000-0000-000000000009", timestampMs: 0, question: "q", outcome: "exploded", attempts: 0)
            _ = try await container.create(forged, partitionKey: "tenant-a")
            await #expect(throws: AuditLogError.corrupt("audit document 'audit_00000000-0000-0000-0000-000000000009' has an unknown outcome")) {
                _ = try await log.records(context: a, limit: 10)
            }

            fake.fail(status: 500, code: "InternalServerError", message: "boom")
            await expectError(AuditLogError.self, { error in
                guard case .unavailable(let text) = error else { return false }
                return text.hasPrefix("append audit record failed:") && text.contains("500")
            }) {
                try await log.append(AuditFixtures.record(b, 1), context: b)
            }
            #expect(AuditFixtures.documents(fake, TestContexts.tenantB).isEmpty)
        }
    }

    @Test("provision creates the container partitioned by tenant without indexing the question and failure texts")
    func provision() async throws {
        try await CosmosFakeServer.with { fake, server in
            let client = try CosmosClient.forTests(server)
            try await CosmosAuditLog.provision(client: client, database: "daibai", container: "audit")
            try await CosmosAuditLog.provision(client: client, database: "daibai", container: "audit")
            let body = try #require(fake.containerBody(database: "daibai", container: "audit"))
            #expect(body["partitionKey"]?["paths"] == .array([.string("/tenantId")]))
            guard case .array(let excluded)? = body["indexingPolicy"]?["excludedPaths"] else {
                Issue.record("no excluded paths in \(body)")
                return
            }
            let paths = excluded.compactMap { $0["path"]?.stringValue }
            #expect(paths.contains("/question/?") && paths.contains("/failure/?") && paths.contains("/sql/?"))
            #expect(!paths.contains("/timestampMs/?"))

            let log = CosmosAuditLog(client: client, database: "daibai", container: "audit")
            let record = AuditFixtures.record(a, 1)
            try await log.append(record, context: a)
            #expect(try await log.records(context: a, limit: 1) == [record])
        }
    }
}
