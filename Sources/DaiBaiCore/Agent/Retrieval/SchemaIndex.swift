/// A precomputed retrieval index over one database schema: picks the tables relevant to a question
/// (step 4 of the Agent's pipeline, "schema retrieval and pruning").
///
/// Build it once per schema with ``build(schema:fingerprint:embedder:)`` and cache it keyed by
/// ``fingerprint``; rebuild when the schema's fingerprint changes. Building embeds one description
/// per table (its name, column names, foreign-key targets and comments, see
/// ``description(of:)``) and learns word IDF weights from the tables themselves. Selecting never
/// embeds tables again: the caller embeds only the question, with the same embedder, and passes the
/// vector to ``select(questionVector:question:budget:)``.
///
/// A table's score is the sum of
/// - the cosine similarity of the question's vector and the table's vector,
/// - a lexical score: IDF-weighted exact word matches of the question against the table's name
///   (weighted highest), column names and comments, normalised by the question's total IDF,
/// - 0.3 × the best such sum among its foreign-key neighbours, so tables of the right cluster of a
///   large schema rise together.
///
/// Complexity: building is O(tables × columns) plus one embedding call. Selecting is
/// O(tables × non-zero question dimensions) for the cosines (table vectors are stored
/// dimension-major so each non-zero question dimension is one contiguous sweep), plus
/// O(question words + matching postings) for the lexical score, O(foreign-key edges) for the
/// neighbour share and O(tables × log tables) for the ranking: a few microseconds for a
/// ten-table schema. It allocates only a handful of per-call arrays of length `tables`.
///
/// The index is an immutable value: it holds no per-request state and is safe to share across
/// concurrent requests.
public struct SchemaIndex: Sendable {
    /// The caller's fingerprint of the schema this index was built from; the cache key.
    public let fingerprint: String
    /// The ``EmbeddingProvider/name`` of the embedder that produced the table vectors; question
    /// vectors must come from the same embedder.
    public let embedderName: String
    /// The table vectors' length (0 when the embedder returned empty vectors).
    public let dimensions: Int
    /// The indexed tables, in schema order.
    public let tables: [TableSchema]

    /// The share of a table's best foreign-key neighbour's score added to its own.
    static let neighbourScoreShare: Float = 0.3

    /// L2-normalised table vectors, dimension-major: the value of dimension `d` for table `t` is at
    /// `d × tables.count + t`.
    let tableVectors: [Float]
    /// Word matches against names and comments.
    let lexicon: SchemaLexicon
    /// Each table's foreign-key neighbours (both directions, no self-references), ascending.
    let neighbours: [[Int]]
    /// Each table's ``SchemaBudget/estimatedTokens(for:)``, used when the budget has no custom cost.
    let defaultTokenCosts: [Int]

    /// Creates an index from table vectors the caller already computed, one per table in schema
    /// order, from the texts ``descriptions(of:)`` returns.
    /// - Throws: ``LLMError/misconfigured(provider:message:)`` when the number of vectors differs
    ///   from the number of tables or the vectors differ in length.
    public init(schema: DatabaseSchema, fingerprint: String, embedderName: String, tableVectors: [[Float]]) throws(LLMError) {
        let count = schema.tables.count
        guard tableVectors.count == count else {
            throw .misconfigured(provider: embedderName, message: "returned \(tableVectors.count) vectors for \(count) table descriptions")
        }
        let dimensions = tableVectors.first?.count ?? 0
        guard tableVectors.allSatisfy({ $0.count == dimensions }) else {
            throw .misconfigured(provider: embedderName, message: "returned vectors of different lengths")
        }
        var matrix = [Float](repeating: 0, count: dimensions * count)
        for (table, vector) in tableVectors.enumerated() {
            var normalized = vector
            VectorMath.normalize(&normalized)
            for (dimension, value) in normalized.enumerated() where value.isFinite {
                matrix[dimension * count + table] = value
            }
        }
        self.fingerprint = fingerprint
        self.embedderName = embedderName
        self.dimensions = dimensions
        self.tables = schema.tables
        self.tableVectors = matrix
        self.lexicon = SchemaLexicon(tables: schema.tables)
        self.neighbours = Self.foreignKeyNeighbours(of: schema.tables)
        self.defaultTokenCosts = schema.tables.map(SchemaBudget.estimatedTokens(for:))
    }

    /// Embeds every table's description with `embedder` and builds the index.
    /// - Throws: The embedder's error, or ``LLMError/misconfigured(provider:message:)`` when it
    ///   returns the wrong number of vectors.
    public static func build(schema: DatabaseSchema, fingerprint: String, embedder: some EmbeddingProvider) async throws(LLMError) -> SchemaIndex {
        let texts = descriptions(of: schema)
        let vectors = texts.isEmpty ? [] : try await embedder.embed(texts)
        return try SchemaIndex(schema: schema, fingerprint: fingerprint, embedderName: embedder.name, tableVectors: vectors)
    }

    /// The texts that are embedded for the tables of `schema`, in schema order.
    public static func descriptions(of schema: DatabaseSchema) -> [String] {
        schema.tables.map(description(of:))
    }

    /// The text embedded for one table: its name, its column names, the tables its foreign keys
    /// reference, its comment and its columns' comments, separated by spaces.
    public static func description(of table: TableSchema) -> String {
        var parts: [String] = [table.name]
        parts.append(contentsOf: table.columns.map(\.name))
        parts.append(contentsOf: table.foreignKeys.map(\.referencedTable))
        if let comment = table.comment, !comment.isEmpty { parts.append(comment) }
        for column in table.columns {
            if let comment = column.comment, !comment.isEmpty { parts.append(comment) }
        }
        return parts.joined(separator: " ")
    }

    /// Embeds `question` with `embedder` (which should be the one the index was built with) and
    /// calls ``select(questionVector:question:budget:)``.
    public func select(question: String, embedder: some EmbeddingProvider, budget: SchemaBudget = SchemaBudget()) async throws(LLMError) -> SchemaSelection {
        let vectors = try await embedder.embed([question])
        return select(questionVector: vectors.first ?? [], question: question, budget: budget)
    }

    /// Chooses the tables relevant to a question.
    ///
    /// Tables are ranked by score (ties keep schema order). The best ``SchemaBudget/guaranteedTables``
    /// are kept, then further ranked tables while their score is positive and at least
    /// ``SchemaBudget/relativeScoreCutoff`` of the best; right after each of the best
    /// ``SchemaBudget/expandedTables`` come its foreign-key neighbours (best first). Finally tables
    /// joined by foreign keys to two or more kept tables are added as bridges. Tables that would
    /// exceed ``SchemaBudget/maxTokens`` are skipped, the best table is always kept, and no more than
    /// ``SchemaBudget/maxTables`` are kept; the result is empty only for an empty schema.
    /// - Parameters:
    ///   - questionVector: The question embedded by the index's embedder. A vector of another length
    ///     (or an empty one) is ignored and the ranking falls back to word matches.
    ///   - question: The question's text, for word matches against table and column names.
    ///   - budget: How much to keep.
    public func select(questionVector: [Float], question: String, budget: SchemaBudget = SchemaBudget()) -> SchemaSelection {
        let count = tables.count
        guard count > 0 else { return .empty }
        let scores = self.scores(questionVector: questionVector, question: question)
        let order = Array(0..<count).sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        let maxTables = max(1, budget.maxTables)

        var selected: [SelectedTable] = []
        selected.reserveCapacity(min(count, maxTables))
        var isSelected = [Bool](repeating: false, count: count)
        var usedTokens = 0
        var omitted = 0
        func add(_ index: Int, _ reason: SchemaInclusionReason) {
            guard selected.count < maxTables, !isSelected[index] else { return }
            let cost = budget.tokenCost.map { max(0, $0(tables[index])) } ?? defaultTokenCosts[index]
            if !selected.isEmpty, usedTokens + cost > budget.maxTokens {
                omitted += 1
                return
            }
            isSelected[index] = true
            usedTokens += cost
            selected.append(SelectedTable(table: tables[index], score: scores[index], reason: reason, estimatedTokens: cost))
        }

        let best = scores[order[0]]
        for (rank, index) in order.enumerated() {
            if selected.count >= maxTables { break }
            if rank >= budget.guaranteedTables {
                let score = scores[index]
                if !(score > 0 && score >= budget.relativeScoreCutoff * best) { break }
            }
            add(index, .ranked)
            if rank < budget.expandedTables, isSelected[index] {
                let name = tables[index].name
                for neighbour in neighbours[index].sorted(by: { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }) {
                    add(neighbour, .foreignKeyNeighbour(of: name))
                }
            }
        }

        if budget.addsBridgeTables, selected.count < maxTables, selected.count >= 2 {
            var bridges: [(index: Int, connects: [Int])] = []
            for index in 0..<count where !isSelected[index] {
                let connects = neighbours[index].filter { isSelected[$0] }
                if connects.count >= 2 { bridges.append((index, connects)) }
            }
            bridges.sort { scores[$0.index] != scores[$1.index] ? scores[$0.index] > scores[$1.index] : $0.index < $1.index }
            for bridge in bridges {
                add(bridge.index, .bridge(connecting: bridge.connects.map { tables[$0].name }))
            }
        }
        return SchemaSelection(tables: selected, omittedForBudget: omitted)
    }

    /// Every table's relevance score for a question, indexed like ``tables``; see the type's
    /// discussion for the formula.
    public func scores(questionVector: [Float], question: String) -> [Float] {
        let count = tables.count
        var base = [Float](repeating: 0, count: count)
        guard count > 0 else { return base }
        if dimensions > 0, questionVector.count == dimensions {
            var squares: Float = 0
            for value in questionVector { squares += value * value }
            if squares > 0, squares.isFinite {
                let scale = 1 / squares.squareRoot()
                tableVectors.withUnsafeBufferPointer { matrix in
                    base.withUnsafeMutableBufferPointer { output in
                        for dimension in 0..<dimensions {
                            let weight = questionVector[dimension] * scale
                            if weight == 0 { continue }
                            let row = dimension * count
                            for table in 0..<count { output[table] += weight * matrix[row + table] }
                        }
                    }
                }
            }
        }
        lexicon.accumulate(question: question, into: &base)
        var scores = base
        for table in 0..<count {
            var bestNeighbour: Float = 0
            for neighbour in neighbours[table] { bestNeighbour = max(bestNeighbour, base[neighbour]) }
            scores[table] += Self.neighbourScoreShare * bestNeighbour
        }
        return scores
    }

    /// The undirected foreign-key graph of `tables`, resolving referenced names case-insensitively
    /// (preferring the referenced schema, else the referencing table's schema).
    static func foreignKeyNeighbours(of tables: [TableSchema]) -> [[Int]] {
        var byName: [String: [Int]] = [:]
        for (index, table) in tables.enumerated() { byName[table.name.lowercased(), default: []].append(index) }
        var sets = [Set<Int>](repeating: [], count: tables.count)
        for (index, table) in tables.enumerated() {
            for key in table.foreignKeys {
                guard let candidates = byName[key.referencedTable.lowercased()], let first = candidates.first else { continue }
                let wantedSchema = (key.referencedSchema ?? table.schema)?.lowercased()
                let target = candidates.first { tables[$0].schema?.lowercased() == wantedSchema } ?? first
                guard target != index else { continue }
                sets[index].insert(target)
                sets[target].insert(index)
            }
        }
        return sets.map { $0.sorted() }
    }
}
