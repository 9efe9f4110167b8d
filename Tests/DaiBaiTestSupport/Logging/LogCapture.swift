import Logging
import Synchronization

/// Keeps every line logged through its loggers, so a test can assert what was (and what was
/// never) logged — a secret, say.
///
/// Each line reads `<level> <message> <key=value …>`, metadata sorted by key, the handler's
/// own metadata merged under the event's.
public final class LogCapture: Sendable {
    private let stored = Mutex<[String]>([])

    /// An empty capture.
    public init() {}

    /// A logger at trace level that writes here.
    public func logger(label: String = "daibai.test") -> Logger {
        var logger = Logger(label: label) { [self] _ in CapturingLogHandler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    /// Every line so far, oldest first.
    public var lines: [String] { stored.withLock { $0 } }

    /// Every line so far, joined by newlines.
    public var text: String { lines.joined(separator: "\n") }

    func append(_ line: String) { stored.withLock { $0.append(line) } }
}

/// The `LogHandler` behind ``LogCapture``; use ``LogCapture/logger(label:)`` to get one.
public struct CapturingLogHandler: LogHandler {
    private let capture: LogCapture

    /// The handler's own metadata, logged with every event.
    public var metadata: Logger.Metadata = [:]

    /// The lowest level logged; trace unless a test lowers it.
    public var logLevel: Logger.Level = .trace

    /// A handler writing to `capture`.
    public init(capture: LogCapture) {
        self.capture = capture
    }

    /// One metadata value of the handler.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Records `event` as one line.
    public func log(event: LogEvent) {
        let fields = metadata.merging(event.metadata ?? [:]) { $1 }
            .map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " ")
        capture.append(fields.isEmpty ? "\(event.level) \(event.message)" : "\(event.level) \(event.message) \(fields)")
    }
}
