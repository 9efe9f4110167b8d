import DaiBaiCore
import DaiBaiTestSupport
import Foundation

/// Core's own stores, as the conformance kit runs them: SQLite files in a fresh temporary
/// directory, SQLite in memory, and the local secret stores.
enum LocalStoreSubjects {
    static let chatStores: [ChatStoreSubject] = [
        ChatStoreSubject("SQLiteChatStore (file)") { setup, body in
            try await withTemporaryDirectory { dir in
                let store = try chatStore(database: SQLiteDatabase(path: dir.appendingPathComponent("db/daibai.sqlite").path), setup)
                try await body(store)
                try store.database.close()
            }
        },
        ChatStoreSubject("SQLiteChatStore (in memory)") { setup, body in
            try await body(try chatStore(database: SQLiteDatabase.inMemory(), setup))
        },
    ]

    /// A chat store on `database` with the setup's clock, and its id generator unless it asks
    /// for the store's default.
    private static func chatStore(database: SQLiteDatabase, _ setup: StoreSetup) throws -> SQLiteChatStore {
        if let ids = setup.ids {
            try SQLiteChatStore(database: database, clock: setup.clock, idGenerator: ids)
        } else {
            try SQLiteChatStore(database: database, clock: setup.clock)
        }
    }

    static let inventories: [DataInventorySubject] = [
        DataInventorySubject("SQLiteDataInventory (file)") { setup, body in
            try await withTemporaryDirectory { dir in
                let inventory = try SQLiteDataInventory(path: dir.appendingPathComponent("daibai.sqlite").path, clock: setup.clock)
                try await body(inventory)
                try inventory.database.close()
            }
        },
        DataInventorySubject("SQLiteDataInventory (in memory)") { setup, body in
            try await body(try SQLiteDataInventory(database: try SQLiteDatabase.inMemory(), clock: setup.clock))
        },
    ]

    static let secretStores: [SecretStoreSubject] = [
        SecretStoreSubject("DirectorySecretStore (per tenant)") { _, body in
            try await withTemporaryDirectory { dir in
                try await body(DirectorySecretStore(root: dir.appendingPathComponent("secrets").path, layout: .perTenant))
            }
        },
        SecretStoreSubject("EncryptedFileSecretStore") { _, body in
            try await withTemporaryDirectory { dir in
                try await body(try EncryptedFileSecretStore(
                    path: dir.appendingPathComponent("secrets/secrets.json").path,
                    key: EncryptedFileSecretStore.generateKey()))
            }
        },
    ]
}
