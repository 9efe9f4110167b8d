import ArgumentParser

/// The `daibai-demo` executable: DaiBai's example program.
///
/// `daibai-demo` with no subcommand runs ``RunCommand`` (the main job); `ask` answers a question,
/// `schema` shows a schema, and `check-sql`
/// checks SQL read from standard input with the SQL guard (``CheckSQLCommand``).
@main
struct DaiBaiDemo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daibai-demo",
        abstract: "DaiBai's example program.",
        subcommands: [RunCommand.self, AskCommand.self, SchemaCommand.self, CheckSQLCommand.self],
        defaultSubcommand: RunCommand.self
    )
}
