/// A container's indexing policy, as sent when the container is created.
///
/// Everything is indexed (`/*`) except ``excludedPaths``; queries that sort by more than one
/// property need a matching entry in ``compositeIndexes``.
public struct CosmosIndexingPolicy: Sendable, Hashable, Encodable {
    /// One property of a composite index and its order.
    public struct CompositePath: Sendable, Hashable, Encodable {
        /// The property path, e.g. `/updatedAtMs`.
        public var path: String
        /// `ascending` or `descending`.
        public var order: String

        /// Creates a composite index entry.
        public init(path: String, descending: Bool = false) {
            self.path = path
            self.order = descending ? "descending" : "ascending"
        }
    }

    /// Paths not indexed, e.g. `/content/?` for large text never filtered on.
    public var excludedPaths: [String]
    /// Composite indexes for multi-property `ORDER BY`.
    public var compositeIndexes: [[CompositePath]]

    /// Creates a policy.
    public init(excludedPaths: [String] = [], compositeIndexes: [[CompositePath]] = []) {
        self.excludedPaths = excludedPaths
        self.compositeIndexes = compositeIndexes
    }

    private struct PathEntry: Encodable { var path: String }

    private enum CodingKeys: String, CodingKey {
        case indexingMode, automatic, includedPaths, excludedPaths, compositeIndexes
    }

    /// Encodes the policy as the REST API's `indexingPolicy` object.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("consistent", forKey: .indexingMode)
        try container.encode(true, forKey: .automatic)
        try container.encode([PathEntry(path: "/*")], forKey: .includedPaths)
        try container.encode((excludedPaths + ["/\"_etag\"/?"]).map(PathEntry.init), forKey: .excludedPaths)
        if !compositeIndexes.isEmpty { try container.encode(compositeIndexes, forKey: .compositeIndexes) }
    }
}
