import DaiBaiCost
import Foundation
import Testing

/// The model's arithmetic on round figures (CostFixtures), each expectation worked out by hand here.
@Suite("Cost model arithmetic")
struct CostModelTests {
    /// The data file with the prices these tests use set to known values.
    func prices() throws -> UnitPrices {
        var prices = try CostFixtures.prices()
        let known: [String: (Double, Double, Double)] = [  // id: (price, unitSize, freeGrant)
            "functions.flex.ondemand.gbs": (0.000026, 1, 100_000),
            "functions.flex.ondemand.executions": (0.40, 1_000_000, 250_000),
            "cosmos.serverless.ru": (0.25, 1_000_000, 0),
            "cosmos.serverless.storage": (0.25, 1, 0),
            "appconfig.free.requests": (0, 1, 1_000),
            "appconfig.standard.store": (1.20, 1, 0),
            "appconfig.standard.requests": (0.06, 10_000, 200_000),
            "relay.hybrid.listener": (0.0134, 1, 0),
            "llm.openai.gpt-4o-mini.input": (0.15, 1_000_000, 0),
            "llm.openai.gpt-4o-mini.output": (0.60, 1_000_000, 0),
        ]
        for index in prices.prices.indices {
            guard let (price, unitSize, grant) = known[prices.prices[index].id] else { continue }
            prices.prices[index].price = price
            prices.prices[index].unitSize = unitSize
            prices.prices[index].freeGrant = grant
            prices.prices[index].tiers = nil
        }
        return prices
    }

    func model(_ measurements: Measurements = CostFixtures.measurements()) throws -> CostModel {
        try CostModel(prices: try prices(), profile: CostFixtures.profile, measurements: measurements)
    }

    func line(_ estimate: MonthlyEstimate, _ service: String, _ item: String) throws -> CostLine {
        try #require(estimate.lines.first { $0.service.hasPrefix(service) && $0.item == item })
    }

    @Test("usage: 100 users → 50 active, 500 questions (100 cached, 400 model), 200 new conversations, 1,000 HTTP executions")
    func usage() throws {
        let estimate = try model().estimate(users: 100)
        #expect(estimate.usage.activeUsers == 50)
        #expect(estimate.usage.questions == 500)
        #expect(estimate.usage.cacheQuestions == 100)
        #expect(estimate.usage.modelQuestions == 400)
        #expect(estimate.usage.newConversations == 200)
        #expect(estimate.usage.followUps == 300)
        #expect(estimate.usage.httpExecutions == 1_000)
        #expect(estimate.usage.tenants == 20)
        // 730 h × 3,600 s / 60 s
        #expect(estimate.usage.timerExecutions == 43_800)
    }

    @Test("Cosmos DB: 200 × 40 + 300 × 50 + 500 × 10 = 28,000 RU → $0.007; storage 500 × 2,000 B × 12 = 0.012 GB → $0.003")
    func cosmos() throws {
        let estimate = try model().estimate(users: 100)
        let ru = try line(estimate, "Azure Cosmos DB", "request units")
        #expect(ru.quantity == 28_000)
        #expect(abs(ru.cost - 0.007) < 1e-12)
        let storage = try line(estimate, "Azure Cosmos DB", "storage")
        #expect(abs(storage.quantity - 0.012) < 1e-12)
        #expect(abs(storage.cost - 0.003) < 1e-12)
        #expect(abs(estimate.total(.data) - 0.010) < 1e-12)
    }

    @Test("Functions: the timer's 43,800 runs at 1 s × 2 GB plus ~999 one-second HTTP busy periods stay inside 100,000 free GB-s → $0")
    func functionsWithinGrant() throws {
        let estimate = try model().estimate(users: 100)
        let time = try line(estimate, "Azure Functions", "execution time")
        // λ = 1,000 / 720,000 s; busy 850 s → L = 0.0011806; periods = 1,000 × e^−L = 998.82, each billed the 1 s minimum.
        #expect(abs(time.quantity - (998.82 + 43_800) * 2) < 0.5)
        #expect(time.cost == 0)
        let executions = try line(estimate, "Azure Functions", "executions")
        #expect(executions.quantity == 44_800)
        #expect(executions.cost == 0)
        #expect(estimate.usage.timerGBSeconds == 87_600)
    }

    @Test("Functions: over the grant, each GB-s costs $0.000026")
    func functionsOverGrant() throws {
        // 1,000 users: λ = 10,000 / 720,000; L = 0.011806; periods = 10,000 × e^−L = 9,882.6 → 9,882.6 s.
        let estimate = try model().estimate(users: 1_000)
        let time = try line(estimate, "Azure Functions", "execution time")
        let expectedGBs = (10_000 * exp(-10_000.0 / 720_000 * 0.85) * 1.0 + 43_800) * 2
        #expect(abs(time.quantity - expectedGBs) < 0.01)
        #expect(abs(time.cost - (expectedGBs - 100_000) * 0.000026) < 1e-9)
    }

    @Test("billed periods: at least 1 s, then rounded up to 100 ms")
    func billedPeriod() {
        #expect(CostModel.billedPeriod(0.05) == 1)
        #expect(CostModel.billedPeriod(1.0) == 1)
        #expect(CostModel.billedPeriod(1.23) == 1.3)
        #expect(CostModel.billedPeriod(3.001) == 3.1)
    }

    @Test("busy instances: sparse executions bill one period each; heavy load bills load / concurrency instances")
    func busyInstances() {
        // rate 1e-4/s, 0.5 s each, over 1e6 s: ~100 periods of 1 s.
        let sparse = CostModel.billedInstanceSeconds(rate: 1e-4, load: 0.5e-4, window: 1e6, concurrency: 16)
        #expect(abs(sparse - 100 * exp(-0.5e-4)) < 1e-6)
        // rate 100/s, 0.5 s each: 50 in flight, 16 per instance → 3.125 instances × 1,000 s.
        let heavy = CostModel.billedInstanceSeconds(rate: 100, load: 50, window: 1_000, concurrency: 16)
        #expect(abs(heavy - 3_125) < 1e-9)
        #expect(CostModel.billedInstanceSeconds(rate: 0, load: 0, window: 1_000, concurrency: 16) == 0)
    }

    @Test("App Configuration: 730 h × 120 reloads × 2 requests = 5,760 a day > 1,000 → Standard store $36.50; at 200 s reloads 864 a day → Free, $0")
    func appConfiguration() throws {
        let polled = try model().estimate(users: 10)
        #expect(abs(polled.usage.appConfigRequestsPerDay - 5_760) < 1e-6)
        let store = try line(polled, "Azure App Configuration", "Standard store")
        #expect(abs(store.cost - 36.5) < 1e-9)
        let requests = try line(polled, "Azure App Configuration", "Standard requests")
        #expect(requests.cost == 0)  // 175,200 a month, far inside 200,000 a day
        // 730 × 3,600 × 2 / (1,000 × 30.4167) = 172.8 s
        #expect(abs(polled.usage.appConfigRefreshSecondsForFreeTier - 172.8) < 1e-9)

        let relaxed = try model(CostFixtures.measurements(refreshSeconds: 200)).estimate(users: 10)
        #expect(abs(relaxed.usage.appConfigRequestsPerDay - 864) < 1e-6)
        let free = try line(relaxed, "Azure App Configuration", "Free tier requests")
        #expect(free.cost == 0)
        #expect(!relaxed.lines.contains { $0.item == "Standard store" })
    }

    @Test("Key Vault: App Configuration references are re-read every reload: 2 × 730 h × 120 = 175,200 a month")
    func keyVault() throws {
        let estimate = try model().estimate(users: 100)
        #expect(estimate.usage.keyVaultOpsFromAppConfig == 175_200)
        // Without the cache every ask reads both tenant secrets: 500 × 2 = 1,000; with it at most that.
        #expect(estimate.usage.keyVaultOpsFromAsks <= 1_000)
        #expect(estimate.usage.keyVaultOpsFromAsks > 0)
    }

    @Test("Relay: 20 tenants × 0.5 = 10 listeners × 730 h = 7,300 listener-hours × $0.0134 = $97.82")
    func relay() throws {
        let estimate = try model().estimate(users: 100)
        let listeners = try line(estimate, "Azure Relay", "listener hours")
        #expect(listeners.quantity == 7_300)
        #expect(abs(listeners.cost - 97.82) < 1e-9)
    }

    @Test("LLM tokens are separate: 400 calls × 1,000 input and 100 output tokens → $0.084 with gpt-4o-mini, not in the Azure total")
    func llm() throws {
        let estimate = try model().estimate(users: 100)
        let mini = try #require(estimate.llm.first { $0.model == "gpt-4o-mini" })
        #expect(mini.inputTokens == 400_000)
        #expect(mini.outputTokens == 40_000)
        #expect(abs(mini.cost - 0.084) < 1e-12)
        let sum = estimate.lines.reduce(0) { $0 + $1.cost }
        #expect(abs(estimate.azureTotal - sum) < 1e-12)
        let columns = SeedColumn.allCases.reduce(0) { $0 + estimate.total($1) }
        #expect(abs(columns - estimate.azureTotal) < 1e-9)
    }

    @Test("a negative user count, or a share above 1, is refused")
    func refusals() throws {
        #expect(throws: CostModelError.self) { _ = try model().estimate(users: -1) }
        var profile = CostFixtures.profile
        profile.verifiedCacheShare = 1.5
        #expect(throws: CostModelError.self) { _ = try CostModel(prices: try prices(), profile: profile, measurements: CostFixtures.measurements()) }
    }
}
