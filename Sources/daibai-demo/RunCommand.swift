import ArgumentParser
import DaiBaiCore
import Foundation

/// Runs DaiBai's main job on the embedded defaults (the default subcommand).
///
/// With no API key and no network: creates the bundled music-store database, shows its
/// schema, and answers questions end to end from the bundled verified-query library.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Answers sample questions end to end on the bundled music-store database."
    )

    /// The bundled questions the main job answers.
    static let questions = [
        "Which 5 artists have sold the most tracks?",
        "What is the total revenue per country?",
        "How many customers does each employee support?",
        "Which genre has the longest average track length?",
    ]

    @OptionGroup var options: DemoOptions

    mutating func run() async throws {
        let demo = try await DemoEnvironment.make(options) { print($0) }
        let settings = demo.stack.settings
        print("DaiBai demo")
        print("  configuration: \(demo.loaded.configFile ?? "no daibai.yaml found; embedded defaults")")
        print("  data directory: \(settings.storage.directory) (profile \(settings.storage.deployment); chat history: \(demo.stack.backends[.chat] ?? "?"))")
        print("  model: \(demo.modelIsConfigured ? "\(demo.model.name) (\(demo.model.model))" : "none configured")")
        print("")

        let database = try await demo.databases.database(named: DemoEnvironment.sampleName, context: .local)
        let schema = try await database.connector.introspectSchema()
        let totalRows = schema.tables.compactMap(\.approximateRowCount).reduce(0, +)
        print("Schema of '\(database.name)' (\(schema.tables.count) tables, \(totalRows) rows, fingerprint \(schema.fingerprint.prefix(12))):")
        print(TextTable.render(
            columns: ["table", "columns", "rows", "references", "about"],
            rows: schema.tables.map { table in
                [table.name, String(table.columns.count), table.approximateRowCount.map(String.init) ?? "?",
                 Set(table.foreignKeys.map(\.referencedTable)).sorted().joined(separator: ", "),
                 SampleDatabase.tableDescriptions[table.name] ?? ""]
            }, maxWidth: 60))
        print("")

        for (index, question) in Self.questions.enumerated() {
            let answer = try await demo.agent.ask(AgentRequest(question: question, context: .local, databaseName: DemoEnvironment.sampleName))
            let total = answer.steps.reduce(Duration.zero) { $0 + $1.duration }
            print("Question \(index + 1): \(question)")
            print("  answered from: \(answer.source == .verifiedCache ? "the verified-query library (no model call)" : "the model \(answer.model ?? "")") in \(total.formatted(.units(allowed: [.milliseconds], fractionalPart: .show(length: 1))))")
            print("  SQL:")
            print(answer.sql.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
            if let result = answer.result { print(TextTable.render(result)) }
            print("")
        }
        print("Per-step timings of the questions above (the daibai_agent_step_duration metric):")
        print(demo.timings.table())
        print("")
        print(DemoModel.howToEnable)
    }
}
