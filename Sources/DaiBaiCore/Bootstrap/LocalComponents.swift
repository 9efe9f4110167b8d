extension ComponentRegistry {
    /// The registry of a local installation: the embedded defaults.
    public static func localDefaults() -> ComponentRegistry {
        var registry = ComponentRegistry()
        registry.registerUsageSink("discard") { _ in DiscardingUsageSink() }
        registry.registerUsagePolicy("allow-all") { _ in AllowAllUsagePolicy() }
        registry.registerProfile("local", defaults: [
            .secrets: "environment", .chat: "sqlite", .inventory: "sqlite",
            .usageSink: "discard", .usagePolicy: "allow-all",
        ])
        return registry
    }
}
