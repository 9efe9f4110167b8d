import DaiBaiCore
import DaiBaiTesting
import Foundation
import Testing

@Suite("One Agent, many tenants at once")
struct AgentConcurrencyTests {
    @Test("100 concurrent questions across 10 tenants each get their own answer and records")
    func concurrentTenants() async throws {
        let fixture = try AgentFixture()
        defer { fixture.remove() }
        // The model answers with SQL that encodes the asker, so a mix-up would show in the rows.
        let model = ScriptedLLMProvider { (request: LLMRequest) throws(LLMError) -> LLMResponse in
            let question = request.messages.last?.content ?? ""
            let numbers = question.split(separator: " ").compactMap { Int($0) }
            let value = (numbers.first ?? -1) * 1_000 + (numbers.last ?? -1)
            return LLMResponse(text: "```sql\nSELECT \(value) AS v, count(*) AS n FROM genres\n```", usage: TokenUsage(inputTokens: 10, outputTokens: 5), finishReason: .stop, model: "scripted")
        }
        // The query deadline starts before a query waits its turn on the connector's single
        // connection, so on a loaded machine 100 queued queries could pass the default 10 s and
        // go back to the model as a "timed out" problem. This test is about isolation, not deadlines.
        let agent = fixture.agent(model: model, configuration: AgentConfiguration(queryOptions: QueryOptions(timeout: .seconds(600))))
        let tenants = (0..<10).map { RequestContext(tenant: TenantID(rawValue: "tenant-\($0)")!, user: UserID(rawValue: "user-\($0)")!) }

        let answers = try await withThrowingTaskGroup(of: (Int, Int, AgentAnswer).self) { group in
            for (t, context) in tenants.enumerated() {
                for q in 0..<10 {
                    group.addTask {
                        (t, q, try await agent.ask(AgentRequest(question: "tenant \(t) genres question \(q)", context: context)))
                    }
                }
            }
            var all: [(Int, Int, AgentAnswer)] = []
            for try await answer in group { all.append(answer) }
            return all
        }

        #expect(answers.count == 100)
        for (t, q, answer) in answers {
            #expect(answer.result?.rows.first?.first == .integer(Int64(t * 1_000 + q)), "tenant \(t) question \(q)")
        }
        for (t, context) in tenants.enumerated() {
            let conversations = try await fixture.chats.conversations(limit: 100, context: context)
            #expect(conversations.count == 10)
            for conversation in conversations {
                #expect(conversation.tenant == context.tenant)
                let messages = try await fixture.chats.messages(inConversation: conversation.id, limit: 10, context: context)
                #expect(messages.first?.content.hasPrefix("tenant \(t) ") == true)
            }
            #expect(fixture.usage.totals(for: context.tenant) == [.inputTokens: 100, .outputTokens: 50, .queryExecuted: 10, .taskCompleted: 10])
            #expect(fixture.usage.events(for: context.tenant).allSatisfy { $0.user == context.user })
        }
    }
}
