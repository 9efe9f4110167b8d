extension StripeError {
    /// Whether Stripe refused a meter event because its `identifier` was already used, which
    /// means an earlier request with that identifier was accepted.
    ///
    /// Stripe answers such a resend with HTTP 400, `invalid_request_error`, no error code and
    /// the message "An event already exists with identifier <id>." (with
    /// `Stripe-Should-Retry: false`), so the message is what identifies it;
    /// `resource_already_exists` is accepted as well in case Stripe adds that code.
    public var isDuplicateMeterEvent: Bool {
        guard case .invalidRequest(let details) = self else { return false }
        if details.code == "resource_already_exists" { return true }
        return details.message?.lowercased().contains("already exists with identifier") ?? false
    }

    /// Whether Stripe refused a meter event for its `timestamp` (older than 35 days or more
    /// than 5 minutes ahead): sending it again will never succeed.
    public var isMeterEventTimestampRejected: Bool {
        guard case .invalidRequest(let details) = self else { return false }
        if details.param == "timestamp" { return true }
        return details.code?.hasPrefix("timestamp_") ?? false
    }
}
