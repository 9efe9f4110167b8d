import DaiBaiCore
import Foundation

/// The demo's databases: the bundled sample, the SQLite databases of the configuration, and
/// any SQLite file named by path.
struct DemoDatabaseDirectory: DatabaseDirectory {
    private let named: StaticDatabaseDirectory
    private let defaultName: String

    init(settings: DaiBaiSettings, samplePath: String) throws {
        var connectors: [String: any DatabaseConnector] = [DemoEnvironment.sampleName: try SQLiteConnector(path: samplePath)]
        for database in settings.databases where database.dialect == .sqlite {
            if let path = database.path, FileManager.default.fileExists(atPath: path) {
                connectors[database.name] = try SQLiteConnector(path: path)
            }
        }
        defaultName = settings.defaultDatabase.flatMap { connectors[$0] == nil ? nil : $0 } ?? DemoEnvironment.sampleName
        named = StaticDatabaseDirectory(databases: connectors, defaultName: defaultName)
    }

    /// A configured database by name, or a SQLite file by path.
    func database(named name: String?, context: RequestContext) async throws(DatabaseDirectoryError) -> ResolvedDatabase {
        if let name, name.contains("/") || name.hasSuffix(".sqlite") || name.hasSuffix(".db") {
            do {
                return ResolvedDatabase(name: name, connector: try SQLiteConnector(path: name))
            } catch {
                throw .unavailable(name: name, reason: error.description)
            }
        }
        return try await named.database(named: name, context: context)
    }

    /// The configured names.
    func databaseNames(context: RequestContext) async throws(DatabaseDirectoryError) -> [String] {
        try await named.databaseNames(context: context)
    }
}
