import Synchronization
import Tracing

/// The process's one bootstrapped tracer in this test target: it forwards to the tracer a test
/// installs for its duration and is a no-op otherwise. The global bootstrap can run only once
/// per process, so tests that need the Agent's global spans share this one and tell their own
/// spans apart by trace id.
final class SwitchableTracer: Tracer, Sendable {
    static let shared: SwitchableTracer = {
        let tracer = SwitchableTracer()
        InstrumentationSystem.bootstrap(tracer)
        return tracer
    }()

    private let target = Mutex<(any Tracer)?>(nil)

    /// Runs `body` with `tracer` receiving every span of the process.
    func with<T>(_ tracer: any Tracer, _ body: () async throws -> T) async rethrows -> T {
        target.withLock { $0 = tracer }
        defer { target.withLock { $0 = nil } }
        return try await body()
    }

    private var current: (any Tracer)? { target.withLock { $0 } }

    func startSpan<Instant: TracerInstant>(
        _ operationName: String, context: @autoclosure () -> ServiceContext, ofKind kind: SpanKind,
        at instant: @autoclosure () -> Instant, function: String, file fileID: String, line: UInt
    ) -> ForwardedSpan {
        guard let tracer = current else { return ForwardedSpan(NoOpTracer.NoOpSpan(context: context())) }
        let span: any Tracing.Span = tracer.startSpan(operationName, context: context(), ofKind: kind, at: instant(), function: function, file: fileID, line: line)
        return ForwardedSpan(span)
    }

    func forceFlush() { current?.forceFlush() }

    func extract<Carrier, Extract: Extractor>(_ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract) where Extract.Carrier == Carrier {
        current?.extract(carrier, into: &context, using: extractor)
    }

    func inject<Carrier, Inject: Injector>(_ context: ServiceContext, into carrier: inout Carrier, using injector: Inject) where Inject.Carrier == Carrier {
        current?.inject(context, into: &carrier, using: injector)
    }
}

/// A span of whichever tracer was installed when it started.
struct ForwardedSpan: Span {
    let base: any Tracing.Span
    init(_ base: any Tracing.Span) { self.base = base }

    var context: ServiceContext { base.context }
    var operationName: String {
        get { base.operationName }
        nonmutating set { base.operationName = newValue }
    }
    var attributes: SpanAttributes {
        get { base.attributes }
        nonmutating set { base.attributes = newValue }
    }
    var isRecording: Bool { base.isRecording }
    func setStatus(_ status: SpanStatus) { base.setStatus(status) }
    func addEvent(_ event: SpanEvent) { base.addEvent(event) }
    func recordError<Instant: TracerInstant>(_ error: any Error, attributes: SpanAttributes, at instant: @autoclosure () -> Instant) {
        base.recordError(error, attributes: attributes, at: instant())
    }
    func addLink(_ link: SpanLink) { base.addLink(link) }
    func end<Instant: TracerInstant>(at instant: @autoclosure () -> Instant) { base.end(at: instant()) }
}
