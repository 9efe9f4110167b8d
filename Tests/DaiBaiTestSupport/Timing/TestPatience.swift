/// How long tests wait, in one place.
///
/// The suite runs its tests in parallel on two busy cores, where a loopback server can take
/// seconds to answer. So a test never lets a *production* default (an IMDS probe's 1 s, say)
/// decide its outcome: it passes ``generous`` to whatever it expects to succeed, and keeps short
/// timeouts for tests *about* a timeout, whose peer never answers (``ReservedLoopbackPort``).
public enum TestPatience {
    /// A timeout for work that is expected to finish: no machine load makes it run out.
    public static let generous: Duration = .seconds(300)

    /// How long a test waits for an event before it gives up and fails instead of hanging.
    /// A safety net, never a timing assertion.
    public static let safetyNet: Duration = .seconds(300)

    /// A short timeout for tests about a timeout (their peer never answers, so only the
    /// timeout can end the wait).
    public static let short: Duration = .milliseconds(200)
}

/// Waits until `condition` holds, checking every millisecond, for at most `safetyNet`;
/// returns whether it held. For state that has no event to wait on (a waiter count, say).
/// A safety net, never a timing assertion.
public func waitUntil(
    safetyNet: Duration = TestPatience.safetyNet,
    _ condition: @Sendable () -> Bool
) async -> Bool {
    let deadline = ContinuousClock.now.advanced(by: safetyNet)
    while !condition() {
        if ContinuousClock.now >= deadline || Task.isCancelled { return condition() }
        try? await Task.sleep(for: .milliseconds(1))
    }
    return true
}
