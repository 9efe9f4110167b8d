import Configuration
import Logging

/// What a component factory gets to build its component.
public struct ComponentContext: Sendable {
    /// The reader over all configuration sources.
    public var config: ConfigReader
    /// The parsed settings.
    public var settings: DaiBaiSettings
    /// The logger components should use.
    public var logger: Logger

    /// Creates a factory context.
    public init(config: ConfigReader, settings: DaiBaiSettings, logger: Logger) {
        self.config = config
        self.settings = settings
        self.logger = logger
    }
}
