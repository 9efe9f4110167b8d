import DaiBaiCore

/// Which usage the platform charges for, the one rule shared by credits, metering and totals.
///
/// Token events (``DaiBaiCore/UsageKind/inputTokens``, ``DaiBaiCore/UsageKind/outputTokens``)
/// are charged only when the platform's own key paid the vendor (``DaiBaiCore/UsagePayer/platform``);
/// tokens paid with the tenant's key or the user's own key (BYOK) are billed to them by the
/// vendor. Answered questions and executed queries are platform services and always charged,
/// whatever their payer.
enum PlatformCharge {
    /// Whether `kind` counts model tokens, whose charge depends on the payer.
    static func isTokens(_ kind: UsageKind) -> Bool {
        switch kind {
        case .inputTokens, .outputTokens: true
        case .taskCompleted, .queryExecuted: false
        }
    }

    /// Whether the platform charges for usage of `kind` paid by `payer`.
    static func isCharged(_ kind: UsageKind, payer: UsagePayer) -> Bool {
        !isTokens(kind) || payer.isPlatformCharged
    }

    /// Whether the platform charges for `event`.
    static func isCharged(_ event: UsageEvent) -> Bool {
        isCharged(event.kind, payer: event.payer)
    }
}
