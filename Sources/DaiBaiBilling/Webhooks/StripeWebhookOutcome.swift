/// What handling a verified delivery did. Every outcome is answered with HTTP 200.
public enum StripeWebhookOutcome: Sendable, Hashable {
    /// The event's effect was applied (and the event recorded as processed, in the same transaction).
    case applied(eventID: String, type: String)
    /// The event was processed before; nothing was done again.
    case duplicate(eventID: String)
    /// The event needs no effect: its type is not handled, or it is older than the stored state;
    /// `reason` says which.
    case ignored(eventID: String, type: String, reason: String)
}
