import Foundation

/// How a seed figure compares with the model's.
public enum SeedVerdict: String, Sendable, Codable, Equatable {
    /// Within a factor of two, or less than a dollar apart.
    case aboutRight = "about right"
    /// The seed says less than the model (by more than ×2 and a dollar).
    case tooLow = "too low"
    /// The seed says more than the model.
    case tooHigh = "too high"
    /// The seed's open-ended figure (`+`) is below the model's, which it allows.
    case openEnded = "open-ended, consistent"

    /// The verdict for a seed range `low…high` against `model`.
    public static func compare(seedLow: Double, seedHigh: Double, model: Double, openEnded: Bool = false) -> SeedVerdict {
        if model >= seedLow / 2 && model <= seedHigh * 2 { return .aboutRight }
        if model < seedHigh, abs(model - seedLow) < 1 { return .aboutRight }
        if model > seedHigh, model - seedHigh < 1 { return .aboutRight }
        if model > seedHigh { return openEnded ? .openEnded : .tooLow }
        return .tooHigh
    }
}

/// The comparison of the seed's table with the model's estimates, rendered as Markdown or JSON.
///
/// Every conclusion in "Where the seed is off" is computed from the figures: the verdicts per
/// column, services the seed has no column for, rows whose columns do not add up to their total,
/// and the LLM tokens the seed leaves out.
public struct ComparisonReport: Sendable, Codable, Equatable {
    /// Where the unit prices were read from.
    public var pricesPath: String
    /// The seed's table.
    public var seed: SeedTable
    /// The estimates, one per user count.
    public var estimates: [MonthlyEstimate]
    /// The measured figures.
    public var measurements: Measurements
    /// The assumptions.
    public var assumptions: [Assumption]
    /// How the model works, one line each (fixed text about the method, not conclusions).
    public var modelNotes: [String]
    /// The unit prices.
    public var prices: UnitPrices
    /// The computed findings ("where the seed is off").
    public var findings: [String]

    /// Builds the report: the estimates for `userCounts` and the findings.
    public init(model: CostModel, userCounts: [Int], pricesPath: String, seed: SeedTable = .seed) throws(CostModelError) {
        guard !userCounts.isEmpty else { throw .invalidArgument("give at least one user count") }
        self.pricesPath = pricesPath
        self.seed = seed
        self.estimates = try model.estimates(for: userCounts)
        self.measurements = model.measurements
        self.assumptions = model.profile.assumptions
        self.prices = model.prices
        self.modelNotes = Self.notes
        self.findings = Self.findings(seed: seed, estimates: estimates)
    }

    static let notes = [
        "Functions: Flex Consumption on demand. An instance is billed for its memory while it executes, at least 1,000 ms per activity period, then rounded up to 100 ms (Microsoft Learn, flex-consumption-plan). Executions that overlap on one instance share its billed time, up to the per-instance concurrency; a model-path execution stays in flight while it waits for the model, so the model's latency is billed.",
        "Arrivals are random (Poisson) within the active hours: with L executions in flight on average one instance is busy in periods that start λ·e^(−L) times a second and last (e^L − 1)/λ (M/G/∞); when L outgrows one instance, L / concurrency instances are busy throughout. The timer's runs are billed separately (1 s each), never sharing an HTTP busy period.",
        "The MeterDrain timer runs every minute, so the app never idles long enough to scale to zero: one instance runs all month (730 instance-hours) plus the extra instances of the active hours. App Configuration reloads and App Configuration Key Vault references are per instance-hour.",
        "Key Vault: a secret is read at most once per cache TTL per instance (KeyVaultSecretCache), not once per request; an App Configuration Key Vault reference is resolved on every reload (the reload interval is not shorter than the TTL).",
        "Application Insights bills ingested GB (10^9 bytes) of the stored columns, about 25 % below the uncompressed JSON; the gzip size sent is shown for information only.",
        "Expected values: relay tenants and listeners are the expected number (tenants × share), so one user carries a fraction of a listener.",
        "The seed's Data column includes SQL Serverless for the data inventory; DaiBai keeps the inventory in Cosmos DB, so the model's Data column is Cosmos DB only.",
        "LLM tokens are a separate line and not in the Azure total (with bring-your-own-key the user's key pays them).",
    ]

    // MARK: Findings

    /// The findings for `estimates` against `seed`.
    public static func findings(seed: SeedTable, estimates: [MonthlyEstimate]) -> [String] {
        var findings: [String] = []
        let compared = estimates.compactMap { estimate in seed.row(users: estimate.users).map { (estimate, $0) } }

        for row in seed.rows where row.columnSum < row.totalLow / 2 || row.columnSum > row.totalHigh * 2 {
            findings.append("At \(users(row.users)) the seed's own columns add up to \(money(row.columnSum)) while its total says \(totalText(row)): the row is inconsistent.")
        }

        for column in [SeedColumn.compute, .data, .security] {
            var off: [String] = []
            var drivers: [String] = []
            for (estimate, row) in compared {
                let value = estimate.total(column)
                let verdict = SeedVerdict.compare(seedLow: row.value(column), seedHigh: row.value(column), model: value,
                                                  openEnded: column == .data && row.openEnded)
                guard verdict == .tooLow || verdict == .tooHigh else { continue }
                off.append("\(users(row.users)): seed \(money(row.value(column))), model \(money(value)) (\(verdict.rawValue)\(ratioText(seed: row.value(column), model: value)))")
                if let top = estimate.lines.filter({ $0.column == column }).max(by: { $0.cost < $1.cost }), top.cost > 0 {
                    drivers.append("at \(users(row.users)) mostly \(top.service) \(top.item): \(top.note)")
                }
            }
            if !off.isEmpty {
                var text = "\(column.title) is off at " + off.joined(separator: "; ") + "."
                if let driver = drivers.last { text += " Driver " + driver + "." }
                findings.append(text)
            }
        }

        var totalsOff: [String] = []
        for (estimate, row) in compared {
            let verdict = SeedVerdict.compare(seedLow: row.totalLow, seedHigh: row.totalHigh, model: estimate.azureTotal, openEnded: row.openEnded)
            if verdict == .tooLow || verdict == .tooHigh {
                totalsOff.append("\(users(row.users)): seed \(totalText(row)), model \(money(estimate.azureTotal)) (\(verdict.rawValue)\(ratioText(seed: row.totalHigh, model: estimate.azureTotal)))")
            }
        }
        if !totalsOff.isEmpty { findings.append("The total is off at " + totalsOff.joined(separator: "; ") + ".") }

        // Services the seed has no column for.
        var services: [String] = []
        for estimate in estimates { for line in estimate.lines where line.column == .notInSeed && !services.contains(line.service) { services.append(line.service) } }
        for service in services {
            let costs = estimates.map { estimate in (estimate.users, estimate.lines.filter { $0.service == service }.reduce(0) { $0 + $1.cost }) }
            guard let largest = costs.map(\.1).max(), largest >= 0.5 else { continue }
            let firstPaid = costs.first { $0.1 >= 0.005 }
            let reason = estimates.first { estimate in estimate.users == firstPaid?.0 }?
                .lines.filter { $0.service == service && $0.cost > 0 }.max(by: { $0.cost < $1.cost })?.note ?? ""
            findings.append("\(service) is not in the seed's table: " + costs.map { "\(money($0.1)) at \(users($0.0))" }.joined(separator: ", ")
                + (reason.isEmpty ? "." : " (from \(users(firstPaid?.0 ?? 0)): \(reason))."))
        }

        // The floor: what the smallest deployment costs.
        if let smallest = compared.min(by: { $0.0.users < $1.0.users }), smallest.0.azureTotal > smallest.1.totalHigh {
            let paid = smallest.0.lines.filter { $0.cost >= 0.01 }.sorted { $0.cost > $1.cost }
                .map { "\($0.service) \($0.item) \(money($0.cost))" }
            findings.append("The seed's \(totalText(smallest.1)) for \(users(smallest.1.users)) misses a fixed floor of \(money(smallest.0.azureTotal)) a month: " + paid.joined(separator: ", ") + ".")
        }

        // The timer's share of the Functions free grant.
        if let smallest = estimates.min(by: { $0.users < $1.users }),
           let time = smallest.lines.first(where: { $0.item == "execution time" && $0.column == .compute }), time.freeGrant > 0 {
            findings.append("The MeterDrain timer alone bills \(CostModel.number(smallest.usage.timerGBSeconds)) GB-s (\(CostModel.number(smallest.usage.timerGBSeconds / time.freeGrant * 100)) % of the \(CostModel.number(time.freeGrant)) free GB-s) and \(CostModel.number(smallest.usage.timerExecutions)) executions a month whatever the number of users: each run is billed the 1 s minimum, so the seed's \"Free Grant\" for compute holds only while the HTTP traffic stays under the rest.")
        }

        // Key Vault: what the SDK's cache saves, per source.
        if let last = estimates.max(by: { $0.users < $1.users }), last.usage.keyVaultOpsWithoutCache > 0 {
            let usage = last.usage
            let withCache = usage.keyVaultOpsFromAppConfig + usage.keyVaultOpsFromAsks + usage.keyVaultOpsFromMeterDrain
            let vault = last.lines.filter { $0.service == "Azure Key Vault" }.reduce(0) { $0 + $1.cost }
            let seedSecurity = seed.row(users: last.users).map { " against the seed's whole Security column of \(money($0.security))" } ?? ""
            findings.append("Key Vault at \(users(last.users)): \(CostModel.number(withCache)) operations a month with the SDK's cache vs \(CostModel.number(usage.keyVaultOpsWithoutCache)) without (\(CostModel.number((1 - withCache / usage.keyVaultOpsWithoutCache) * 100, 1)) % fewer): \(CostModel.number(usage.keyVaultOpsFromAppConfig)) are App Configuration Key Vault references re-read on every reload, \(CostModel.number(usage.keyVaultOpsFromAsks)) tenant secrets read at most once per TTL per instance, \(CostModel.number(usage.keyVaultOpsFromMeterDrain)) Stripe-key reads; \(money(vault)) a month\(seedSecurity).")
        }
        if let smallest = estimates.min(by: { $0.users < $1.users }), smallest.lines.contains(where: { $0.item == "Standard store" }) {
            findings.append("App Configuration: polling every reload interval on an instance that the timer keeps alive makes \(CostModel.number(smallest.usage.appConfigRequestsPerDay)) requests a day at \(users(smallest.users)), over the Free tier's quota, so a Standard store is needed from the first user; a reload interval of \(CostModel.number(smallest.usage.appConfigRefreshSecondsForFreeTier.rounded(.up))) s or more (azure.appconfig.refresh_seconds) would keep one always-on instance within the Free tier.")
        }

        // LLM tokens.
        for estimate in estimates.sorted(by: { $0.users < $1.users }) {
            guard let cheapest = estimate.llm.min(by: { $0.cost < $1.cost }), let dearest = estimate.llm.max(by: { $0.cost < $1.cost }),
                  cheapest.cost > estimate.azureTotal, estimate.azureTotal > 0
            else { continue }
            findings.append("From \(users(estimate.users)) the model tokens, which the seed leaves out, cost more than all of Azure: \(money(cheapest.cost)) (\(cheapest.model)) to \(money(dearest.cost)) (\(dearest.model)) a month against \(money(estimate.azureTotal)).")
            break
        }
        if let last = estimates.max(by: { $0.users < $1.users }), let dearest = last.llm.max(by: { $0.cost < $1.cost }), last.azureTotal > 0 {
            findings.append("At \(users(last.users)) the tokens are \(CostModel.number(dearest.cost / last.azureTotal, 1))× the Azure total with \(dearest.model) (\(CostModel.number(dearest.inputTokens / 1e6)) M input and \(CostModel.number(dearest.outputTokens / 1e6, 1)) M output tokens).")
        }
        return findings
    }

    // MARK: Markdown

    /// The report as Markdown.
    public func markdown() -> String {
        var out: [String] = []
        let confirmed = prices.prices.filter(\.confirmed).count
        out.append("# daibai-cost: the seed's cost table checked")
        out.append("")
        out.append("Unit prices: `\(pricesPath)` — \(prices.prices.count) prices, \(confirmed) confirmed by search, \(prices.prices.count - confirmed) best-known (marked † below). USD a month, list prices, \(prices.prices.first?.region ?? "East US").")
        out.append("")
        out.append("## The seed's table (verbatim)")
        out.append("")
        out.append("Source: \(seed.source)")
        out.append("")
        out.append(contentsOf: seed.header)
        out.append(contentsOf: seed.rows.map(\.markdown))
        out.append("")
        out.append("## This model")
        out.append("")
        out.append("| Users | Compute (Functions) | Data (Cosmos/SQL) | Security (B2C/Vault) | Not in the seed's columns | Total Azure/Mo | LLM tokens/Mo (separate) |")
        out.append("|---|---|---|---|---|---|---|")
        for estimate in estimates {
            let llm = estimate.llm.map { "\(money($0.cost)) \($0.model)" }.joined(separator: " · ")
            out.append("| \(CostModel.number(Double(estimate.users))) | \(money(estimate.total(.compute))) | \(money(estimate.total(.data))) | \(money(estimate.total(.security))) | \(money(estimate.total(.notInSeed))) | **\(money(estimate.azureTotal))** | \(llm) |")
        }
        out.append("")
        out.append("## Seed beside the model")
        out.append("")
        out.append("| Users | Column | Seed | Model | Model − seed | The seed is |")
        out.append("|---|---|---|---|---|---|")
        for estimate in estimates {
            guard let row = seed.row(users: estimate.users) else { continue }
            for column in [SeedColumn.compute, .data, .security] {
                let value = estimate.total(column)
                let verdict = SeedVerdict.compare(seedLow: row.value(column), seedHigh: row.value(column), model: value, openEnded: column == .data && row.openEnded)
                out.append("| \(CostModel.number(Double(row.users))) | \(column.title) | \(money(row.value(column))) | \(money(value)) | \(signedMoney(value - row.value(column))) | \(verdict.rawValue) |")
            }
            out.append("| \(CostModel.number(Double(row.users))) | Not in the seed's columns | — | \(money(estimate.total(.notInSeed))) | \(signedMoney(estimate.total(.notInSeed))) | missing |")
            let verdict = SeedVerdict.compare(seedLow: row.totalLow, seedHigh: row.totalHigh, model: estimate.azureTotal, openEnded: row.openEnded)
            out.append("| \(CostModel.number(Double(row.users))) | **Total** | \(totalText(row)) | **\(money(estimate.azureTotal))** | \(signedMoney(estimate.azureTotal - row.totalHigh)) | \(verdict.rawValue) |")
        }
        let missing = estimates.filter { seed.row(users: $0.users) == nil }.map { CostModel.number(Double($0.users)) }
        if !missing.isEmpty { out.append(""); out.append("The seed has no row for \(missing.joined(separator: ", ")) users.") }
        out.append("")
        out.append("## Where the seed is off")
        out.append("")
        out.append(contentsOf: findings.map { "- " + $0 })
        out.append("")
        out.append("## Per service")
        for estimate in estimates {
            out.append("")
            out.append("### \(users(estimate.users)) (\(CostModel.number(estimate.usage.activeUsers, estimate.usage.activeUsers < 10 ? 1 : 0)) active, \(CostModel.number(estimate.usage.questions)) questions, \(CostModel.number(estimate.usage.tenants)) tenant\(estimate.usage.tenants == 1 ? "" : "s"))")
            out.append("")
            out.append("| Service | Item | Quantity | Free grant | Cost/Mo | How |")
            out.append("|---|---|---|---|---|---|")
            for line in estimate.lines {
                let dagger = line.priceID.flatMap { id in prices.prices.first { $0.id == id } }.map { $0.confirmed ? "" : " †" } ?? ""
                out.append("| \(line.service) | \(line.item)\(dagger) | \(quantity(line.quantity)) \(line.unit) | \(line.freeGrant > 0 ? quantity(line.freeGrant) : "—") | \(money(line.cost)) | \(line.note) |")
            }
            for line in estimate.llm {
                out.append("| LLM (separate) | \(line.model) tokens | \(quantity(line.inputTokens)) in, \(quantity(line.outputTokens)) out | — | \(money(line.cost)) | not in the Azure total |")
            }
        }
        out.append("")
        out.append("## Measured by daibai-cost")
        out.append("")
        out.append("| Figure | Value |")
        out.append("|---|---|")
        let m = measurements
        let rows: [(String, String)] = [
            ("Cosmos DB RU per ask starting a conversation", CostModel.number(m.cosmosRUPerNewConversationAsk, 2) + " RU (\(CostModel.number(m.cosmosRequestsPerNewConversationAsk)) requests)"),
            ("Cosmos DB RU per follow-up ask", CostModel.number(m.cosmosRUPerFollowUpAsk, 2) + " RU (\(CostModel.number(m.cosmosRequestsPerFollowUpAsk)) requests)"),
            ("Cosmos DB RU per conversation list", CostModel.number(m.cosmosRUPerListRequest, 2) + " RU"),
            ("Cosmos DB bytes stored per ask", CostModel.number(m.cosmosStoredBytesPerAsk) + " bytes"),
            ("Telemetry per ask (spans, logs), uncompressed JSON", CostModel.number(m.telemetryBytesPerAsk) + " bytes in \(CostModel.number(m.telemetryEnvelopesPerAsk, 1)) envelopes"),
            ("Telemetry per ask as sent (gzip)", CostModel.number(m.telemetryGzipBytesPerAsk) + " bytes"),
            ("Metrics snapshot per instance", CostModel.number(m.telemetryMetricBytesPerSnapshot) + " bytes every \(CostModel.number(m.telemetryMetricIntervalSeconds)) s"),
            ("Execution time, verified-cache ask", CostModel.number(m.secondsPerCacheAsk * 1000, 2) + " ms"),
            ("Execution time, model-path ask without the model", CostModel.number(m.secondsPerModelAskWithoutModel * 1000, 2) + " ms"),
            ("Prompt per model call (sample database)", CostModel.number(m.promptCharactersPerModelCall) + " characters ≈ \(CostModel.number(m.inputTokensPerModelCall)) tokens"),
            ("Key Vault reads per secret-hour, continuous use", CostModel.number(m.keyVaultReadsPerSecretHour) + " (cache TTL \(CostModel.number(m.keyVaultCacheTTLSeconds)) s)"),
            ("App Configuration requests per reload", CostModel.number(m.appConfigRequestsPerRefresh) + " every \(CostModel.number(m.appConfigRefreshSeconds)) s"),
        ]
        out.append(contentsOf: rows.map { "| \($0.0) | \($0.1) |" })
        out.append("")
        out.append("How:")
        out.append(contentsOf: m.methods.map { "- " + $0 })
        out.append("")
        out.append("## Assumed (usage profile)")
        out.append("")
        out.append("| Assumption | Value | Unit | Why |")
        out.append("|---|---|---|---|")
        out.append(contentsOf: assumptions.map { "| \($0.name) | \(quantity($0.value)) | \($0.unit) | \($0.justification) |" })
        out.append("")
        out.append("Model:")
        out.append(contentsOf: modelNotes.map { "- " + $0 })
        out.append("")
        out.append("## Unit prices")
        out.append("")
        out.append(contentsOf: prices.notes.map { "- " + $0 })
        out.append("")
        out.append("| Id | Service | Meter | Price | Free grant | Source | Retrieved | Confirmed |")
        out.append("|---|---|---|---|---|---|---|---|")
        for price in prices.prices {
            let per = price.unitSize == 1 ? price.unit : "\(CostModel.number(price.unitSize)) \(price.unit)"
            let grant = price.freeGrantPeriod == .none ? "—" : "\(CostModel.number(price.freeGrant)) / \(price.freeGrantPeriod.rawValue)"
            out.append("| \(price.id) | \(price.service) | \(price.meter) | $\(priceText(price.price)) per \(per) | \(grant) | \(price.source) | \(price.retrieved) | \(price.confirmed ? "yes" : "no †") |")
        }
        let unconfirmed = prices.prices.filter { !$0.confirmed }
        if !unconfirmed.isEmpty {
            out.append("")
            out.append("Not confirmed by search (best-known values):")
            out.append(contentsOf: unconfirmed.map { "- `\($0.id)`: \($0.note ?? "")" })
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// The report as JSON (sorted keys, pretty-printed).
    public func json() throws(CostModelError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
        } catch {
            throw .invalidArgument("the report could not be encoded as JSON: \(error)")
        }
    }

    // MARK: Formatting

    /// `$1,234.56`; amounts between 0 and a cent as `<$0.01`.
    public static func money(_ value: Double) -> String {
        if value > 0 && value < 0.005 { return "<$0.01" }
        return "$" + CostModel.number(value, 2)
    }

    private func money(_ value: Double) -> String { Self.money(value) }
    private static func users(_ count: Int) -> String { "\(CostModel.number(Double(count))) user\(count == 1 ? "" : "s")" }
    private func users(_ count: Int) -> String { Self.users(count) }

    private func signedMoney(_ value: Double) -> String {
        value < 0 ? "−" + Self.money(-value) : "+" + Self.money(value)
    }

    private static func totalText(_ row: SeedTable.Row) -> String {
        (row.totalLow == row.totalHigh ? "~\(money(row.totalLow))" : "~\(money(row.totalLow)) – \(money(row.totalHigh))") + (row.openEnded ? "+" : "")
    }

    private func totalText(_ row: SeedTable.Row) -> String { Self.totalText(row) }

    private static func ratioText(seed: Double, model: Double) -> String {
        guard seed > 0, model > 0 else { return "" }
        return model >= seed
            ? ", the model is ×\(CostModel.number(model / seed, 1)) the seed"
            : ", the seed is ×\(CostModel.number(seed / model, seed / model >= 10 ? 0 : 1)) the model"
    }

    private func quantity(_ value: Double) -> String {
        if value == 0 { return "0" }
        if abs(value) < 10 { return CostModel.number(value, abs(value) < 0.1 ? 4 : 2) }
        return CostModel.number(value)
    }

    private func priceText(_ value: Double) -> String {
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text += "00" }
        if let dot = text.firstIndex(of: "."), text.distance(from: dot, to: text.endIndex) == 2 { text += "0" }
        return text
    }
}
