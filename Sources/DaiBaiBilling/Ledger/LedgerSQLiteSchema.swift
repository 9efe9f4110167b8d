import GRDB

/// The ledger's table, created by the migration `usage_ledger.v1` and extended by
/// `usage_ledger.v2`.
///
/// `usage_ledger.v2` adds the column `payer TEXT NOT NULL DEFAULT 'platform'` (whose key paid
/// for an event's tokens; rows written before read back as `platform`) and lets `status` be
/// `not_charged` (token events paid with the tenant's or the user's own key, settled without
/// being sent to Stripe). SQLite cannot change a `CHECK` constraint in place, so the migration
/// rebuilds the table: it copies every row into the new shape, then drops the old table and
/// recreates its indexes, all in the migration's transaction.
enum LedgerSQLiteSchema {
    /// The identifier of the first migration: the table as it was before payers.
    static let v1 = "usage_ledger.v1"
    /// The identifier of the migration that adds `payer` and the `not_charged` status.
    static let v2 = "usage_ledger.v2"

    /// Every migration of the ledger.
    static var migrator: DatabaseMigrator { migrator(upTo: v2) }

    /// The ledger's migrations up to and including `last` (tests build older schemas with it).
    static func migrator(upTo last: String) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(v1) { db in
            try db.execute(sql: """
                CREATE TABLE usage_ledger (
                    id TEXT PRIMARY KEY NOT NULL,
                    tenant_id TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    provider TEXT,
                    model TEXT,
                    quantity INTEGER NOT NULL,
                    estimated_cost_usd TEXT,
                    occurred_at INTEGER NOT NULL,
                    recorded_at INTEGER NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('pending', 'reported', 'rejected')),
                    settled_at INTEGER,
                    rejection_reason TEXT
                );
                CREATE INDEX usage_ledger_pending ON usage_ledger (status, occurred_at, id);
                CREATE INDEX usage_ledger_totals ON usage_ledger (tenant_id, kind, occurred_at);
                """)
        }
        guard last != v1 else { return migrator }
        migrator.registerMigration(v2) { db in
            // `payer` has no CHECK: a value written by a newer version reads back as a typed
            // corrupt-record error, as an unknown `kind` does.
            try db.execute(sql: """
                CREATE TABLE usage_ledger_v2 (
                    id TEXT PRIMARY KEY NOT NULL,
                    tenant_id TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    provider TEXT,
                    model TEXT,
                    quantity INTEGER NOT NULL,
                    estimated_cost_usd TEXT,
                    occurred_at INTEGER NOT NULL,
                    recorded_at INTEGER NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('pending', 'reported', 'rejected', 'not_charged')),
                    settled_at INTEGER,
                    rejection_reason TEXT,
                    payer TEXT NOT NULL DEFAULT 'platform'
                );
                INSERT INTO usage_ledger_v2
                    (id, tenant_id, user_id, kind, provider, model, quantity, estimated_cost_usd,
                     occurred_at, recorded_at, status, settled_at, rejection_reason)
                SELECT id, tenant_id, user_id, kind, provider, model, quantity, estimated_cost_usd,
                       occurred_at, recorded_at, status, settled_at, rejection_reason
                FROM usage_ledger;
                DROP TABLE usage_ledger;
                ALTER TABLE usage_ledger_v2 RENAME TO usage_ledger;
                CREATE INDEX usage_ledger_pending ON usage_ledger (status, occurred_at, id);
                CREATE INDEX usage_ledger_totals ON usage_ledger (tenant_id, kind, occurred_at);
                """)
        }
        return migrator
    }
}
