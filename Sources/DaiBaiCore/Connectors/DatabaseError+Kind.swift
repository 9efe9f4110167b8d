extension DatabaseError {
    /// A short, value-free name of the case, for span statuses and metrics.
    var kind: String {
        switch self {
        case .connectionFailed: "connection failed"
        case .rejected: "rejected"
        case .queryFailed: "query failed"
        case .timedOut: "timed out"
        case .cancelled: "cancelled"
        case .misconfigured: "misconfigured"
        }
    }
}
