import DaiBaiCore
import Hummingbird

/// The tenant's databases. The connection string is written only to the secret store (as
/// `db-<name>-connection`); the inventory entry references it, and no response echoes it.
struct DatabaseRoutes {
    let inventory: any DataInventory
    let secrets: any SecretStore
    let shared: @Sendable (DaiBaiCore.RequestContext) async -> [String]

    static func secretName(for database: String) throws -> SecretName {
        try SecretName(validating: "db-\(database)-connection")
    }

    func list(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let caller = try context.caller()
        let own = try await inventory.servers(context: caller).map { DatabaseBody($0.server) }
        let ownNames = Set(own.map(\.name))
        let sharedNames = await shared(caller).filter { !ownNames.contains($0) }
        return try JSONResponse.make(DatabaseListBody(databases: own + sharedNames.map(DatabaseBody.init(sampleNamed:))))
    }

    func get(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let caller = try context.caller()
        let name = try context.parameters.require("name")
        if let record = try await inventory.server(named: name, context: caller) { return try JSONResponse.make(DatabaseBody(record.server)) }
        if await shared(caller).contains(name) { return try JSONResponse.make(DatabaseBody(sampleNamed: name)) }
        throw DataInventoryError.notFound(name: name)
    }

    func put(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let caller = try context.caller()
        let name = try context.parameters.require("name")
        try DatabaseRoutes.validateName(name)
        let body = try await request.decodeJSON(PutDatabaseBody.self, context: context)
        guard let dialect = SQLDialect(rawValue: body.dialect) else { throw ServerError.badRequest("'dialect' must be one of \(SQLDialect.allCases.map(\.rawValue).joined(separator: ", ")).") }
        guard let location = DataServerLocation(rawValue: body.location) else { throw ServerError.badRequest("'location' must be 'cloud' or 'on-premises'.") }
        guard !body.connectionString.isEmpty else { throw ServerError.badRequest("'connectionString' must not be empty.") }
        let secret = try Self.secretName(for: name)
        try await secrets.setSecret(SecretValue(body.connectionString), named: secret, context: caller)
        let record = try await inventory.register(DataServer(name: name, dialect: dialect, location: location, connectionSecret: secret, summary: body.summary), context: caller)
        return try JSONResponse.make(DatabaseBody(record.server))
    }

    func delete(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let caller = try context.caller()
        let name = try context.parameters.require("name")
        guard let record = try await inventory.server(named: name, context: caller) else { throw DataInventoryError.notFound(name: name) }
        try await inventory.remove(named: name, context: caller)
        try await secrets.deleteSecret(named: record.server.connectionSecret, context: caller)
        return Response(status: .noContent)
    }
}

extension DatabaseRoutes {
    /// Checks a database name from a path (400 when unusable).
    static func validateName(_ name: String) throws {
        do {
            try DataInventoryRules.validateName(name)
            _ = try SecretName(validating: "db-\(name)-connection")
        } catch {
            throw ServerError.badRequest("'\(name)' is not a usable database name: use letters, digits, '-' and '_'.")
        }
    }
}
