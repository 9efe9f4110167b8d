import Foundation

/// Users → monthly cost per service line, from published unit prices, an assumed usage profile
/// and measured per-request figures.
///
/// - Functions (Flex Consumption, on demand): an instance is billed for its memory while it is
///   executing, at least 1 s per activity period, then in 100 ms steps; executions that overlap
///   on one instance share that time. Questions arrive at random (Poisson) during
///   ``UsageProfile/activeHoursPerMonth``; with `L` executions in flight on average, one
///   instance is busy in periods that start `λ·e^(−L)` times a second and last `(e^L − 1)/λ`
///   (the M/G/∞ busy period); when `L` exceeds what the busy periods cover, `L / concurrency`
///   instances are busy all the time. A model-path execution is in flight for the model's
///   latency too. The `MeterDrain` timer adds one execution a minute, billed 1 s each, and keeps
///   one instance alive all month (so App Configuration is polled all month).
/// - Cosmos DB serverless: the measured RU of each kind of ask and of a list request; storage is
///   a year of the measured bytes per ask.
/// - Key Vault: reads per secret per cache TTL per instance (not per request), App Configuration
///   Key Vault references on every reload, the Stripe key on drains with pending events.
/// - App Configuration: reloads every refresh interval per instance-hour, each the measured
///   number of requests; the Free tier while within its daily quota, else Standard.
/// - Application Insights: the measured uncompressed JSON bytes, times the billed share.
/// - LLM tokens: a separate line per model, not in the Azure total.
public struct CostModel: Sendable {
    /// The unit prices.
    public let prices: UnitPrices
    /// The usage assumptions.
    public let profile: UsageProfile
    /// The measured per-request figures.
    public let measurements: Measurements

    /// The LLM models priced, as (name, input price id, output price id).
    public static let llmModels = [
        ("gpt-4o-mini", "llm.openai.gpt-4o-mini.input", "llm.openai.gpt-4o-mini.output"),
        ("Claude Sonnet", "llm.anthropic.claude-sonnet.input", "llm.anthropic.claude-sonnet.output"),
    ]

    /// Creates a model, checking the profile and the measurements.
    public init(prices: UnitPrices, profile: UsageProfile, measurements: Measurements) throws(CostModelError) {
        try profile.validate()
        try measurements.validate()
        try prices.validate()
        self.prices = prices
        self.profile = profile
        self.measurements = measurements
    }

    /// The estimates for each of `userCounts`.
    public func estimates(for userCounts: [Int]) throws(CostModelError) -> [MonthlyEstimate] {
        var result: [MonthlyEstimate] = []
        for users in userCounts { result.append(try estimate(users: users)) }
        return result
    }

    /// The monthly estimate for `users` registered users.
    public func estimate(users: Int) throws(CostModelError) -> MonthlyEstimate {
        guard users >= 0 else { throw .invalidArgument("the number of users must not be negative, got \(users)") }
        let p = profile
        let m = measurements
        let userCount = Double(users)
        let tenants = users == 0 ? 0 : (userCount / p.usersPerTenant).rounded(.up)
        let active = userCount * p.activeUserShare
        let questions = active * p.questionsPerActiveUser
        let cacheQuestions = questions * p.verifiedCacheShare
        let modelQuestions = questions - cacheQuestions
        let newConversations = questions * p.newConversationShare
        let followUps = questions - newConversations
        let other = questions * p.otherRequestsPerQuestion
        let httpExecutions = questions + other
        let activeSeconds = p.activeHoursPerMonth * 3600

        // Functions: busy instance time during active hours.
        let cosmosRequestsPerAsk = p.newConversationShare * m.cosmosRequestsPerNewConversationAsk
            + (1 - p.newConversationShare) * m.cosmosRequestsPerFollowUpAsk
        let storeSeconds = cosmosRequestsPerAsk * p.cosmosLatencySeconds
        let cacheSeconds = m.secondsPerCacheAsk + storeSeconds
        let modelSeconds = m.secondsPerModelAskWithoutModel + storeSeconds + p.modelLatencySeconds * p.modelAttemptsPerQuestion
        let otherSeconds = m.secondsPerCacheAsk + p.cosmosLatencySeconds
        let busySeconds = cacheQuestions * cacheSeconds + modelQuestions * modelSeconds + other * otherSeconds
        let rate = httpExecutions / activeSeconds
        let load = rate * (httpExecutions > 0 ? busySeconds / httpExecutions : 0)
        let billedHTTP = Self.billedInstanceSeconds(rate: rate, load: load, window: activeSeconds, concurrency: p.perInstanceConcurrency)
        let timerExecutions = CostCalendar.secondsPerMonth / p.meterDrainIntervalSeconds
        let billedTimer = timerExecutions * Self.billedPeriod(p.meterDrainSeconds)
        let billedSeconds = billedHTTP + billedTimer
        let gbSeconds = billedSeconds * p.instanceMemoryGB
        let instancesWhenActive = max(1, (load / p.perInstanceConcurrency).rounded(.up))
        let instanceHours = CostCalendar.hoursPerMonth + p.activeHoursPerMonth * (instancesWhenActive - 1)

        var lines: [CostLine] = []
        let flexTime = try prices.price("functions.flex.ondemand.gbs")
        lines.append(CostLine(
            service: "Azure Functions (Flex Consumption)", item: "execution time", priceID: flexTime.id,
            quantity: gbSeconds, unit: "GB-s", freeGrant: flexTime.monthlyFreeGrant, cost: flexTime.monthlyCost(quantity: gbSeconds),
            column: .compute,
            note: "executions in flight \(Self.number(cacheSeconds, 3)) s (cache path), \(Self.number(modelSeconds, 3)) s (model path), \(Self.number(otherSeconds, 3)) s (other); \(Self.number(billedHTTP)) s billed for HTTP (mean \(Self.number(load, 3)) in flight, \(Self.number(instancesWhenActive)) instance(s) when active) + \(Self.number(billedTimer)) s for the timer (1 s minimum each), × \(Self.number(p.instanceMemoryGB)) GB"))
        let flexExecutions = try prices.price("functions.flex.ondemand.executions")
        let executions = httpExecutions + timerExecutions
        lines.append(CostLine(
            service: "Azure Functions (Flex Consumption)", item: "executions", priceID: flexExecutions.id,
            quantity: executions, unit: "executions", freeGrant: flexExecutions.monthlyFreeGrant,
            cost: flexExecutions.monthlyCost(quantity: executions), column: .compute,
            note: "\(Self.number(httpExecutions)) HTTP + \(Self.number(timerExecutions)) MeterDrain timer runs"))

        // Cosmos DB.
        let ru = newConversations * m.cosmosRUPerNewConversationAsk + followUps * m.cosmosRUPerFollowUpAsk + other * m.cosmosRUPerListRequest
        let ruPrice = try prices.price("cosmos.serverless.ru")
        lines.append(CostLine(
            service: "Azure Cosmos DB (serverless)", item: "request units", priceID: ruPrice.id, quantity: ru, unit: "RU",
            freeGrant: ruPrice.monthlyFreeGrant, cost: ruPrice.monthlyCost(quantity: ru), column: .data,
            note: "\(Self.number(newConversations)) new-conversation asks × \(Self.number(m.cosmosRUPerNewConversationAsk, 2)) RU + \(Self.number(followUps)) follow-ups × \(Self.number(m.cosmosRUPerFollowUpAsk, 2)) RU + \(Self.number(other)) list requests × \(Self.number(m.cosmosRUPerListRequest, 2)) RU"))
        let storageGB = questions * m.cosmosStoredBytesPerAsk * p.historyRetentionMonths / 1e9
        let storagePrice = try prices.price("cosmos.serverless.storage")
        lines.append(CostLine(
            service: "Azure Cosmos DB (serverless)", item: "storage", priceID: storagePrice.id, quantity: storageGB, unit: "GB-month",
            freeGrant: storagePrice.monthlyFreeGrant, cost: storagePrice.monthlyCost(quantity: storageGB), column: .data,
            note: "\(Self.number(p.historyRetentionMonths)) months × \(Self.number(questions)) asks × \(Self.number(m.cosmosStoredBytesPerAsk)) bytes"))

        // Key Vault.
        let readsPerReferenceHour = min(m.keyVaultReadsPerSecretHour, 3600 / m.appConfigRefreshSeconds)
        let fromAppConfig = p.keyVaultReferencesInAppConfig * instanceHours * readsPerReferenceHour
        let ttl = m.keyVaultCacheTTLSeconds
        let perTenantRate = tenants > 0 ? questions / tenants / activeSeconds / instancesWhenActive : 0
        let windows = activeSeconds / ttl
        let fromAsks = tenants * p.tenantSecretsPerAsk * instancesWhenActive * windows * (1 - exp(-perTenantRate * ttl))
        let questionRate = questions / activeSeconds
        let drainsWithEvents = p.activeHoursPerMonth * 3600 / p.meterDrainIntervalSeconds * (1 - exp(-questionRate * p.meterDrainIntervalSeconds))
        let fromDrain = drainsWithEvents * min(1, p.meterDrainIntervalSeconds / ttl)
        let keyVaultOps = fromAppConfig + fromAsks + fromDrain
        let withoutCache = questions * p.tenantSecretsPerAsk + drainsWithEvents
            + p.keyVaultReferencesInAppConfig * instanceHours * 3600 / m.appConfigRefreshSeconds
        let vault = try prices.price("keyvault.standard.operations")
        lines.append(CostLine(
            service: "Azure Key Vault", item: "secret operations", priceID: vault.id, quantity: keyVaultOps, unit: "operations",
            freeGrant: vault.monthlyFreeGrant, cost: vault.monthlyCost(quantity: keyVaultOps), column: .security,
            note: "\(Self.number(fromAppConfig)) from \(Self.number(p.keyVaultReferencesInAppConfig)) App Configuration references over \(Self.number(instanceHours)) instance-hours, \(Self.number(fromAsks)) tenant-secret reads (cache TTL \(Self.number(ttl)) s), \(Self.number(fromDrain)) Stripe-key reads; \(Self.number(withoutCache)) without the cache"))

        // Entra External ID.
        let mau = try prices.price("entra.externalid.mau")
        lines.append(CostLine(
            service: "Microsoft Entra External ID", item: "monthly active users", priceID: mau.id, quantity: active, unit: "MAU",
            freeGrant: mau.monthlyFreeGrant, cost: mau.monthlyCost(quantity: active), column: .security,
            note: "billed per monthly active user, not per sign-in"))

        // App Configuration.
        let appConfigRequests = instanceHours * 3600 / m.appConfigRefreshSeconds * m.appConfigRequestsPerRefresh
        let perDay = appConfigRequests / CostCalendar.daysPerMonth
        let free = try prices.price("appconfig.free.requests")
        let refreshForFree = instanceHours * 3600 * m.appConfigRequestsPerRefresh / (free.freeGrant * CostCalendar.daysPerMonth)
        if perDay <= free.freeGrant {
            lines.append(CostLine(
                service: "Azure App Configuration", item: "Free tier requests", priceID: free.id, quantity: appConfigRequests,
                unit: "requests", freeGrant: free.monthlyFreeGrant, cost: 0, column: .notInSeed,
                note: "\(Self.number(perDay)) a day, within the Free tier's \(Self.number(free.freeGrant))"))
        } else {
            let store = try prices.price("appconfig.standard.store")
            let overage = try prices.price("appconfig.standard.requests")
            lines.append(CostLine(
                service: "Azure App Configuration", item: "Standard store", priceID: store.id, quantity: CostCalendar.daysPerMonth,
                unit: "store-days", freeGrant: 0, cost: store.monthlyCost(quantity: CostCalendar.daysPerMonth), column: .notInSeed,
                note: "\(Self.number(perDay)) requests a day exceed the Free tier's \(Self.number(free.freeGrant)) (reload every \(Self.number(m.appConfigRefreshSeconds)) s × \(Self.number(m.appConfigRequestsPerRefresh)) requests × \(Self.number(instanceHours)) instance-hours)"))
            lines.append(CostLine(
                service: "Azure App Configuration", item: "Standard requests", priceID: overage.id, quantity: appConfigRequests,
                unit: "requests", freeGrant: overage.monthlyFreeGrant, cost: overage.monthlyCost(quantity: appConfigRequests),
                column: .notInSeed, note: "\(Self.number(overage.freeGrant)) a day included"))
        }

        // Azure Relay.
        let relayTenants = tenants * p.relayTenantShare
        let listenerHours = relayTenants * p.listenersPerRelayTenant * CostCalendar.hoursPerMonth
        let listener = try prices.price("relay.hybrid.listener")
        lines.append(CostLine(
            service: "Azure Relay (Hybrid Connections)", item: "listener hours", priceID: listener.id, quantity: listenerHours,
            unit: "listener-hours", freeGrant: listener.monthlyFreeGrant, cost: listener.monthlyCost(quantity: listenerHours),
            column: .notInSeed,
            note: "\(Self.number(relayTenants, 2)) relay tenants (expected: \(Self.number(tenants)) tenants × \(Self.number(p.relayTenantShare, 2))), listening all month"))
        let relayGB = questions * p.relayTenantShare * p.relayKilobytesPerQuestion / 1e6
        let relayData = try prices.price("relay.hybrid.data")
        lines.append(CostLine(
            service: "Azure Relay (Hybrid Connections)", item: "data", priceID: relayData.id, quantity: relayGB, unit: "GB",
            freeGrant: relayData.monthlyFreeGrant, cost: relayData.monthlyCost(quantity: relayGB), column: .notInSeed,
            note: "\(Self.number(p.relayKilobytesPerQuestion)) KB per relayed question"))

        // Application Insights.
        let askBytes = questions * m.telemetryBytesPerAsk
        let otherBytes = (other + timerExecutions) * m.telemetryBytesPerAsk * p.otherRequestTelemetryShare
        let metricBytes = instanceHours * 3600 / m.telemetryMetricIntervalSeconds * m.telemetryMetricBytesPerSnapshot
        let telemetryGB = (askBytes + otherBytes + metricBytes) * p.billedShareOfTelemetryJSON / 1e9
        let gzipRatio = m.telemetryBytesPerAsk > 0 ? m.telemetryGzipBytesPerAsk / m.telemetryBytesPerAsk : 0
        let telemetryGzipGB = (askBytes + otherBytes + metricBytes) * gzipRatio / 1e9
        let ingestion = try prices.price("loganalytics.analytics.ingestion")
        lines.append(CostLine(
            service: "Application Insights (Log Analytics)", item: "data ingested", priceID: ingestion.id, quantity: telemetryGB,
            unit: "GB", freeGrant: ingestion.monthlyFreeGrant, cost: ingestion.monthlyCost(quantity: telemetryGB), column: .notInSeed,
            note: "asks \(Self.number(askBytes / 1e9, 3)) GB + other requests and timer runs \(Self.number(otherBytes / 1e9, 3)) GB + metrics \(Self.number(metricBytes / 1e9, 3)) GB of JSON, × \(Self.number(p.billedShareOfTelemetryJSON, 2)) billed"))

        // API Management, Static Web Apps, Storage.
        if p.usesAPIManagement {
            let apim = try prices.price("apim.consumption.calls")
            lines.append(CostLine(
                service: "Azure API Management (Consumption)", item: "calls", priceID: apim.id, quantity: httpExecutions, unit: "calls",
                freeGrant: apim.monthlyFreeGrant, cost: apim.monthlyCost(quantity: httpExecutions), column: .notInSeed,
                note: "every API request passes the gateway"))
        }
        let standardWeb = userCount >= p.staticWebAppsStandardFromUsers
        let web = try prices.price("staticwebapps.standard")
        lines.append(CostLine(
            service: "Azure Static Web Apps", item: standardWeb ? "Standard plan" : "Free plan", priceID: standardWeb ? web.id : nil,
            quantity: 1, unit: "app-months", freeGrant: 0, cost: standardWeb ? web.monthlyCost(quantity: 1) : 0, column: .notInSeed,
            note: standardWeb ? "Standard from \(Self.number(p.staticWebAppsStandardFromUsers)) users" : "Free plan below \(Self.number(p.staticWebAppsStandardFromUsers)) users"))
        let blob = try prices.price("storage.blob.hot.lrs")
        lines.append(CostLine(
            service: "Azure Storage", item: "Functions host storage", priceID: blob.id, quantity: p.functionsStorageGB, unit: "GB-month",
            freeGrant: 0, cost: blob.monthlyCost(quantity: p.functionsStorageGB), column: .notInSeed,
            note: "negligible; transactions (timer lease, host) not modelled"))

        // LLM tokens, kept apart.
        let calls = modelQuestions * p.modelAttemptsPerQuestion
        let inputTokens = calls * m.inputTokensPerModelCall * p.promptSizeFactor
        let outputTokens = calls * p.outputTokensPerCall
        var llm: [LLMCostLine] = []
        for (name, inputID, outputID) in Self.llmModels {
            let input = try prices.price(inputID)
            let output = try prices.price(outputID)
            llm.append(LLMCostLine(
                model: name, inputTokens: inputTokens, outputTokens: outputTokens,
                cost: input.monthlyCost(quantity: inputTokens) + output.monthlyCost(quantity: outputTokens)))
        }

        let usage = UsageQuantities(
            users: userCount, tenants: tenants, activeUsers: active, questions: questions, cacheQuestions: cacheQuestions,
            modelQuestions: modelQuestions, newConversations: newConversations, followUps: followUps, otherRequests: other,
            httpExecutions: httpExecutions, timerExecutions: timerExecutions, timerGBSeconds: billedTimer * p.instanceMemoryGB, meanConcurrency: load,
            instancesWhenActive: instancesWhenActive, billedInstanceSeconds: billedSeconds, instanceHours: instanceHours,
            appConfigRequestsPerDay: perDay, appConfigRefreshSecondsForFreeTier: refreshForFree,
            keyVaultOpsFromAppConfig: fromAppConfig, keyVaultOpsFromAsks: fromAsks, keyVaultOpsFromMeterDrain: fromDrain,
            keyVaultOpsWithoutCache: withoutCache, telemetryGB: telemetryGB, telemetryGzipGB: telemetryGzipGB)
        return MonthlyEstimate(users: users, usage: usage, lines: lines, llm: llm)
    }

    /// The billed length of one activity period of `seconds`: at least 1 s, then rounded up to 100 ms.
    public static func billedPeriod(_ seconds: Double) -> Double {
        max(1, (max(0, seconds) * 10).rounded(.up) / 10)
    }

    /// Billed instance-seconds in `window` seconds with executions arriving at `rate` per second
    /// and `load` of them in flight on average, `concurrency` per instance.
    ///
    /// One instance: busy periods start `rate·e^(−load)` times a second and last `(e^load − 1)/rate`
    /// on average (M/G/∞), each billed ``billedPeriod(_:)``. Several instances: `load / concurrency`
    /// of them busy throughout. The larger of the two.
    public static func billedInstanceSeconds(rate: Double, load: Double, window: Double, concurrency: Double) -> Double {
        guard rate > 0, load > 0, window > 0 else { return 0 }
        let capped = min(load, 50)
        let periods = rate * exp(-capped) * window
        let periodLength = (exp(capped) - 1) / rate
        let single = periods * billedPeriod(periodLength)
        let several = window * load / concurrency
        return max(single, several)
    }

    /// `value` with `decimals` decimals and thousands separators (`1,234.5`), independent of the locale.
    public static func number(_ value: Double, _ decimals: Int = 0) -> String {
        guard value.isFinite else { return "\(value)" }
        let text = String(format: "%.\(max(0, decimals))f", abs(value))
        let parts = text.split(separator: ".", maxSplits: 1)
        var grouped = ""
        for (index, digit) in String(parts.first ?? "0").reversed().enumerated() {
            if index > 0 && index % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        let negative = value < 0 && text.contains { $0 != "0" && $0 != "." }
        return (negative ? "-" : "") + String(grouped.reversed()) + (parts.count > 1 ? "." + parts[1] : "")
    }
}
