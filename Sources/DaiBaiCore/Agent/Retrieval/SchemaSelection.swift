/// The tables of a schema that are relevant to one question, as chosen by
/// ``SchemaIndex/select(questionVector:question:budget:)``.
public struct SchemaSelection: Sendable, Hashable {
    /// The kept tables in priority order: ranked tables best first, each foreign-key neighbour
    /// right after the table that brought it in, bridge tables last.
    public let tables: [SelectedTable]
    /// The kept tables' names as the schema spells them, for the SQL guard's table scope.
    public let allowedTables: Set<String>
    /// The sum of the kept tables' estimated tokens.
    public let estimatedTokens: Int
    /// How many qualifying tables were left out because they would have exceeded the token budget.
    public let omittedForBudget: Int

    /// Creates a selection; ``allowedTables`` and ``estimatedTokens`` are derived from `tables`.
    public init(tables: [SelectedTable], omittedForBudget: Int = 0) {
        self.tables = tables
        self.allowedTables = Set(tables.map(\.table.name))
        self.estimatedTokens = tables.reduce(0) { $0 + $1.estimatedTokens }
        self.omittedForBudget = omittedForBudget
    }

    /// An empty selection (for an empty schema).
    public static let empty = SchemaSelection(tables: [])

    /// The kept tables' names in priority order.
    public var tableNames: [String] { tables.map(\.table.name) }

    /// The kept tables as a schema, in priority order, for rendering DDL.
    public var schema: DatabaseSchema { DatabaseSchema(tables: tables.map(\.table)) }
}
