/// In-memory fakes of the DaiBai protocols, for unit-testing code built on `DaiBaiCore`
/// without network or disk.
///
/// - ``ScriptedLLMProvider``: an `LLMProvider` answering from scripted replies or a closure,
///   recording requests; streams split the text into deltas and honour cancellation.
/// - ``FakeEmbeddingProvider``: deterministic, hash-based embeddings; similar texts get similar vectors.
/// - ``RecordingUsageSink``: keeps usage events, deduplicated by id, with per-tenant totals.
/// - ``ScriptedUsagePolicy``: allows or denies per tenant or by closure, recording what it judged.
/// - ``StaticTokenCredential`` and ``FailingTokenCredential``: a fixed token, or a fixed error, with call counts.
/// - ``InMemoryDatabaseConnector``: scripted query results keyed by SQL, applying the row cap.
///
/// Every fake is `Sendable` and safe to share between tasks.
public enum DaiBaiTesting {}
