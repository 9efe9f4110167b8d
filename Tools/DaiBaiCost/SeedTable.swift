/// The seed's cost table ("DaiBai Azure Serverless Hosting Strategy", section 2, "Costing
/// Analysis (Monthly Estimates)"), as data: each row's cells verbatim and the figures they state.
public struct SeedTable: Sendable, Codable, Equatable {
    /// One row of the seed's table.
    public struct Row: Sendable, Codable, Equatable {
        /// The user count.
        public var users: Int
        /// The row exactly as the seed doc has it (one Markdown table line).
        public var markdown: String
        /// "Compute (Functions)", USD a month.
        public var compute: Double
        /// "Data (Cosmos/SQL)", USD a month.
        public var data: Double
        /// "Security (B2C/Vault)", USD a month.
        public var security: Double
        /// The low end of "Total Est./Mo".
        public var totalLow: Double
        /// The high end of "Total Est./Mo" (the same as ``totalLow`` for a single figure).
        public var totalHigh: Double
        /// Whether a figure is open-ended (`+`).
        public var openEnded: Bool

        /// Creates a row.
        public init(users: Int, markdown: String, compute: Double, data: Double, security: Double, totalLow: Double, totalHigh: Double, openEnded: Bool) {
            self.users = users
            self.markdown = markdown
            self.compute = compute
            self.data = data
            self.security = security
            self.totalLow = totalLow
            self.totalHigh = totalHigh
            self.openEnded = openEnded
        }

        /// The figure the seed gives for `column` (``SeedColumn/notInSeed`` has none: 0).
        public func value(_ column: SeedColumn) -> Double {
            switch column {
            case .compute: compute
            case .data: data
            case .security: security
            case .notInSeed: 0
            }
        }

        /// The sum of the seed's three columns.
        public var columnSum: Double { compute + data + security }
    }

    /// Where the table comes from.
    public var source: String
    /// The header and separator lines, verbatim.
    public var header: [String]
    /// The rows, in order.
    public var rows: [Row]

    /// The seed's table.
    public static let seed = SeedTable(
        source: "shared/reference/seed-azure-serverless-hosting-strategy.md, section 2 \"Costing Analysis (Monthly Estimates)\"",
        header: [
            "| Users | Compute (Functions) | Data (Cosmos/SQL) | Security (B2C/Vault) | Total Est./Mo |",
            "|-------|----------------------|-------------------|----------------------|---------------|",
        ],
        rows: [
            Row(users: 1, markdown: "| 1 | $0.00 (Free Grant) | $0.05 | $0.00 | **~$0.05 - $1.00** |",
                compute: 0, data: 0.05, security: 0, totalLow: 0.05, totalHigh: 1.00, openEnded: false),
            Row(users: 10, markdown: "| 10 | $0.00 (Free Grant) | $0.50 | $0.00 | **~$5.00** |",
                compute: 0, data: 0.50, security: 0, totalLow: 5.00, totalHigh: 5.00, openEnded: false),
            Row(users: 100, markdown: "| 100 | $5.00 | $15.00 | $1.00 | **~$21.00** |",
                compute: 5, data: 15, security: 1, totalLow: 21, totalHigh: 21, openEnded: false),
            Row(users: 1_000, markdown: "| 1,000 | $45.00 | $120.00 | $10.00 | **~$175.00** |",
                compute: 45, data: 120, security: 10, totalLow: 175, totalHigh: 175, openEnded: false),
            Row(users: 10_000, markdown: "| 10,000 | $400.00 | $900.00+ | $50.00 | **~$1,350.00+** |",
                compute: 400, data: 900, security: 50, totalLow: 1_350, totalHigh: 1_350, openEnded: true),
        ])

    /// The row for `users`, if the seed has one.
    public func row(users: Int) -> Row? {
        rows.first { $0.users == users }
    }
}
