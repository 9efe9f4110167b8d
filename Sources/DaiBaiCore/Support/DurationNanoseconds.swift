extension Duration {
    /// The duration in whole nanoseconds, saturating instead of overflowing: what metrics
    /// timers and NIO time amounts take. Shared by every DaiBai target of this package.
    package var saturatingNanoseconds: Int64 {
        let parts = components
        let (scaled, overflow) = parts.seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return parts.seconds < 0 ? Int64.min : Int64.max }
        let (total, overflow2) = scaled.addingReportingOverflow(parts.attoseconds / 1_000_000_000)
        if overflow2 { return parts.seconds < 0 ? Int64.min : Int64.max }
        return total
    }
}
