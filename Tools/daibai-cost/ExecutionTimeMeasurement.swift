import DaiBaiCore
import DaiBaiTesting
import Foundation

/// In-process seconds of one ask on each path: the Agent on the sample database (SQL executed),
/// its chat history in memory, timed call by call after a warm-up. The model answers at once
/// here, and the chat store costs no network time; the cost model adds the model's latency and
/// one Cosmos DB latency per measured Cosmos request from the usage profile, because the
/// execution stays in flight (and billed) while it waits. (The loopback Cosmos fake is not used
/// for timing: its HTTP round trips are slower than the service's and would say nothing.)
struct ExecutionTimeMeasurement {
    struct Result {
        var cacheSeconds: Double
        var modelSecondsWithoutModel: Double
        var promptCharacters: Double
        var samples: Int
    }

    static func run(sample: SampleAgent, count: Int = 60) async throws -> Result {
        do {
            let store = InMemoryChatStore()
            let context = RequestContext(tenant: try TenantID(validating: "acme"), user: try UserID(validating: "ana"))
            let agent = try await sample.agent(chats: store, context: context)
            for index in 0..<10 {
                _ = try await agent.ask(AgentRequest(question: SampleAgent.modelQuestions[index % SampleAgent.modelQuestions.count], context: context))
                _ = try await agent.ask(AgentRequest(question: SampleAgent.cacheQuestions[index % SampleAgent.cacheQuestions.count], context: context))
            }
            let before = sample.model.requests.count
            let cache = try await median(count: count) { index in
                SampleAgent.cacheQuestions[index % SampleAgent.cacheQuestions.count]
            } ask: { try await agent.ask(AgentRequest(question: $0, context: context)) }
            let model = try await median(count: count) { index in
                SampleAgent.modelQuestions[index % SampleAgent.modelQuestions.count]
            } ask: { try await agent.ask(AgentRequest(question: $0, context: context)) }
            let prompts = sample.model.requests.dropFirst(before)
            let characters = prompts.map { $0.messages.reduce(0) { $0 + $1.content.count } }
            return Result(
                cacheSeconds: cache, modelSecondsWithoutModel: model,
                promptCharacters: characters.isEmpty ? 0 : Double(characters.reduce(0, +)) / Double(characters.count),
                samples: count)
        }
    }

    /// The median duration, in seconds, of `count` sequential asks.
    static func median(count: Int, question: (Int) -> String, ask: (String) async throws -> AgentAnswer) async throws -> Double {
        var durations: [Double] = []
        let clock = ContinuousClock()
        for index in 0..<count {
            let started = clock.now
            _ = try await ask(question(index))
            let elapsed = clock.now - started
            durations.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        let sorted = durations.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
}
