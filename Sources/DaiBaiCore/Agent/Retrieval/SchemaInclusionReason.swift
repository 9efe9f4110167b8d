/// Why ``SchemaIndex`` kept a table.
public enum SchemaInclusionReason: Sendable, Hashable {
    /// It ranked high by similarity to the question.
    case ranked
    /// A foreign key joins it to the named, higher-ranked table.
    case foreignKeyNeighbour(of: String)
    /// Foreign keys join it to two or more chosen tables (named), so it can connect them in a join.
    case bridge(connecting: [String])
}
