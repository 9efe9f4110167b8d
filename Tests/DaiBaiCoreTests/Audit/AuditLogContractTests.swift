import DaiBaiCore
import DaiBaiTestSupport
import DaiBaiTesting
import Foundation
import Testing

/// What every ``AuditLog`` must do, over SQLite (file and memory) and the in-memory fake.
/// `CosmosAuditLogTests` checks the same behaviours over the fake Cosmos DB account.
@Suite("AuditLog contract", .timeLimit(.minutes(10)))
struct AuditLogContractTests {
    let a = TestContexts.a
    let aBob = TestContexts.aBob
    let b = TestContexts.b

    @Test("appended records read back newest first, every field exact", arguments: AuditLogSubject.all)
    func appendAndRead(subject: AuditLogSubject) async throws {
        try await subject.run { (log: any AuditLog) async throws in
            let r1 = AuditLogFixtures.record(a, 1)
            let r2 = AuditLogFixtures.bare(aBob, 2)
            let r3 = AuditLogFixtures.record(a, 3, outcome: .deniedByPolicy)
            // Appended out of time order: the listing is by timestamp, not by arrival.
            try await log.append(r3, context: a)
            try await log.append(r1, context: a)
            try await log.append(r2, context: aBob)

            let listed = try await log.records(context: a, limit: 10)
            #expect(listed == [r3, r2, r1])
            #expect(listed.last?.question == "Question 1: top customers by revenue? — «ünïcödé» 📈")
            #expect(listed[1].sql == nil && listed[1].payer == nil && listed[1].source == nil && listed[1].rowsReturned == nil)
            #expect(try await log.records(context: a, limit: 2) == [r3, r2])
        }
    }

    @Test("a tenant's reader sees every user of the tenant; user narrows it", arguments: AuditLogSubject.all)
    func userFilter(subject: AuditLogSubject) async throws {
        try await subject.run { (log: any AuditLog) async throws in
            let alice = AuditLogFixtures.record(a, 1)
            let bob = AuditLogFixtures.record(aBob, 2)
            try await log.append(alice, context: a)
            try await log.append(bob, context: aBob)

            #expect(try await log.records(context: aBob, limit: 10) == [bob, alice])
            #expect(try await log.records(context: a, limit: 10, user: TestContexts.bob) == [bob])
            #expect(try await log.records(context: aBob, limit: 10, user: TestContexts.alice) == [alice])
            #expect(try await log.records(context: a, limit: 10, before: AuditCursor.after(bob), user: TestContexts.bob).isEmpty)
        }
    }

    @Test("limit and cursors page through without skipping or repeating, also within one millisecond", arguments: AuditLogSubject.all)
    func paging(subject: AuditLogSubject) async throws {
        try await subject.run { (log: any AuditLog) async throws in
            // Records 4, 5 and 6 share one millisecond; ties are listed by id, greatest first.
            let seconds: [Int: Double] = [1: 1, 2: 2, 3: 3, 4: 4, 5: 4, 6: 4, 7: 7]
            var all: [AuditRecord] = []
            for n in [5, 1, 7, 4, 2, 6, 3] {
                let record = AuditLogFixtures.record(a, n, seconds: seconds[n])
                try await log.append(record, context: a)
                all.append(record)
            }
            let expected = [7, 6, 5, 4, 3, 2, 1].map { n in all.first { $0.id == AuditLogFixtures.id(n) }! }
            #expect(try await log.records(context: a, limit: 100) == expected)

            var pages: [[AuditRecord]] = []
            var cursor: AuditCursor?
            while true {
                let page = try await log.records(context: a, limit: 2, before: cursor, user: nil)
                if page.isEmpty { break }
                pages.append(page)
                cursor = .after(try #require(page.last))
                #expect(pages.count <= 4)
                if pages.count > 4 { break }
            }
            #expect(pages.map(\.count) == [2, 2, 2, 1])
            #expect(pages.flatMap { $0 } == expected)

            // A date cursor: strictly older than that millisecond.
            let tied = AuditLogFixtures.time.addingTimeInterval(4)
            #expect(try await log.records(context: a, limit: 10, before: tied) == Array(expected.suffix(3)))
            #expect(try await log.records(context: a, limit: 1, before: tied.addingTimeInterval(0.001)) == [expected[1]])
            #expect(try await log.records(context: a, limit: 10, before: AuditLogFixtures.time).isEmpty)
        }
    }

    @Test("page sizes outside 1...1000 are refused", arguments: AuditLogSubject.all)
    func pageSizeLimits(subject: AuditLogSubject) async throws {
        try await subject.run { (log: any AuditLog) async throws in
            for limit in [0, -1, AuditLogLimits.maxPageSize + 1] {
                await #expect(throws: AuditLogError.invalidArgument("a page holds 1-1000 records, got \(limit)")) {
                    _ = try await log.records(context: a, limit: limit)
                }
            }
            #expect(try await log.records(context: a, limit: AuditLogLimits.maxPageSize).isEmpty)
        }
    }

    @Test("another tenant sees nothing, even with the same user id and record id", arguments: AuditLogSubject.all)
    func tenantIsolation(subject: AuditLogSubject) async throws {
        try await subject.run { (log: any AuditLog) async throws in
            let own = AuditLogFixtures.record(a, 1)
            try await log.append(own, context: a)
            #expect(try await log.records(context: b, limit: 10).isEmpty)
            #expect(try await log.records(context: b, limit: 10, user: TestContexts.alice).isEmpty)

            // The same record id in tenant B is B's own record, not a conflict with A's.
            var other = AuditLogFixtures.record(b, 1)
            other.question = "B's question"
            try await log.append(other, context: b)
            #expect(try await log.records(context: b, limit: 10) == [other])
            #expect(try await log.records(context: a, limit: 10) == [own])
        }
    }

    @Test("appending the same id twice keeps one record; a different record under it is refused", arguments: AuditLogSubject.all)
    func idempotentID(subject: AuditLogSubject) async throws {
        try await subject.run { (log: any AuditLog) async throws in
            let record = AuditLogFixtures.record(a, 1)
            try await log.append(record, context: a)
            try await log.append(record, context: a)
            #expect(try await log.records(context: a, limit: 10) == [record])

            var changed = record
            changed.sql = "DELETE FROM invoices"
            await #expect(throws: AuditLogError.conflictingRecord(id: record.id)) {
                try await log.append(changed, context: a)
            }
            #expect(try await log.records(context: a, limit: 10) == [record])
        }
    }

    @Test("concurrent appends of one record keep one; of many records keep all", arguments: AuditLogSubject.all)
    func concurrentAppends(subject: AuditLogSubject) async throws {
        try await subject.run { (log: any AuditLog) async throws in
            let same = AuditLogFixtures.record(a, 100)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 1...40 {
                    group.addTask { try await log.append(AuditLogFixtures.record(a, n), context: a) }
                    group.addTask { try await log.append(same, context: a) }
                }
                try await group.waitForAll()
            }
            let listed = try await log.records(context: a, limit: 100)
            #expect(listed.count == 41)
            #expect(listed.filter { $0.id == same.id } == [same])
            #expect(Set(listed.map(\.id)) == Set((1...40).map(AuditLogFixtures.id) + [same.id]))
        }
    }

    @Test("a record of another tenant or user is refused and nothing is stored", arguments: AuditLogSubject.all)
    func contextMismatch(subject: AuditLogSubject) async throws {
        try await subject.run { (log: any AuditLog) async throws in
            let ofB = AuditLogFixtures.record(b, 1)
            await #expect(throws: AuditLogError.contextMismatch(recordTenant: TestContexts.tenantB, recordUser: TestContexts.alice, context: a)) {
                try await log.append(ofB, context: a)
            }
            let ofBob = AuditLogFixtures.record(aBob, 2)
            await #expect(throws: AuditLogError.contextMismatch(recordTenant: TestContexts.tenantA, recordUser: TestContexts.bob, context: a)) {
                try await log.append(ofBob, context: a)
            }
            #expect(try await log.records(context: a, limit: 10).isEmpty)
            #expect(try await log.records(context: b, limit: 10).isEmpty)
        }
    }

    @Test("invalid records are refused: negative counts, oversized text, impossible times", arguments: AuditLogSubject.all)
    func invalidRecords(subject: AuditLogSubject) async throws {
        try await subject.run { (log: any AuditLog) async throws in
            var negative = AuditLogFixtures.record(a, 1)
            negative.attempts = -1
            var negativeRows = AuditLogFixtures.record(a, 2)
            negativeRows.rowsReturned = -5
            var long = AuditLogFixtures.record(a, 3)
            long.sql = String(repeating: "x", count: AuditLogLimits.maxFieldBytes + 1)
            var distant = AuditLogFixtures.record(a, 4)
            distant.timestamp = Date(timeIntervalSince1970: 1e15)
            for record in [negative, negativeRows, long, distant] {
                await expectError(AuditLogError.self, { if case .invalidRecord = $0 { true } else { false } }) {
                    try await log.append(record, context: a)
                }
            }
            #expect(try await log.records(context: a, limit: 10).isEmpty)

            var atLimit = AuditLogFixtures.record(a, 5)
            atLimit.question = String(repeating: "é", count: AuditLogLimits.maxFieldBytes / 2)
            try await log.append(atLimit, context: a)
            #expect(try await log.records(context: a, limit: 10) == [atLimit])
        }
    }
}
