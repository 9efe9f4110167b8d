import Foundation

/// What a usage event counts.
public enum UsageKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Prompt tokens sent to a model.
    case inputTokens = "input_tokens"
    /// Tokens a model generated.
    case outputTokens = "output_tokens"
    /// One answered question.
    case taskCompleted = "task_completed"
    /// One query run against a data server.
    case queryExecuted = "query_executed"
}

/// One measured unit of usage, billed exactly once by its ``id``.
public struct UsageEvent: Sendable, Hashable, Codable, Identifiable {
    /// The idempotency identifier: the same event recorded twice is billed once.
    public var id: UUID
    /// The tenant that used it.
    public var tenant: TenantID
    /// The user that used it.
    public var user: UserID
    /// What is counted.
    public var kind: UsageKind
    /// The model provider, for token events.
    public var provider: String?
    /// The model, for token events.
    public var model: String?
    /// How many units.
    public var quantity: Int
    /// The estimated cost in US dollars, when known.
    public var estimatedCostUSD: Decimal?
    /// When it happened.
    public var timestamp: Date
    /// Whose model key paid for it: tokens paid with a user's own key (``UsagePayer/byok``) or
    /// the tenant's key (``UsagePayer/tenant``) carry no platform charge.
    public var payer: UsagePayer

    /// Creates an event.
    public init(id: UUID = UUID(), tenant: TenantID, user: UserID, kind: UsageKind, provider: String? = nil, model: String? = nil, quantity: Int, estimatedCostUSD: Decimal? = nil, timestamp: Date = Date(), payer: UsagePayer = .platform) {
        self.id = id
        self.tenant = tenant
        self.user = user
        self.kind = kind
        self.provider = provider
        self.model = model
        self.quantity = quantity
        self.estimatedCostUSD = estimatedCostUSD
        self.timestamp = timestamp
        self.payer = payer
    }

    private enum CodingKeys: String, CodingKey {
        case id, tenant, user, kind, provider, model, quantity, estimatedCostUSD, timestamp, payer
    }

    /// Decodes an event; events written before ``payer`` existed decode as ``UsagePayer/platform``.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(UUID.self, forKey: .id), tenant: try c.decode(TenantID.self, forKey: .tenant),
            user: try c.decode(UserID.self, forKey: .user), kind: try c.decode(UsageKind.self, forKey: .kind),
            provider: try c.decodeIfPresent(String.self, forKey: .provider), model: try c.decodeIfPresent(String.self, forKey: .model),
            quantity: try c.decode(Int.self, forKey: .quantity), estimatedCostUSD: try c.decodeIfPresent(Decimal.self, forKey: .estimatedCostUSD),
            timestamp: try c.decode(Date.self, forKey: .timestamp), payer: try c.decodeIfPresent(UsagePayer.self, forKey: .payer) ?? .platform)
    }
}
