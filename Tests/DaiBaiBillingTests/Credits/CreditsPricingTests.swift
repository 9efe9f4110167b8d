import DaiBaiBilling
import DaiBaiCore
import Foundation
import Testing

@Suite("Credits pricing")
struct CreditsPricingTests {
    let acme: RequestContext

    init() throws {
        acme = RequestContext(tenant: try TenantID(validating: "acme"), user: try UserID(validating: "alice"))
    }

    func event(_ kind: UsageKind, _ quantity: Int) -> UsageEvent {
        UsageEvent(tenant: acme.tenant, user: acme.user, kind: kind, quantity: quantity)
    }

    @Test("tokens cost their rate per 1,000, rounded up per event")
    func tokens() {
        let pricing = CreditPricing(creditsPerThousandInputTokens: 1, creditsPerThousandOutputTokens: 4)
        #expect(pricing.credits(for: event(.inputTokens, 0)) == 0)
        #expect(pricing.credits(for: event(.inputTokens, 1)) == 1)
        #expect(pricing.credits(for: event(.inputTokens, 1_000)) == 1)
        #expect(pricing.credits(for: event(.inputTokens, 1_001)) == 2)
        #expect(pricing.credits(for: event(.outputTokens, 250)) == 1)
        #expect(pricing.credits(for: event(.outputTokens, 251)) == 2)
        #expect(pricing.credits(for: event(.outputTokens, 2_500)) == 10)
    }

    @Test("tasks and queries cost a flat rate each; negative quantities cost nothing")
    func flatRates() {
        let pricing = CreditPricing(creditsPerTask: 3, creditsPerQuery: 2)
        #expect(pricing.credits(for: event(.taskCompleted, 2)) == 6)
        #expect(pricing.credits(for: event(.queryExecuted, 1)) == 2)
        #expect(pricing.credits(for: event(.taskCompleted, -1)) == 0)
    }

    @Test("a huge quantity saturates instead of overflowing")
    func saturates() {
        let pricing = CreditPricing(creditsPerTask: .max)
        #expect(pricing.credits(for: event(.taskCompleted, 2)) == .max)
    }

    @Test("the reservation is the per-request estimate, or the priced input estimate when larger")
    func estimate() {
        let pricing = CreditPricing(creditsPerThousandInputTokens: 2, reservationPerRequest: 10)
        #expect(pricing.estimatedCredits(for: UsageRequest(context: acme)) == 10)
        #expect(pricing.estimatedCredits(for: UsageRequest(context: acme, estimatedInputTokens: 4_000)) == 10)
        #expect(pricing.estimatedCredits(for: UsageRequest(context: acme, estimatedInputTokens: 6_000)) == 12)
    }
}
