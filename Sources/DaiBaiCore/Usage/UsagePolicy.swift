import Foundation

/// What a request is about to spend, for a ``UsagePolicy`` to judge.
public struct UsageRequest: Sendable, Hashable {
    /// Identifies this request; ``UsagePolicy/settle(_:events:)`` receives the same value as
    /// ``UsagePolicy/authorize(_:)``, so a policy can pair a reservation with its settlement.
    public var id: UUID
    /// Who asks.
    public var context: RequestContext
    /// The model provider about to be called, if any.
    public var provider: String?
    /// The model about to be called, if any.
    public var model: String?
    /// An estimate of the input tokens, when known.
    public var estimatedInputTokens: Int?
    /// Whose key will pay for the model's tokens; a policy charges nothing for tokens paid
    /// with a user's or tenant's own key.
    public var payer: UsagePayer

    /// Creates a usage request.
    public init(id: UUID = UUID(), context: RequestContext, provider: String? = nil, model: String? = nil, estimatedInputTokens: Int? = nil, payer: UsagePayer = .platform) {
        self.id = id
        self.payer = payer
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
    /// Do not spend; the denial says why and is shown to the user.
    case deny(UsageDenial)
}

/// Decides, before any money is spent, whether a request may go ahead (billing plugs in here).
///
/// A policy may reserve an estimated cost in ``authorize(_:)``; the caller then calls
/// ``settle(_:events:)`` exactly once for every allowed request, on every exit path
/// (success, failure, cancellation), after recording its usage events.
public protocol UsagePolicy: Sendable {
    /// Allows or denies `request`.
    func authorize(_ request: UsageRequest) async -> UsageDecision
    /// Ends an allowed `request`, which recorded `events` (possibly none). The default does nothing.
    func settle(_ request: UsageRequest, events: [UsageEvent]) async
}

extension UsagePolicy {
    /// Does nothing: for policies that reserve nothing.
    public func settle(_ request: UsageRequest, events: [UsageEvent]) async {}
}

/// A policy that allows everything: the default when billing is not configured.
public struct AllowAllUsagePolicy: UsagePolicy {
    /// Creates the policy.
    public init() {}
    /// Always `.allow`.
    public func authorize(_ request: UsageRequest) async -> UsageDecision { .allow }
}
