import ArgumentParser
import DaiBaiCore
import Foundation

/// Prints a database's schema as the model sees it.
struct SchemaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Shows a database's tables as compact DDL (default: the bundled music store)."
    )

    @Option(name: .long, help: "A configured database name or a SQLite file path.")
    var database: String?

    @OptionGroup var options: DemoOptions

    mutating func run() async throws {
        let demo = try await DemoEnvironment.make(options) { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
        let resolved: ResolvedDatabase
        do {
            resolved = try await demo.databases.database(named: database, context: .local)
        } catch {
            throw DemoError(error.description)
        }
        let schema = try await resolved.connector.introspectSchema()
        print("-- \(resolved.name): \(schema.tables.count) tables, dialect \(resolved.connector.dialect), fingerprint \(schema.fingerprint)")
        print(schema.renderDDL(dialect: resolved.connector.dialect))
    }
}
