import DaiBaiCore
import Synchronization

/// A ``UsagePolicy`` whose decisions are scripted per tenant or computed by a closure.
///
/// Every request it judged is recorded in ``requests``, every settlement in ``settlements``.
public final class ScriptedUsagePolicy: UsagePolicy {
    /// A closure that decides a request.
    public typealias Decide = @Sendable (UsageRequest) async -> UsageDecision

    private struct State {
        var defaultDecision: UsageDecision
        var perTenant: [TenantID: UsageDecision]
        var requests: [UsageRequest] = []
        var settlements: [Settlement] = []
    }

    /// One ``settle(_:events:)`` call: the request and the events it recorded.
    public struct Settlement: Sendable, Hashable {
        /// The settled request.
        public var request: UsageRequest
        /// The events the request recorded.
        public var events: [UsageEvent]

        /// Creates a settlement record.
        public init(request: UsageRequest, events: [UsageEvent]) {
            self.request = request
            self.events = events
        }
    }

    private let decide: Decide?
    private let state: Mutex<State>

    /// Creates a policy that answers with the tenant's entry of `perTenant`, or `defaultDecision` for other tenants.
    public init(defaultDecision: UsageDecision = .allow, perTenant: [TenantID: UsageDecision] = [:]) {
        self.decide = nil
        self.state = Mutex(State(defaultDecision: defaultDecision, perTenant: perTenant))
    }

    /// Creates a policy that answers with `decide`.
    public init(decide: @escaping Decide) {
        self.decide = decide
        self.state = Mutex(State(defaultDecision: .allow, perTenant: [:]))
    }

    /// A policy that denies every request with `reason`, under `code`.
    public static func denyingAll(reason: String, code: UsageDenial.Code = .other) -> ScriptedUsagePolicy {
        ScriptedUsagePolicy(defaultDecision: .deny(UsageDenial(code, message: reason)))
    }

    /// Sets the decision for `tenant`, or removes it (back to the default) when `nil`.
    /// Has no effect on a policy created with a closure.
    public func setDecision(_ decision: UsageDecision?, for tenant: TenantID) {
        state.withLock { $0.perTenant[tenant] = decision }
    }

    /// Every request judged so far, in order.
    public var requests: [UsageRequest] {
        state.withLock { $0.requests }
    }

    /// Every settlement received so far, in order.
    public var settlements: [Settlement] {
        state.withLock { $0.settlements }
    }

    /// Records the settlement.
    public func settle(_ request: UsageRequest, events: [UsageEvent]) async {
        state.withLock { $0.settlements.append(Settlement(request: request, events: events)) }
    }

    /// Records `request` and answers with the closure, or the tenant's scripted decision.
    public func authorize(_ request: UsageRequest) async -> UsageDecision {
        let scripted = state.withLock { state -> UsageDecision in
            state.requests.append(request)
            return state.perTenant[request.context.tenant] ?? state.defaultDecision
        }
        if let decide {
            return await decide(request)
        }
        return scripted
    }
}
