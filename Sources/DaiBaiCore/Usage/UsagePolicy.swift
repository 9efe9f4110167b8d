/// What a request is about to spend, for a ``UsagePolicy`` to judge.
public struct UsageRequest: Sendable, Hashable {
    /// Who asks.
    public var context: RequestContext
    /// The model provider about to be called, if any.
    public var provider: String?
    /// The model about to be called, if any.
    public var model: String?
    /// An estimate of the input tokens, when known.
    public var estimatedInputTokens: Int?

    /// Creates a usage request.
    public init(context: RequestContext, provider: String? = nil, model: String? = nil, estimatedInputTokens: Int? = nil) {
        self.context = context
        self.provider = provider
        self.model = model
        self.estimatedInputTokens = estimatedInputTokens
    }
}

/// A policy's answer.
public enum UsageDecision: Sendable, Hashable {
    /// Go ahead.
    case allow
    /// Do not spend; the reason is shown to the user (for example "credits exhausted").
    case deny(reason: String)
}

/// Decides, before any money is spent, whether a request may go ahead (billing plugs in here).
public protocol UsagePolicy: Sendable {
    /// Allows or denies `request`.
    func authorize(_ request: UsageRequest) async -> UsageDecision
}

/// A policy that allows everything: the default when billing is not configured.
public struct AllowAllUsagePolicy: UsagePolicy {
    /// Creates the policy.
    public init() {}
    /// Always `.allow`.
    public func authorize(_ request: UsageRequest) async -> UsageDecision { .allow }
}
