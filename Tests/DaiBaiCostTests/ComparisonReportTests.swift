import DaiBaiCost
import Foundation
import Testing

@Suite("Comparison report")
struct ComparisonReportTests {
    /// The seed's table, copied by hand from section 2 of the seed doc.
    static let seedLines = [
        "| Users | Compute (Functions) | Data (Cosmos/SQL) | Security (B2C/Vault) | Total Est./Mo |",
        "|-------|----------------------|-------------------|----------------------|---------------|",
        "| 1 | $0.00 (Free Grant) | $0.05 | $0.00 | **~$0.05 - $1.00** |",
        "| 10 | $0.00 (Free Grant) | $0.50 | $0.00 | **~$5.00** |",
        "| 100 | $5.00 | $15.00 | $1.00 | **~$21.00** |",
        "| 1,000 | $45.00 | $120.00 | $10.00 | **~$175.00** |",
        "| 10,000 | $400.00 | $900.00+ | $50.00 | **~$1,350.00+** |",
    ]

    func report(users: [Int] = [1, 10, 100, 1_000, 10_000]) throws -> ComparisonReport {
        let model = try CostModel(prices: try CostFixtures.prices(), profile: CostFixtures.profile, measurements: CostFixtures.measurements())
        return try ComparisonReport(model: model, userCounts: users, pricesPath: "infra/cost/unit-prices.json")
    }

    @Test("the seed's rows appear verbatim, as in the seed doc")
    func seedVerbatim() throws {
        let markdown = try report().markdown()
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for line in Self.seedLines { #expect(lines.contains(line), "missing: \(line)") }
    }

    @Test("the seed table data matches the seed doc itself when it is present")
    func seedDocument() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let document = root.deletingLastPathComponent().appendingPathComponent("shared/reference/seed-azure-serverless-hosting-strategy.md")
        guard let text = try? String(contentsOf: document, encoding: .utf8) else { return }  // the seed doc lives outside the repository
        let lines = Set(text.split(separator: "\n").map(String.init))
        for line in SeedTable.seed.header + SeedTable.seed.rows.map(\.markdown) { #expect(lines.contains(line), "not in the seed doc: \(line)") }
    }

    @Test("the model's table has one row per user count")
    func rowPerUserCount() throws {
        let markdown = try report(users: [1, 10, 100, 1_000, 10_000, 50_000]).markdown()
        let section = try #require(markdown.components(separatedBy: "## This model").dropFirst().first?.components(separatedBy: "## Seed beside").first)
        for label in ["1", "10", "100", "1,000", "10,000", "50,000"] {
            let rows = section.split(separator: "\n").filter { $0.hasPrefix("| \(label) | $") }
            #expect(rows.count == 1, "\(label) users: \(rows.count) rows")
        }
        #expect(markdown.contains("The seed has no row for 50,000 users."))
    }

    @Test("verdicts: within ×2 or a dollar is about right; beyond, too low or too high; above an open-ended figure is consistent")
    func verdicts() {
        #expect(SeedVerdict.compare(seedLow: 5, seedHigh: 5, model: 40) == .tooLow)
        #expect(SeedVerdict.compare(seedLow: 400, seedHigh: 400, model: 21) == .tooHigh)
        #expect(SeedVerdict.compare(seedLow: 900, seedHigh: 900, model: 2_000, openEnded: true) == .openEnded)
        #expect(SeedVerdict.compare(seedLow: 0, seedHigh: 0, model: 0.5) == .aboutRight)
        #expect(SeedVerdict.compare(seedLow: 10, seedHigh: 10, model: 19.9) == .aboutRight)
        #expect(SeedVerdict.compare(seedLow: 10, seedHigh: 10, model: 20.5) == .tooLow)
        #expect(SeedVerdict.compare(seedLow: 0.05, seedHigh: 1, model: 1.9) == .aboutRight)
    }

    @Test("the findings are computed from the figures")
    func findings() throws {
        let report = try report()
        // The seed's 10-user row: $0.00 + $0.50 + $0.00 against a total of ~$5.00.
        #expect(report.findings.contains { $0.hasPrefix("At 10 users the seed's own columns add up to $0.50 while its total says ~$5.00") })
        // App Configuration's Standard store ($1.20 × 30.42 days) is a cost the seed has no column for.
        #expect(report.findings.contains { $0.hasPrefix("Azure App Configuration is not in the seed's table: $36.50 at 1 user") })
        // A seed with different figures gives different findings.
        var seed = SeedTable.seed
        seed.rows[1].totalLow = 0.5
        seed.rows[1].totalHigh = 0.5
        let model = try CostModel(prices: try CostFixtures.prices(), profile: CostFixtures.profile, measurements: CostFixtures.measurements())
        let other = try ComparisonReport(model: model, userCounts: [10], pricesPath: "p", seed: seed)
        #expect(!other.findings.contains { $0.hasPrefix("At 10 users the seed's own columns") })
    }

    @Test("money: cents, thousands separators, and amounts under a cent")
    func money() {
        #expect(ComparisonReport.money(1_350) == "$1,350.00")
        #expect(ComparisonReport.money(0.004) == "<$0.01")
        #expect(ComparisonReport.money(0) == "$0.00")
        #expect(CostModel.number(1_234_567.891, 2) == "1,234,567.89")
    }

    @Test("the JSON form decodes back")
    func json() throws {
        let report = try report(users: [1, 100])
        let decoded = try JSONDecoder().decode(ComparisonReport.self, from: Data(try report.json().utf8))
        #expect(decoded == report)
    }
}
