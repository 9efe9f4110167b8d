import GRDB

/// The ledger's table, created by the migration `usage_ledger.v1`.
enum LedgerSQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("usage_ledger.v1") { db in
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
        return migrator
    }
}
