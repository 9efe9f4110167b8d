/// Picks the language model for each request, so a user's own key can pay for their questions.
///
/// The ``Agent`` asks it once per request, before the usage policy. ``FixedModelResolver``
/// always answers the Agent's ``Agent/model``; ``UserKeyModelResolver`` prefers the user's key
/// from a ``UserKeyVault``, then the tenant's, then the platform's.
public protocol ModelResolver: Sendable {
    /// The model for `context`'s request; a failure refuses the request (it never silently
    /// falls back to another payer's key).
    func model(for context: RequestContext) async throws(ModelResolutionError) -> ResolvedModel
}

/// Why no model could be picked for a request.
public struct ModelResolutionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The provider type that was being resolved, for example `openai`.
    public var provider: String
    /// What failed and what to do; never contains a key.
    public var reason: String

    /// Creates an error.
    public init(provider: String, reason: String) {
        self.provider = provider
        self.reason = reason
    }

    /// `No <provider> model is available for this request: <reason>`.
    public var description: String { "No \(provider) model is available for this request: \(reason)" }
}

/// A ``ModelResolver`` that always answers the same provider, paid by the platform.
public struct FixedModelResolver: ModelResolver {
    /// The provider every request uses.
    public let provider: any LLMProvider
    /// Who pays; the platform by default.
    public let payer: UsagePayer

    /// Creates a resolver that always answers `provider`.
    public init(_ provider: any LLMProvider, payer: UsagePayer = .platform) {
        self.provider = provider
        self.payer = payer
    }

    /// `provider`, paid by `payer`.
    public func model(for context: RequestContext) async throws(ModelResolutionError) -> ResolvedModel {
        ResolvedModel(provider: provider, payer: payer)
    }
}
