import DaiBaiCore
import Logging

/// Opens and closes the billing stores' Core `SQLiteDatabase`, with failures as ``BillingStoreError``.
enum BillingSQLiteDatabase {
    static func open(
        path: String, busyTimeout: Duration, synchronous: SQLiteDatabase.Synchronous = .default,
        label: String, logger: Logger
    ) throws(BillingStoreError) -> SQLiteDatabase {
        do {
            return try SQLiteDatabase(path: path, busyTimeout: busyTimeout, synchronous: synchronous, label: label, logger: logger)
        } catch {
            throw BillingStoreError(error)
        }
    }

    static func inMemory(label: String, logger: Logger) throws(BillingStoreError) -> SQLiteDatabase {
        do {
            return try SQLiteDatabase.inMemory(label: label, logger: logger)
        } catch {
            throw BillingStoreError(error)
        }
    }

    static func close(_ database: SQLiteDatabase) throws(BillingStoreError) {
        do {
            try database.close()
        } catch {
            throw BillingStoreError(error)
        }
    }
}
