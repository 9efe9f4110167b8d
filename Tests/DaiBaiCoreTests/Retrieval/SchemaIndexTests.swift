import DaiBaiCore
import Testing

@Suite("Schema index")
struct SchemaIndexTests {
    static func column(_ name: String, _ type: String = "integer") -> ColumnSchema { ColumnSchema(name: name, type: type) }

    /// A small music-and-HR schema: singer ← performance → concert → stadium, plus unrelated tables.
    static let schema = DatabaseSchema(tables: [
        TableSchema(name: "singer", columns: [column("singer_id"), column("name", "text"), column("country", "text"), column("age")],
                    primaryKey: ["singer_id"]),
        TableSchema(name: "concert", columns: [column("concert_id"), column("concert_name", "text"), column("theme", "text"),
                                               column("year"), column("stadium_id")],
                    primaryKey: ["concert_id"],
                    foreignKeys: [ForeignKey(columns: ["stadium_id"], referencedTable: "stadium", referencedColumns: ["stadium_id"])]),
        TableSchema(name: "stadium", columns: [column("stadium_id"), column("location", "text"), column("capacity")],
                    primaryKey: ["stadium_id"]),
        // A bridge whose own words say nothing about singers or concerts.
        TableSchema(name: "gig", columns: [column("artist_ref"), column("event_ref"), column("fee")],
                    foreignKeys: [ForeignKey(columns: ["artist_ref"], referencedTable: "singer", referencedColumns: ["singer_id"]),
                                  ForeignKey(columns: ["event_ref"], referencedTable: "concert", referencedColumns: ["concert_id"])]),
        TableSchema(name: "employee", columns: [column("employee_id"), column("first_name", "text"), column("salary"), column("department_id")],
                    foreignKeys: [ForeignKey(columns: ["department_id"], referencedTable: "department", referencedColumns: ["department_id"])]),
        TableSchema(name: "department", columns: [column("department_id"), column("department_name", "text"), column("budget")]),
        TableSchema(name: "payroll", columns: [column("payroll_id"), column("employee_id"), column("amount"), column("paid_on", "date")],
                    foreignKeys: [ForeignKey(columns: ["employee_id"], referencedTable: "employee", referencedColumns: ["employee_id"])]),
        TableSchema(name: "warehouse", columns: [column("warehouse_id"), column("city", "text"), column("square_meters")],
                    comment: "Storage sites of the company"),
    ])

    static func index() async throws -> SchemaIndex {
        try await SchemaIndex.build(schema: schema, fingerprint: "fp-1", embedder: HashingEmbeddingProvider())
    }

    static func select(_ index: SchemaIndex, _ question: String, _ budget: SchemaBudget = SchemaBudget()) -> SchemaSelection {
        index.select(questionVector: HashingEmbeddingProvider().vector(for: question), question: question, budget: budget)
    }

    @Test("The obviously right table ranks first")
    func picksRightTable() async throws {
        let index = try await Self.index()
        #expect(index.fingerprint == "fp-1")
        #expect(index.tables.count == 8)
        #expect(index.embedderName == HashingEmbeddingProvider().name)
        let cases = [
            "How many singers do we have?": "singer",
            "What is the average salary of employees?": "employee",
            "Which departments have a budget above 1000?": "department",
            "Total payroll amount paid in March": "payroll",
            "List the storage sites in Paris": "warehouse",
            "Which stadium has the largest capacity?": "stadium",
        ]
        for (question, table) in cases {
            let selection = Self.select(index, question)
            #expect(selection.tables.first?.name == table, "\(question) → \(selection.tableNames)")
            #expect(selection.tables.first?.reason == .ranked)
        }
    }

    @Test("Foreign-key neighbours of the best tables are added")
    func addsNeighbours() async throws {
        let index = try await Self.index()
        let budget = SchemaBudget(guaranteedTables: 1, relativeScoreCutoff: 1, expandedTables: 1)
        let selection = Self.select(index, "Which stadium has the largest capacity?", budget)
        #expect(selection.tableNames == ["stadium", "concert"])
        #expect(selection.tables[1].reason == .foreignKeyNeighbour(of: "stadium"))
        #expect(selection.allowedTables == ["stadium", "concert"])
        // Tables that reference the chosen one count as neighbours too.
        let employees = Self.select(index, "average salary of employees", budget)
        #expect(Set(employees.tableNames) == ["employee", "department", "payroll"])
    }

    @Test("A table joining two chosen tables is added as a bridge")
    func addsBridges() async throws {
        let index = try await Self.index()
        let budget = SchemaBudget(guaranteedTables: 2, relativeScoreCutoff: 1, expandedTables: 0)
        let selection = Self.select(index, "Names of singers who performed in the concert with theme Free choice", budget)
        #expect(Set(selection.tableNames.prefix(2)) == ["singer", "concert"])
        #expect(selection.tables.last?.name == "gig")
        #expect(selection.tables.last?.reason == .bridge(connecting: ["singer", "concert"]))
        let without = Self.select(index, "Names of singers who performed in the concert with theme Free choice",
                                  SchemaBudget(guaranteedTables: 2, relativeScoreCutoff: 1, expandedTables: 0, addsBridgeTables: false))
        #expect(!without.allowedTables.contains("gig"))
    }

    @Test("maxTables caps the selection")
    func honoursMaxTables() async throws {
        let index = try await Self.index()
        for limit in [1, 2, 3] {
            let selection = Self.select(index, "singers concerts stadiums employees", SchemaBudget(maxTables: limit))
            #expect(selection.tables.count == limit)
        }
        #expect(Self.select(index, "singers", SchemaBudget(maxTables: 0)).tables.count == 1)
        #expect(Self.select(index, "singers", SchemaBudget(maxTables: 100, guaranteedTables: 100)).tables.count == 8)
        // Ranked tables past the guaranteed ones need a positive score.
        #expect(Self.select(index, "singers", SchemaBudget(maxTables: 100, guaranteedTables: 1, relativeScoreCutoff: 0, expandedTables: 0))
            .tables.allSatisfy { $0.score > 0 })
    }

    @Test("maxTokens caps the selection, with the default and a custom cost")
    func honoursMaxTokens() async throws {
        let index = try await Self.index()
        let question = "singers concerts stadiums employees departments"
        let custom = SchemaBudget(maxTokens: 250, tokenCost: { _ in 100 })
        let selection = Self.select(index, question, custom)
        #expect(selection.tables.count == 2)
        #expect(selection.estimatedTokens == 200)
        #expect(selection.omittedForBudget > 0)

        let singerCost = SchemaBudget.estimatedTokens(for: Self.schema.tables[0])
        // "singer(singer_id integer, name text, country text, age integer)" has 65 characters.
        #expect(singerCost == 17)
        let tight = Self.select(index, question, SchemaBudget(maxTokens: 40))
        #expect(tight.estimatedTokens <= 40)
        #expect(!tight.tables.isEmpty)
        // The best table is kept even when it alone exceeds the budget.
        let tiny = Self.select(index, "How many singers do we have?", SchemaBudget(maxTokens: 1))
        #expect(tiny.tableNames == ["singer"])
    }

    @Test("An empty schema gives an empty selection")
    func emptySchema() async throws {
        let index = try await SchemaIndex.build(schema: DatabaseSchema(tables: []), fingerprint: "empty", embedder: HashingEmbeddingProvider())
        #expect(index.dimensions == 0)
        let selection = index.select(questionVector: HashingEmbeddingProvider().vector(for: "singers"), question: "singers")
        #expect(selection.tables.isEmpty)
        #expect(selection.allowedTables.isEmpty)
    }

    @Test("A question that matches nothing falls back to the top tables, never empty")
    func noMatch() async throws {
        let index = try await Self.index()
        let selection = Self.select(index, "zzqx wvvk")
        // Only the 5 guaranteed tables (and neighbours of the first 3) survive near-zero scores.
        #expect(selection.tables.count == 5)
        #expect(selection.tables.filter { $0.reason == .ranked }.count >= 2)
        let withoutVector = index.select(questionVector: [], question: "zzqx")
        #expect(!withoutVector.tables.isEmpty)
        #expect(withoutVector.tables.count <= 15)
    }

    @Test("A question vector of the wrong length falls back to word matches")
    func wrongVectorLength() async throws {
        let index = try await Self.index()
        let selection = index.select(questionVector: [1, 2, 3], question: "How many singers do we have?")
        #expect(selection.tables.first?.name == "singer")
    }

    @Test("Building from precomputed vectors validates them and matches build")
    func precomputedVectors() async throws {
        let embedder = HashingEmbeddingProvider()
        let vectors = try await embedder.embed(SchemaIndex.descriptions(of: Self.schema))
        let index = try SchemaIndex(schema: Self.schema, fingerprint: "fp", embedderName: embedder.name, tableVectors: vectors)
        let built = try await Self.index()
        let question = "Which stadium has the largest capacity?"
        let vector = embedder.vector(for: question)
        #expect(index.scores(questionVector: vector, question: question) == built.scores(questionVector: vector, question: question))
        #expect(throws: LLMError.self) {
            try SchemaIndex(schema: Self.schema, fingerprint: "fp", embedderName: "x", tableVectors: Array(vectors.dropLast()))
        }
        var ragged = vectors
        ragged[0] = [1]
        #expect(throws: LLMError.self) {
            try SchemaIndex(schema: Self.schema, fingerprint: "fp", embedderName: "x", tableVectors: ragged)
        }
        let viaEmbedder = try await built.select(question: question, embedder: embedder)
        #expect(viaEmbedder == Self.select(built, question))
    }

    @Test("Descriptions name the table, its columns, foreign-key targets and comments")
    func descriptions() {
        #expect(SchemaIndex.description(of: Self.schema.tables[3]) == "gig artist_ref event_ref fee singer concert")
        #expect(SchemaIndex.description(of: Self.schema.tables[7]) == "warehouse warehouse_id city square_meters Storage sites of the company")
    }
}
