/// How much of a schema ``SchemaIndex/select(questionVector:question:budget:)`` may keep, and how
/// eagerly it keeps lower-ranked tables.
///
/// The defaults keep at least the 5 best tables, further ranked tables while they score at least
/// half of the best one, the foreign-key neighbours of the 3 best tables and the bridge tables
/// between chosen tables, up to 15 tables and about 4,000 tokens of DDL.
public struct SchemaBudget: Sendable {
    /// The most tables kept (values below 1 count as 1).
    public var maxTables: Int
    /// The most estimated DDL tokens kept. The best table is kept even when it alone is larger.
    public var maxTokens: Int
    /// Estimates one table's prompt tokens; `nil` uses ``estimatedTokens(for:)``.
    public var tokenCost: (@Sendable (TableSchema) -> Int)?
    /// How many of the best-ranked tables are kept regardless of ``relativeScoreCutoff``.
    public var guaranteedTables: Int
    /// Ranked tables beyond ``guaranteedTables`` are kept only while their score is positive and
    /// at least this fraction of the best table's score.
    public var relativeScoreCutoff: Float
    /// How many of the best-ranked tables also bring in their foreign-key neighbours (tables they
    /// reference and tables that reference them).
    public var expandedTables: Int
    /// Whether a table joined by foreign keys to two or more chosen tables is added as a bridge.
    public var addsBridgeTables: Bool

    /// Creates a budget; every parameter is described by the property of the same name.
    public init(
        maxTables: Int = 15,
        maxTokens: Int = 4_000,
        tokenCost: (@Sendable (TableSchema) -> Int)? = nil,
        guaranteedTables: Int = 5,
        relativeScoreCutoff: Float = 0.5,
        expandedTables: Int = 3,
        addsBridgeTables: Bool = true
    ) {
        self.maxTables = maxTables
        self.maxTokens = maxTokens
        self.tokenCost = tokenCost
        self.guaranteedTables = guaranteedTables
        self.relativeScoreCutoff = relativeScoreCutoff
        self.expandedTables = expandedTables
        self.addsBridgeTables = addsBridgeTables
    }

    /// A rough token count of a table's compact DDL: the characters of
    /// `name(column type, column type, …)` divided by 4, rounded up.
    public static func estimatedTokens(for table: TableSchema) -> Int {
        var characters = table.name.count + 2
        for column in table.columns {
            characters += column.name.count + 1 + column.type.count + 2
        }
        if let comment = table.comment { characters += comment.count + 4 }
        return (characters + 3) / 4
    }
}
