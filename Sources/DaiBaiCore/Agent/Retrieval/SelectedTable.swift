/// One table kept by ``SchemaIndex/select(questionVector:question:budget:)``.
public struct SelectedTable: Sendable, Hashable {
    /// The table as the schema describes it.
    public let table: TableSchema
    /// Its relevance score for the question (higher is more relevant; comparable only within one
    /// selection).
    public let score: Float
    /// Why it was kept.
    public let reason: SchemaInclusionReason
    /// Its estimated prompt tokens under the budget's cost estimate.
    public let estimatedTokens: Int

    /// The table's name.
    public var name: String { table.name }

    /// Creates a selected table.
    public init(table: TableSchema, score: Float, reason: SchemaInclusionReason, estimatedTokens: Int) {
        self.table = table
        self.score = score
        self.reason = reason
        self.estimatedTokens = estimatedTokens
    }
}
