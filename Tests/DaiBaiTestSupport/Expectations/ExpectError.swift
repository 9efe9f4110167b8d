import Testing

/// Expects `body` to throw an error of type `E` for which `matches` holds, and records an issue
/// naming what happened instead: nothing thrown, another error, or a non-matching `E`.
///
/// For typed errors whose cases carry messages, where `#expect(throws:)` with an equatable
/// value would have to restate the message.
public func expectError<E: Error>(
    _ type: E.Type,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ matches: (E) -> Bool,
    _ body: () async throws -> Void
) async {
    do {
        try await body()
        Issue.record("expected \(E.self), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as E {
        if !matches(error) { Issue.record("unexpected \(error)", sourceLocation: sourceLocation) }
    } catch {
        Issue.record("expected \(E.self), got \(error)", sourceLocation: sourceLocation)
    }
}
