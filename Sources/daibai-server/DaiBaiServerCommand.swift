import ArgumentParser

/// The DaiBai HTTP server.
@main
struct DaiBaiServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daibai-server",
        abstract: "The stateless DaiBai HTTP API.",
        subcommands: [ServeCommand.self],
        defaultSubcommand: ServeCommand.self)
}
