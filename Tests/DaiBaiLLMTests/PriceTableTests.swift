import DaiBaiTestSupport
import DaiBaiCore
import DaiBaiLLM
import Foundation
import Testing

/// Cost estimates from the price table.
@Suite
struct PriceTableTests {
    @Test func exactNamesThenTheLongestPrefixAreUsed() {
        let table = PriceTable.defaults
        #expect(table.price(for: "gpt-4o") == ModelPrice(inputPerMillion: Decimal(250) / 100, outputPerMillion: 10))
        #expect(table.price(for: "gpt-4o-2024-08-06") == table.price(for: "gpt-4o"))
        #expect(table.price(for: "gpt-4o-mini-2024-07-18") == table.price(for: "gpt-4o-mini"))
        #expect(table.price(for: "o3-mini-2025-01-31") == table.price(for: "o3-mini"))
        #expect(table.price(for: "GPT-4O") == table.price(for: "gpt-4o"))
        #expect(table.price(for: "llama3.2") == nil)
    }

    @Test func theCostIsComputedExactly() {
        // 57 × $2.50 + 12 × $10.00 per million = $0.0002625
        let cost = PriceTable.defaults.estimatedCost(usage: TokenUsage(inputTokens: 57, outputTokens: 12), model: "gpt-4o-2024-08-06")
        #expect(cost == Decimal(2_625) / 10_000_000)
        let response = LLMResponse(text: "", usage: TokenUsage(inputTokens: 1_000_000, outputTokens: 1_000_000), finishReason: .stop, model: "gpt-4o-mini")
        #expect(response.estimatedCost() == Decimal(75) / 100)
        #expect(LLMResponse(text: "", usage: nil, finishReason: .stop, model: "gpt-4o").estimatedCost() == nil)
    }

    @Test func configuredPricesWin() {
        var mine = PriceTable()
        mine.setPrice(ModelPrice(inputPerMillion: 1, outputPerMillion: 2), for: "gpt-4o")
        mine.setPrice(ModelPrice(inputPerMillion: 0, outputPerMillion: 0), for: "llama")
        let table = PriceTable.defaults.merging(mine)
        #expect(table.price(for: "gpt-4o-2024-08-06") == ModelPrice(inputPerMillion: 1, outputPerMillion: 2))
        #expect(table.estimatedCost(usage: TokenUsage(inputTokens: 10, outputTokens: 10), model: "llama3.2") == 0)
    }

    @Test func aStreamedUsageCanBePricedToo() async throws {
        try await withLoopbackServer([
            .init("POST /v1/chat/completions") { _ in
                .stream(200, headers: ["Content-Type": "text/event-stream"]) { writer in
                    for chunk in ChatCompletionFixtures.streamTranscript { writer.write(chunk) }
                }
            },
        ]) { server in
            let provider = try makeProvider(server)
            var usage: TokenUsage?
            for try await event in provider.stream(sqlRequest) {
                if case .usage(let reported) = event { usage = reported }
            }
            let cost = PriceTable.defaults.estimatedCost(usage: try #require(usage), model: provider.model)
            // 57 × $2.50 + 5 × $10.00 per million
            #expect(cost == Decimal(1_925) / 10_000_000)
        }
    }
}
