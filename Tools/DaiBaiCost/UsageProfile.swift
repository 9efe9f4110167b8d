/// One assumption of the model, with its value and a one-line reason.
public struct Assumption: Sendable, Codable, Equatable {
    /// The parameter's name, as in ``UsageProfile``.
    public var name: String
    /// Its value.
    public var value: Double
    /// The unit of ``value``.
    public var unit: String
    /// Why this value.
    public var justification: String

    /// Creates an assumption.
    public init(name: String, value: Double, unit: String, justification: String) {
        self.name = name
        self.value = value
        self.unit = unit
        self.justification = justification
    }
}

/// How users use the service in a month: everything the model assumes rather than measures.
///
/// Every field is listed, with its justification, by ``assumptions``.
public struct UsageProfile: Sendable, Codable, Equatable {
    /// Share of registered users who ask at least one question in a month (the MAU share).
    public var activeUserShare: Double
    /// Questions an active user asks in a month.
    public var questionsPerActiveUser: Double
    /// Share of questions answered from the verified-query cache (no model call).
    public var verifiedCacheShare: Double
    /// Share of questions that start a new conversation (the rest continue one).
    public var newConversationShare: Double
    /// Other API requests per question (list conversations, open one, list databases).
    public var otherRequestsPerQuestion: Double
    /// Users per tenant (organisation).
    public var usersPerTenant: Double
    /// Share of tenants whose databases are behind a firewall and reached through Azure Relay.
    public var relayTenantShare: Double
    /// Hybrid-connection listeners per relay tenant (one relay agent, always connected).
    public var listenersPerRelayTenant: Double
    /// Kilobytes a relayed question moves through the relay (query and result rows).
    public var relayKilobytesPerQuestion: Double
    /// Seconds the model takes to answer, during which the execution is in flight and billed.
    public var modelLatencySeconds: Double
    /// Model calls per model-path question (self-correction retries included).
    public var modelAttemptsPerQuestion: Double
    /// Seconds one Cosmos DB request takes in the region (added per measured request of an ask).
    public var cosmosLatencySeconds: Double
    /// Output tokens per model call.
    public var outputTokensPerCall: Double
    /// Input tokens per model call on a real tenant's schema, as a multiple of the measured sample prompt.
    public var promptSizeFactor: Double
    /// Instance memory of the Flex Consumption app, in GB.
    public var instanceMemoryGB: Double
    /// Concurrent executions one instance serves (Flex per-instance HTTP concurrency).
    public var perInstanceConcurrency: Double
    /// Hours a month over which the questions are spread (busy hours).
    public var activeHoursPerMonth: Double
    /// Seconds between runs of the `MeterDrain` timer function.
    public var meterDrainIntervalSeconds: Double
    /// Seconds a `MeterDrain` execution takes.
    public var meterDrainSeconds: Double
    /// Key Vault references among the App Configuration keys (resolved on every reload).
    public var keyVaultReferencesInAppConfig: Double
    /// Tenant secrets an ask reads (database connection string, tenant model key).
    public var tenantSecretsPerAsk: Double
    /// Months of conversation history kept in Cosmos DB.
    public var historyRetentionMonths: Double
    /// Billed Log Analytics bytes as a share of the uncompressed JSON sent.
    public var billedShareOfTelemetryJSON: Double
    /// Telemetry of a request other than an ask, as a share of an ask's.
    public var otherRequestTelemetryShare: Double
    /// Users from which the web front end moves to the Static Web Apps Standard plan.
    public var staticWebAppsStandardFromUsers: Double
    /// GB kept in the Functions host's storage account.
    public var functionsStorageGB: Double
    /// Whether API Management (Consumption) fronts the Functions app, as the seed's diagram has it.
    public var usesAPIManagement: Bool

    /// Creates a profile.
    public init(
        activeUserShare: Double, questionsPerActiveUser: Double, verifiedCacheShare: Double, newConversationShare: Double,
        otherRequestsPerQuestion: Double, usersPerTenant: Double, relayTenantShare: Double, listenersPerRelayTenant: Double,
        relayKilobytesPerQuestion: Double, modelLatencySeconds: Double, modelAttemptsPerQuestion: Double, cosmosLatencySeconds: Double,
        outputTokensPerCall: Double, promptSizeFactor: Double, instanceMemoryGB: Double, perInstanceConcurrency: Double,
        activeHoursPerMonth: Double, meterDrainIntervalSeconds: Double, meterDrainSeconds: Double,
        keyVaultReferencesInAppConfig: Double, tenantSecretsPerAsk: Double, historyRetentionMonths: Double,
        billedShareOfTelemetryJSON: Double, otherRequestTelemetryShare: Double, staticWebAppsStandardFromUsers: Double,
        functionsStorageGB: Double, usesAPIManagement: Bool
    ) {
        self.activeUserShare = activeUserShare
        self.questionsPerActiveUser = questionsPerActiveUser
        self.verifiedCacheShare = verifiedCacheShare
        self.newConversationShare = newConversationShare
        self.otherRequestsPerQuestion = otherRequestsPerQuestion
        self.usersPerTenant = usersPerTenant
        self.relayTenantShare = relayTenantShare
        self.listenersPerRelayTenant = listenersPerRelayTenant
        self.relayKilobytesPerQuestion = relayKilobytesPerQuestion
        self.modelLatencySeconds = modelLatencySeconds
        self.modelAttemptsPerQuestion = modelAttemptsPerQuestion
        self.cosmosLatencySeconds = cosmosLatencySeconds
        self.outputTokensPerCall = outputTokensPerCall
        self.promptSizeFactor = promptSizeFactor
        self.instanceMemoryGB = instanceMemoryGB
        self.perInstanceConcurrency = perInstanceConcurrency
        self.activeHoursPerMonth = activeHoursPerMonth
        self.meterDrainIntervalSeconds = meterDrainIntervalSeconds
        self.meterDrainSeconds = meterDrainSeconds
        self.keyVaultReferencesInAppConfig = keyVaultReferencesInAppConfig
        self.tenantSecretsPerAsk = tenantSecretsPerAsk
        self.historyRetentionMonths = historyRetentionMonths
        self.billedShareOfTelemetryJSON = billedShareOfTelemetryJSON
        self.otherRequestTelemetryShare = otherRequestTelemetryShare
        self.staticWebAppsStandardFromUsers = staticWebAppsStandardFromUsers
        self.functionsStorageGB = functionsStorageGB
        self.usesAPIManagement = usesAPIManagement
    }

    /// The profile the report uses unless told otherwise.
    public static let standard = UsageProfile(
        activeUserShare: 0.6, questionsPerActiveUser: 40, verifiedCacheShare: 0.3, newConversationShare: 0.4,
        otherRequestsPerQuestion: 1, usersPerTenant: 5, relayTenantShare: 0.2, listenersPerRelayTenant: 1,
        relayKilobytesPerQuestion: 20, modelLatencySeconds: 3, modelAttemptsPerQuestion: 1.1, cosmosLatencySeconds: 0.006,
        outputTokensPerCall: 150, promptSizeFactor: 3, instanceMemoryGB: 2, perInstanceConcurrency: 16,
        activeHoursPerMonth: 220, meterDrainIntervalSeconds: 60, meterDrainSeconds: 0.05,
        keyVaultReferencesInAppConfig: 2, tenantSecretsPerAsk: 2, historyRetentionMonths: 12,
        billedShareOfTelemetryJSON: 0.75, otherRequestTelemetryShare: 0.25, staticWebAppsStandardFromUsers: 100,
        functionsStorageGB: 1, usesAPIManagement: true)

    /// Checks shares are within 0…1 and counts and durations are not negative.
    public func validate() throws(CostModelError) {
        for assumption in assumptions where assumption.value < 0 {
            throw .invalidArgument("\(assumption.name) must not be negative, got \(assumption.value)")
        }
        for (name, share) in [
            ("activeUserShare", activeUserShare), ("verifiedCacheShare", verifiedCacheShare),
            ("newConversationShare", newConversationShare), ("relayTenantShare", relayTenantShare),
            ("billedShareOfTelemetryJSON", billedShareOfTelemetryJSON),
        ] where share > 1 {
            throw .invalidArgument("\(name) is a share and must be at most 1, got \(share)")
        }
        guard usersPerTenant >= 1, perInstanceConcurrency >= 1, activeHoursPerMonth > 0, activeHoursPerMonth <= CostCalendar.hoursPerMonth,
              meterDrainIntervalSeconds > 0, instanceMemoryGB > 0
        else {
            throw .invalidArgument("usersPerTenant and perInstanceConcurrency must be at least 1; activeHoursPerMonth within 0…730; meterDrainIntervalSeconds and instanceMemoryGB positive")
        }
    }

    /// Every assumption with its value, unit and justification, in the report's order.
    public var assumptions: [Assumption] {
        [
            Assumption(name: "activeUserShare", value: activeUserShare, unit: "share of users",
                justification: "B2B seats: most but not all users ask something in a month; this is also the External ID MAU share."),
            Assumption(name: "questionsPerActiveUser", value: questionsPerActiveUser, unit: "questions / active user-month",
                justification: "About two questions per working day from an analyst who uses the tool regularly."),
            Assumption(name: "verifiedCacheShare", value: verifiedCacheShare, unit: "share of questions",
                justification: "Recurring report questions hit the verified-query library; new questions go to the model."),
            Assumption(name: "newConversationShare", value: newConversationShare, unit: "share of questions",
                justification: "A conversation has two to three questions on average (one new, 1.5 follow-ups)."),
            Assumption(name: "otherRequestsPerQuestion", value: otherRequestsPerQuestion, unit: "requests / question",
                justification: "The UI lists conversations or databases, or opens a conversation, about once per question."),
            Assumption(name: "usersPerTenant", value: usersPerTenant, unit: "users / tenant",
                justification: "Small teams; tenants share nothing, so secrets and listeners are per tenant."),
            Assumption(name: "relayTenantShare", value: relayTenantShare, unit: "share of tenants",
                justification: "One tenant in five keeps its database on premises behind a firewall."),
            Assumption(name: "listenersPerRelayTenant", value: listenersPerRelayTenant, unit: "listeners",
                justification: "One daibai-relay-agent per such tenant, connected around the clock (billed per listener-hour)."),
            Assumption(name: "relayKilobytesPerQuestion", value: relayKilobytesPerQuestion, unit: "KB / relayed question",
                justification: "SQL out, a capped result back (a few hundred rows of a few columns)."),
            Assumption(name: "modelLatencySeconds", value: modelLatencySeconds, unit: "s / model call",
                justification: "A hosted model returns a short SQL answer in 2–4 s; the execution waits in flight and is billed."),
            Assumption(name: "modelAttemptsPerQuestion", value: modelAttemptsPerQuestion, unit: "calls / model question",
                justification: "The Agent self-corrects after a guard rejection or a database error, about one question in ten."),
            Assumption(name: "cosmosLatencySeconds", value: cosmosLatencySeconds, unit: "s / Cosmos DB request",
                justification: "Same-region point operations take a few milliseconds (the SLA's p99 is under 10 ms); queries a little more."),
            Assumption(name: "outputTokensPerCall", value: outputTokensPerCall, unit: "tokens",
                justification: "A fenced SQL statement and a sentence."),
            Assumption(name: "promptSizeFactor", value: promptSizeFactor, unit: "× measured sample prompt",
                justification: "Tenant schemas are larger than the 11-table music sample even after pruning."),
            Assumption(name: "instanceMemoryGB", value: instanceMemoryGB, unit: "GB",
                justification: "Flex Consumption's default instance size (2,048 MB); 512 MB and 4,096 MB exist."),
            Assumption(name: "perInstanceConcurrency", value: perInstanceConcurrency, unit: "executions / instance",
                justification: "Flex's default HTTP concurrency for 2,048 MB instances; concurrent executions share the instance's billed GB-s."),
            Assumption(name: "activeHoursPerMonth", value: activeHoursPerMonth, unit: "h / month",
                justification: "Questions come in working hours: 22 days × 10 h; the rest of the month only the timer runs."),
            Assumption(name: "meterDrainIntervalSeconds", value: meterDrainIntervalSeconds, unit: "s",
                justification: "Deploy/functions/MeterDrain/function.json: NCRONTAB 0 */1 * * * * (every minute)."),
            Assumption(name: "meterDrainSeconds", value: meterDrainSeconds, unit: "s / execution",
                justification: "A drain with nothing pending reads the ledger and returns; billed as the 1 s minimum anyway."),
            Assumption(name: "keyVaultReferencesInAppConfig", value: keyVaultReferencesInAppConfig, unit: "references",
                justification: "The model provider key and the Stripe key are App Configuration Key Vault references."),
            Assumption(name: "tenantSecretsPerAsk", value: tenantSecretsPerAsk, unit: "secrets / ask",
                justification: "The tenant database's connection string and the tenant's model key, each cached for the TTL per instance."),
            Assumption(name: "historyRetentionMonths", value: historyRetentionMonths, unit: "months",
                justification: "Conversations are kept a year; storage is the steady state of a year of questions."),
            Assumption(name: "billedShareOfTelemetryJSON", value: billedShareOfTelemetryJSON, unit: "share",
                justification: "Microsoft Learn: billed size is on average about 25 % below the incoming JSON (stored columns only)."),
            Assumption(name: "otherRequestTelemetryShare", value: otherRequestTelemetryShare, unit: "× an ask's telemetry",
                justification: "A list or a timer run emits a server span and a log line, not the Agent's step spans."),
            Assumption(name: "staticWebAppsStandardFromUsers", value: staticWebAppsStandardFromUsers, unit: "users",
                justification: "Custom authentication and an SLA (Standard plan) once paying customers use it."),
            Assumption(name: "functionsStorageGB", value: functionsStorageGB, unit: "GB",
                justification: "The Functions host's AzureWebJobsStorage: deployment package, timer lease, host keys."),
            Assumption(name: "usesAPIManagement", value: usesAPIManagement ? 1 : 0, unit: "0/1",
                justification: "The seed's diagram puts API Management (Consumption) in front of the Functions app."),
        ]
    }
}
