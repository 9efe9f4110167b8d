import DaiBaiCore
import Logging

/// What a provider factory gets besides the settings: the HTTP transport and the logger.
public struct LLMProviderContext: Sendable {
    /// Sends every request of the providers built with this context (retries included).
    public var transport: any HTTPTransport
    /// Receives the providers' debug lines.
    public var logger: Logger

    /// Creates a context; by default async-http-client wrapped in the SDK's retrying transport,
    /// and a no-op logger.
    public init(
        transport: any HTTPTransport = RetryingHTTPTransport(base: AsyncHTTPClientTransport()),
        logger: Logger = Logger(label: "daibai.llm", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.transport = transport
        self.logger = logger
    }
}
