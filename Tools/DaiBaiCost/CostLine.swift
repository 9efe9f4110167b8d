/// Which column of the seed's table a cost line belongs to.
public enum SeedColumn: String, Sendable, Codable, Equatable, CaseIterable {
    /// "Compute (Functions)".
    case compute
    /// "Data (Cosmos/SQL)".
    case data
    /// "Security (B2C/Vault)".
    case security
    /// A service the seed's table has no column for (it still counts in the total).
    case notInSeed

    /// The column's heading in the reports.
    public var title: String {
        switch self {
        case .compute: "Compute (Functions)"
        case .data: "Data (Cosmos/SQL)"
        case .security: "Security (B2C/Vault)"
        case .notInSeed: "Not in the seed's columns"
        }
    }
}

/// One service line of a monthly estimate: a metered quantity and its cost after free grants.
public struct CostLine: Sendable, Codable, Equatable {
    /// The service, e.g. `Azure Cosmos DB`.
    public var service: String
    /// What is metered, e.g. `request units`.
    public var item: String
    /// The price it is billed at (an id of the data file), if any.
    public var priceID: String?
    /// The monthly quantity.
    public var quantity: Double
    /// The unit of ``quantity``.
    public var unit: String
    /// The monthly free grant applied, in ``unit``.
    public var freeGrant: Double
    /// USD per month.
    public var cost: Double
    /// The seed column the line is compared in.
    public var column: SeedColumn
    /// How the quantity was derived.
    public var note: String

    /// Creates a line.
    public init(service: String, item: String, priceID: String?, quantity: Double, unit: String, freeGrant: Double, cost: Double, column: SeedColumn, note: String) {
        self.service = service
        self.item = item
        self.priceID = priceID
        self.quantity = quantity
        self.unit = unit
        self.freeGrant = freeGrant
        self.cost = cost
        self.column = column
        self.note = note
    }
}

/// The model tokens of a month and their cost with one model, kept apart from the Azure total
/// (with bring-your-own-key, users pay them).
public struct LLMCostLine: Sendable, Codable, Equatable {
    /// The model, e.g. `gpt-4o-mini`.
    public var model: String
    /// Input tokens a month.
    public var inputTokens: Double
    /// Output tokens a month.
    public var outputTokens: Double
    /// USD per month.
    public var cost: Double

    /// Creates a line.
    public init(model: String, inputTokens: Double, outputTokens: Double, cost: Double) {
        self.model = model
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cost = cost
    }
}

/// The monthly quantities the estimate is built from.
public struct UsageQuantities: Sendable, Codable, Equatable {
    /// Registered users.
    public var users: Double
    /// Tenants (users / users per tenant, rounded up).
    public var tenants: Double
    /// Monthly active users.
    public var activeUsers: Double
    /// Questions asked.
    public var questions: Double
    /// Questions answered from the verified-query cache.
    public var cacheQuestions: Double
    /// Questions answered by the model.
    public var modelQuestions: Double
    /// Questions that start a conversation.
    public var newConversations: Double
    /// Questions that continue one.
    public var followUps: Double
    /// Other API requests.
    public var otherRequests: Double
    /// HTTP executions of the Functions app (questions + other requests).
    public var httpExecutions: Double
    /// Timer executions (`MeterDrain`).
    public var timerExecutions: Double
    /// GB-s the timer's executions are billed.
    public var timerGBSeconds: Double
    /// Mean executions in flight during active hours.
    public var meanConcurrency: Double
    /// Instances needed during active hours.
    public var instancesWhenActive: Double
    /// Billed instance-seconds (HTTP and timer).
    public var billedInstanceSeconds: Double
    /// Instance-hours the server process runs (and refreshes App Configuration).
    public var instanceHours: Double
    /// App Configuration requests per day.
    public var appConfigRequestsPerDay: Double
    /// The refresh interval at which the Free tier's daily quota would suffice, seconds.
    public var appConfigRefreshSecondsForFreeTier: Double
    /// Key Vault operations from App Configuration references.
    public var keyVaultOpsFromAppConfig: Double
    /// Key Vault operations from tenant secrets read by asks.
    public var keyVaultOpsFromAsks: Double
    /// Key Vault operations from the Stripe key read by drains with pending events.
    public var keyVaultOpsFromMeterDrain: Double
    /// Key Vault operations if there were no cache (one read per secret per ask).
    public var keyVaultOpsWithoutCache: Double
    /// Telemetry GB billed.
    public var telemetryGB: Double
    /// Telemetry GB if the gzip bytes sent were what is billed.
    public var telemetryGzipGB: Double
}

/// The estimate for one user count: every Azure service line and the LLM lines.
public struct MonthlyEstimate: Sendable, Codable, Equatable {
    /// Registered users.
    public var users: Int
    /// The quantities the lines are built from.
    public var usage: UsageQuantities
    /// The Azure lines.
    public var lines: [CostLine]
    /// The LLM lines (not in ``azureTotal``).
    public var llm: [LLMCostLine]

    /// Creates an estimate.
    public init(users: Int, usage: UsageQuantities, lines: [CostLine], llm: [LLMCostLine]) {
        self.users = users
        self.usage = usage
        self.lines = lines
        self.llm = llm
    }

    /// USD a month of the lines in `column`.
    public func total(_ column: SeedColumn) -> Double {
        lines.filter { $0.column == column }.reduce(0) { $0 + $1.cost }
    }

    /// USD a month of every Azure line.
    public var azureTotal: Double { lines.reduce(0) { $0 + $1.cost } }
}
