/// One component's readiness probe for `/readyz`. The probe throws when the component cannot
/// serve; its error goes to the log only, never into the response.
public struct ReadinessCheck: Sendable {
    /// The component's name, for example `chat-store`.
    public let name: String
    /// Probes the component.
    public let probe: @Sendable () async throws -> Void

    /// Creates a check.
    public init(name: String, probe: @escaping @Sendable () async throws -> Void) {
        self.name = name
        self.probe = probe
    }
}
