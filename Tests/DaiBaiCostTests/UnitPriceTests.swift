import DaiBaiCost
import Testing

@Suite("Unit prices: free grants, unit sizes, tiers")
struct UnitPriceTests {
    @Test("a quantity within the free grant costs nothing; one unit over costs one unit's price")
    func freeGrant() {
        let gbs = CostFixtures.price("gbs", price: 0.000026, freeGrant: 100_000)
        #expect(gbs.monthlyCost(quantity: 99_999) == 0)
        #expect(gbs.monthlyCost(quantity: 100_000) == 0)
        #expect(abs(gbs.monthlyCost(quantity: 100_001) - 0.000026) < 1e-12)
        #expect(abs(gbs.monthlyCost(quantity: 200_000) - 2.6) < 1e-9)
    }

    @Test("prices per million are applied per unit size above the grant")
    func unitSize() {
        let executions = CostFixtures.price("executions", price: 0.40, unitSize: 1_000_000, freeGrant: 250_000)
        #expect(executions.monthlyCost(quantity: 250_000) == 0)
        #expect(abs(executions.monthlyCost(quantity: 1_250_000) - 0.40) < 1e-12)
        #expect(abs(executions.monthlyCost(quantity: 250_001) - 0.0000004) < 1e-15)
    }

    @Test("a daily grant is 730 / 24 days' worth a month")
    func dailyGrant() {
        let requests = CostFixtures.price("requests", price: 0.06, unitSize: 10_000, freeGrant: 200_000, period: .day)
        // 200,000 × 30.416666… = 6,083,333.33…
        #expect(abs(requests.monthlyFreeGrant - 6_083_333.333333) < 0.001)
        #expect(requests.monthlyCost(quantity: 6_000_000) == 0)
        #expect(abs(requests.monthlyCost(quantity: 6_083_333.333333 + 10_000) - 0.06) < 1e-6)
    }

    @Test("graduated tiers: each step at its own price, boundaries included in the lower tier")
    func tiers() {
        let tiered = CostFixtures.price("tiered", price: 99, freeGrant: 10, tiers: [
            .init(upTo: 100, price: 1.0), .init(upTo: 200, price: 0.5), .init(upTo: nil, price: 0.25),
        ])
        #expect(tiered.monthlyCost(quantity: 10) == 0)  // the grant
        #expect(tiered.monthlyCost(quantity: 11) == 1)  // one unit into tier 1
        #expect(tiered.monthlyCost(quantity: 110) == 100)  // tier 1 full: 100 × $1
        #expect(tiered.monthlyCost(quantity: 111) == 100.5)  // one unit of tier 2
        #expect(tiered.monthlyCost(quantity: 210) == 150)  // 100 + 100 × $0.50
        #expect(tiered.monthlyCost(quantity: 310) == 175)  // + 100 × $0.25
    }

    @Test("an entry without an https source or a YYYY-MM-DD date is refused")
    func validation() {
        var price = CostFixtures.price("p", price: 1)
        price.source = "azure pricing page"
        #expect(throws: CostModelError.self) { try price.validate() }
        price.source = "https://azure.microsoft.com/pricing/"
        price.retrieved = "December 2026"
        #expect(throws: CostModelError.self) { try price.validate() }
        price.retrieved = "2026-12-03"
        #expect(throws: Never.self) { try price.validate() }
        price.price = -1
        #expect(throws: CostModelError.self) { try price.validate() }
    }
}
