import DaiBaiCore
import DaiBaiTesting
import Foundation
import Testing

@Suite("The Agent appends one audit record per request: who asked what, which SQL ran, rows, who paid")
struct AgentAuditTests {
    let acme = RequestContext(tenant: TenantID(rawValue: "acme")!, user: UserID(rawValue: "ana")!)

    func agent(_ fixture: AgentFixture, model: any LLMProvider, audit: InMemoryAuditLog, configuration: AgentConfiguration = AgentConfiguration()) -> Agent {
        Agent(model: model, databases: StaticDatabaseDirectory(databases: ["music": fixture.connector]), chats: fixture.chats, auditLog: audit, configuration: configuration)
    }

    @Test("an answered request records the question, the SQL that ran, the rows and the payer")
    func answered() async throws {
        let fixture = try AgentFixture()
        defer { fixture.remove() }
        let audit = InMemoryAuditLog()
        let answer = try await agent(fixture, model: ScriptedLLMProvider(replies: [.sql("SELECT name FROM genres LIMIT 3")]), audit: audit)
            .ask(AgentRequest(question: "Name three genres", context: acme))
        let record = try #require(audit.records.first)
        #expect(audit.records.count == 1)
        #expect(record.tenant == acme.tenant && record.user == acme.user)
        #expect(record.question == "Name three genres")
        #expect(record.sql == answer.sql)
        #expect(record.rowsReturned == 3)
        #expect(record.outcome == .answered)
        #expect(record.payer == .platform)
        #expect(record.provider == "scripted")
        #expect(record.databaseName == "music")
    }

    @Test("a request whose every attempt the guard refuses records the refusal and the last SQL proposed")
    func refused() async throws {
        let fixture = try AgentFixture()
        defer { fixture.remove() }
        let audit = InMemoryAuditLog()
        var configuration = AgentConfiguration()
        configuration.maxAttempts = 2
        let model = ScriptedLLMProvider(replies: [.sql("DELETE FROM genres"), .sql("DROP TABLE genres")])
        await #expect(throws: AgentError.self) {
            _ = try await agent(fixture, model: model, audit: audit, configuration: configuration).ask(AgentRequest(question: "Remove genres", context: acme))
        }
        let record = try #require(audit.records.first)
        #expect(record.outcome == .refusedByGuard)
        #expect(record.sql == "DROP TABLE genres")
        #expect(record.attempts == 2)
        #expect(record.rowsReturned == nil)
        #expect(record.failure?.isEmpty == false)
    }
}
