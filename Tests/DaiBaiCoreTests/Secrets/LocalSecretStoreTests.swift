import DaiBaiCore
import DaiBaiTestSupport
import DaiBaiTesting
import Foundation
import Testing

/// Behaviour specific to the local secret stores, the SecretValue redaction, and the SQLite files.
@Suite("Local secret stores")
struct LocalSecretStoreTests {
    let ctx = TestContexts.a

    // MARK: - EncryptedFileSecretStore

    /// Reads the JSON file as a dictionary.
    private func readJSON(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    private func writeJSON(_ object: [String: Any], to path: String) throws {
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
    }

    private func expectIntegrityFailure(
        sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () async throws -> Void
    ) async {
        do {
            try await body()
            Issue.record("expected integrityFailure, nothing was thrown", sourceLocation: sourceLocation)
        } catch {
            guard let error = error as? SecretStoreError, case .integrityFailure = error else {
                Issue.record("expected integrityFailure, got \(error)", sourceLocation: sourceLocation)
                return
            }
        }
    }

    @Test("the file holds no plaintext and is readable by its owner only")
    func encryptedFileHasNoPlaintext() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("nested/secrets.json").path
            let store = try EncryptedFileSecretStore(path: path, key: EncryptedFileSecretStore.generateKey())
            let plaintext = "sk-live-PLAINTEXT-9f8e7d6c5b4a"
            try await store.setSecret(SecretValue(plaintext), named: secretName("OPENAI_API_KEY"), context: ctx)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.contains(plaintext))
            #expect(!text.contains("PLAINTEXT"))
            #expect(!text.contains(Data(plaintext.utf8).base64EncodedString()))
            #expect(text.contains("OPENAI_API_KEY"))  // names are not secret
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            let directoryAttributes = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("nested").path)
            #expect((directoryAttributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
            // No temporary files are left behind.
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("nested").path) == ["secrets.json"])
            // The sealed value is nonce(12) + ciphertext(n) + tag(16).
            let entries = try #require(try readJSON(path)["entries"] as? [[String: Any]])
            let sealedText = try #require(entries.first?["sealed"] as? String)
            let sealed = try #require(Data(base64Encoded: sealedText))
            #expect(sealed.count == 12 + plaintext.utf8.count + 16)
        }
    }

    @Test("a missing file is an empty store and reopening sees the data")
    func encryptedReopen() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("secrets.json").path
            let key = EncryptedFileSecretStore.generateKey()
            let first = try EncryptedFileSecretStore(path: path, key: key)
            #expect(try await first.secretNames(context: ctx).isEmpty)
            #expect(!FileManager.default.fileExists(atPath: path))
            try await first.setSecret(SecretValue("v1"), named: secretName("ONE"), context: ctx)
            let second = try EncryptedFileSecretStore(path: path, key: key)
            #expect(try await second.secret(named: secretName("ONE"), context: ctx)?.revealed() == "v1")
        }
    }

    @Test("a wrong key is an integrity failure for every call, and writes nothing")
    func encryptedWrongKey() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("secrets.json").path
            let right = try EncryptedFileSecretStore(path: path, key: EncryptedFileSecretStore.generateKey())
            try await right.setSecret(SecretValue("value"), named: secretName("API_KEY"), context: ctx)
            let before = try Data(contentsOf: URL(fileURLWithPath: path))

            let wrong = try EncryptedFileSecretStore(path: path, key: EncryptedFileSecretStore.generateKey())
            await expectIntegrityFailure { _ = try await wrong.secret(named: secretName("API_KEY"), context: ctx) }
            await expectIntegrityFailure { _ = try await wrong.secretNames(context: ctx) }
            await expectIntegrityFailure { try await wrong.setSecret(SecretValue("x"), named: secretName("OTHER"), context: ctx) }
            await expectIntegrityFailure { try await wrong.deleteSecret(named: secretName("API_KEY"), context: ctx) }
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
            #expect(try await right.secret(named: secretName("API_KEY"), context: ctx)?.revealed() == "value")
        }
    }

    @Test("a wrong key is detected even when the file has no entries")
    func encryptedWrongKeyEmptyFile() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("secrets.json").path
            let right = try EncryptedFileSecretStore(path: path, key: EncryptedFileSecretStore.generateKey())
            try await right.setSecret(SecretValue("value"), named: secretName("API_KEY"), context: ctx)
            try await right.deleteSecret(named: secretName("API_KEY"), context: ctx)
            let wrong = try EncryptedFileSecretStore(path: path, key: EncryptedFileSecretStore.generateKey())
            await expectIntegrityFailure { _ = try await wrong.secretNames(context: ctx) }
        }
    }

    @Test("a tampered byte in a sealed value is an integrity failure", arguments: [0, 11, 12, 13, -1])
    func encryptedTamperedByte(position: Int) async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("secrets.json").path
            let store = try EncryptedFileSecretStore(path: path, key: EncryptedFileSecretStore.generateKey())
            try await store.setSecret(SecretValue("tamper me"), named: secretName("API_KEY"), context: ctx)
            var json = try readJSON(path)
            var entries = try #require(json["entries"] as? [[String: Any]])
            let sealedText = try #require(entries[0]["sealed"] as? String)
            var sealed = try #require(Data(base64Encoded: sealedText))
            let index = position >= 0 ? position : sealed.count - 1
            sealed[index] ^= 0x01
            entries[0]["sealed"] = sealed.base64EncodedString()
            json["entries"] = entries
            try writeJSON(json, to: path)
            await expectIntegrityFailure { _ = try await store.secret(named: secretName("API_KEY"), context: ctx) }
        }
    }

    @Test("a corrupted or foreign file is an integrity failure")
    func encryptedCorruptFile() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("secrets.json").path
            let store = try EncryptedFileSecretStore(path: path, key: EncryptedFileSecretStore.generateKey())
            try await store.setSecret(SecretValue("v"), named: secretName("API_KEY"), context: ctx)
            var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            bytes[0] = UInt8(ascii: "X")
            try bytes.write(to: URL(fileURLWithPath: path))
            await expectIntegrityFailure { _ = try await store.secretNames(context: ctx) }
            try Data("{\"hello\": 1}".utf8).write(to: URL(fileURLWithPath: path))
            await expectIntegrityFailure { _ = try await store.secret(named: secretName("API_KEY"), context: ctx) }
        }
    }

    @Test("a sealed value moved to another name or tenant does not open")
    func encryptedMovedEntry() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("secrets.json").path
            let store = try EncryptedFileSecretStore(path: path, key: EncryptedFileSecretStore.generateKey())
            try await store.setSecret(SecretValue("a-secret"), named: secretName("A_KEY"), context: ctx)
            try await store.setSecret(SecretValue("b-secret"), named: secretName("B_KEY"), context: TestContexts.b)
            let original = try readJSON(path)
            let entries = try #require(original["entries"] as? [[String: Any]])
            let aEntry = try #require(entries.first { $0["name"] as? String == "A_KEY" })

            // Renamed entry: same tenant, other name.
            var renamed = aEntry
            renamed["name"] = "OTHER_KEY"
            var json = original
            json["entries"] = entries.filter { $0["name"] as? String != "A_KEY" } + [renamed]
            try writeJSON(json, to: path)
            await expectIntegrityFailure { _ = try await store.secret(named: secretName("OTHER_KEY"), context: ctx) }

            // Moved entry: other tenant, same name.
            var moved = aEntry
            moved["tenant"] = TestContexts.tenantB.rawValue
            json["entries"] = entries.filter { $0["name"] as? String != "A_KEY" && $0["tenant"] as? String != "tenant-b" } + [moved]
            try writeJSON(json, to: path)
            await expectIntegrityFailure { _ = try await store.secret(named: secretName("A_KEY"), context: TestContexts.b) }

            // Sealed value copied over another entry's value.
            var copied = try #require(entries.first { $0["name"] as? String == "B_KEY" })
            copied["sealed"] = aEntry["sealed"]
            json["entries"] = [aEntry, copied]
            try writeJSON(json, to: path)
            await expectIntegrityFailure { _ = try await store.secret(named: secretName("B_KEY"), context: TestContexts.b) }

            // Restoring the original file restores access.
            try writeJSON(original, to: path)
            #expect(try await store.secret(named: secretName("A_KEY"), context: ctx)?.revealed() == "a-secret")
            #expect(try await store.secret(named: secretName("B_KEY"), context: TestContexts.b)?.revealed() == "b-secret")
        }
    }

    static let badKeys: [String] = [
        "",
        "not base64 at all!",
        "c2hvcnQ=",  // "short"
        Data(repeating: 7, count: 16).base64EncodedString(),
        Data(repeating: 7, count: 31).base64EncodedString(),
        Data(repeating: 7, count: 33).base64EncodedString(),
        Data(repeating: 7, count: 64).base64EncodedString(),
        String(repeating: "k", count: 32),  // 32 characters, but not base64 of 32 bytes
    ]

    @Test("a key that is not base64 of 32 bytes is misconfigured, and the error never shows it", arguments: Self.badKeys)
    func encryptedBadKey(key: String) throws {
        do throws(SecretStoreError) {
            _ = try EncryptedFileSecretStore(path: "/nonexistent/secrets.json", key: SecretValue(key))
            Issue.record("a bad key was accepted")
        } catch {
            guard case .misconfigured = error else {
                Issue.record("expected misconfigured, got \(error)")
                return
            }
            for text in ["\(error)", String(reflecting: error)] {
                #expect(text.contains("secrets.encryption_key"))
                #expect(text.contains("32"))
                if !key.isEmpty { #expect(!text.contains(key)) }
            }
            if !key.isEmpty { #expect(!error.localizedDescription.contains(key)) }
            var dumped = ""
            dump(error, to: &dumped)
            if !key.isEmpty { #expect(!dumped.contains(key)) }
        }
    }

    @Test("a valid key with surrounding whitespace is accepted")
    func encryptedKeyWithNewline() async throws {
        let key = Data((0..<32).map { UInt8($0) }).base64EncodedString()
        try await withTemporaryDirectory { dir in
            let store = try EncryptedFileSecretStore(path: dir.appendingPathComponent("s.json").path, key: SecretValue(key + "\n"))
            try await store.setSecret(SecretValue("ok"), named: secretName("K"), context: ctx)
            let again = try EncryptedFileSecretStore(path: dir.appendingPathComponent("s.json").path, key: SecretValue(key))
            #expect(try await again.secret(named: secretName("K"), context: ctx)?.revealed() == "ok")
        }
    }

    @Test("generated keys are 32 random bytes in base64")
    func generatedKeys() throws {
        let first = EncryptedFileSecretStore.generateKey().revealed()
        let second = EncryptedFileSecretStore.generateKey().revealed()
        #expect(Data(base64Encoded: first)?.count == 32)
        #expect(first != second)
    }

    @Test("50 concurrent sets all survive")
    func encryptedConcurrentSets() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("secrets.json").path
            let key = EncryptedFileSecretStore.generateKey()
            let store = try EncryptedFileSecretStore(path: path, key: key)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<50 {
                    group.addTask {
                        try await store.setSecret(SecretValue("value-\(index)"), named: secretName("KEY_\(index)"), context: TestContexts.a)
                    }
                }
                try await group.waitForAll()
            }
            let expectedNames = (0..<50).map { "KEY_\($0)" }.sorted()
            #expect(try await store.secretNames(context: ctx).map(\.rawValue) == expectedNames)
            let reopened = try EncryptedFileSecretStore(path: path, key: key)
            #expect(try await reopened.secretNames(context: ctx).map(\.rawValue) == expectedNames)
            for index in 0..<50 {
                #expect(try await reopened.secret(named: secretName("KEY_\(index)"), context: ctx)?.revealed() == "value-\(index)")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["secrets.json"])
        }
    }

    // MARK: - DirectorySecretStore

    @Test("directory writes replace the file atomically, with mode 0600 in a 0700 directory")
    func directoryAtomicWrite() async throws {
        try await withTemporaryDirectory { dir in
            let root = dir.appendingPathComponent("secrets").path
            let store = DirectorySecretStore(root: root)
            let name = secretName("DB_PASSWORD")
            try await store.setSecret(SecretValue("first"), named: name, context: ctx)
            let file = root + "/tenant-a/DB_PASSWORD"
            let firstAttributes = try FileManager.default.attributesOfItem(atPath: file)
            #expect((firstAttributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            let tenantDirectory = try FileManager.default.attributesOfItem(atPath: root + "/tenant-a")
            #expect((tenantDirectory[.posixPermissions] as? NSNumber)?.intValue == 0o700)
            #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == Data("first\n".utf8))

            // A reader holding the old file keeps the old content: the new value arrives by rename.
            let oldHandle = try FileHandle(forReadingFrom: URL(fileURLWithPath: file))
            defer { try? oldHandle.close() }
            try await store.setSecret(SecretValue("second, longer value"), named: name, context: ctx)
            #expect(try oldHandle.readToEnd() == Data("first\n".utf8))
            let secondAttributes = try FileManager.default.attributesOfItem(atPath: file)
            #expect((secondAttributes[.systemFileNumber] as? NSNumber) != (firstAttributes[.systemFileNumber] as? NSNumber))
            #expect((secondAttributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == Data("second, longer value\n".utf8))
            // No temporary files are left behind.
            #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/tenant-a") == ["DB_PASSWORD"])
        }
    }

    @Test("one trailing newline is trimmed from hand-written files", arguments: [
        ("value\n", "value"),
        ("value", "value"),
        ("value\n\n", "value\n"),
        ("multi\nline\n", "multi\nline"),
        ("\n", ""),
        ("", ""),
        ("windows\r\n", "windows\r"),
    ])
    func directoryTrailingNewline(content: String, expected: String) async throws {
        try await withTemporaryDirectory { dir in
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("tenant-a"), withIntermediateDirectories: true)
            try Data(content.utf8).write(to: dir.appendingPathComponent("tenant-a/API_TOKEN"))
            let store = DirectorySecretStore(root: dir.path)
            #expect(try await store.secret(named: secretName("API_TOKEN"), context: ctx)?.revealed() == expected)
        }
    }

    @Test("only valid secret names that are regular files are listed; nothing outside the root is reachable")
    func directoryNoTraversal() async throws {
        try await withTemporaryDirectory { dir in
            let root = dir.appendingPathComponent("root")
            let tenantDirectory = root.appendingPathComponent("tenant-a")
            try FileManager.default.createDirectory(at: tenantDirectory, withIntermediateDirectories: true)
            // A secret-looking file next to the root, which a traversal would reach.
            try Data("outside".utf8).write(to: dir.appendingPathComponent("OUTSIDE"))
            for junk in [".hidden", ".KEY.tmp-123", "bad name", "1DIGIT", "dotted.name"] {
                try Data("junk".utf8).write(to: tenantDirectory.appendingPathComponent(junk))
            }
            try FileManager.default.createDirectory(at: tenantDirectory.appendingPathComponent("SUBDIR"), withIntermediateDirectories: true)
            try Data("ok".utf8).write(to: tenantDirectory.appendingPathComponent("GOOD_KEY"))
            let store = DirectorySecretStore(root: root.path)
            #expect(try await store.secretNames(context: ctx) == [secretName("GOOD_KEY")])
            // Names and tenants that would walk out of the root cannot be constructed.
            for raw in ["../OUTSIDE", "../../OUTSIDE", "/etc/passwd", "a/../../OUTSIDE", "..", "."] {
                #expect(SecretName(rawValue: raw) == nil)
                #expect(TenantID(rawValue: raw) == nil)
            }
            let singleTenant = DirectorySecretStore(root: tenantDirectory.path, layout: .singleTenant(owner: TestContexts.tenantA))
            #expect(try await singleTenant.secretNames(context: ctx) == [secretName("GOOD_KEY")])
            #expect(try await singleTenant.secret(named: secretName("OUTSIDE"), context: ctx) == nil)
        }
    }

    @Test("a missing root lists nothing and reads nil")
    func directoryMissingRoot() async throws {
        let store = DirectorySecretStore(root: "/nonexistent-daibai-\(UUID().uuidString)")
        #expect(try await store.secretNames(context: ctx).isEmpty)
        #expect(try await store.secret(named: secretName("ANY"), context: ctx) == nil)
        await #expect(throws: SecretStoreError.notFound(secretName("ANY"))) {
            try await store.deleteSecret(named: secretName("ANY"), context: ctx)
        }
    }

    // MARK: - EnvironmentSecretStore

    static let environment: [String: String] = [
        "OPENAI_API_KEY": "sk-openai",
        "DB_PASSWORD": "hunter2",
        "GITHUB_TOKEN": "ghp",
        "SIGNING_SECRET": "sig",
        "AES_KEY": "aes",
        "WAREHOUSE_CONNECTION_STRING": "Server=x;Password=y",
        "PATH": "/usr/bin",
        "HOME": "/root",
        "lowercase_api_key": "not conventional (case-sensitive)",
        "1BAD_KEY": "invalid name",
        "DOTTED.KEY": "invalid name",
        "DAIBAI_SETTING": "config, not a secret",
    ]

    @Test("the environment store exposes only conventional secret names by default")
    func environmentDefaultFilter() async throws {
        let store = EnvironmentSecretStore(environment: Self.environment)
        let local = RequestContext.local
        #expect(try await store.secretNames(context: local).map(\.rawValue) == [
            "AES_KEY", "DB_PASSWORD", "GITHUB_TOKEN", "OPENAI_API_KEY", "SIGNING_SECRET", "WAREHOUSE_CONNECTION_STRING",
        ])
        #expect(try await store.secret(named: secretName("DB_PASSWORD"), context: local)?.revealed() == "hunter2")
        #expect(try await store.secret(named: secretName("PATH"), context: local) == nil)
        #expect(try await store.secret(named: secretName("HOME"), context: local) == nil)
        #expect(try await store.secret(named: secretName("lowercase_api_key"), context: local) == nil)
        #expect(try await store.secret(named: secretName("MISSING_KEY"), context: local) == nil)
        #expect(store.storeName == "environment")
    }

    @Test("the environment filter can name variables and prefixes")
    func environmentCustomFilter() async throws {
        let only = EnvironmentSecretStore(environment: Self.environment, filter: .only([secretName("PATH")]))
        #expect(try await only.secretNames(context: .local) == [secretName("PATH")])
        #expect(try await only.secret(named: secretName("PATH"), context: .local)?.revealed() == "/usr/bin")
        #expect(try await only.secret(named: secretName("OPENAI_API_KEY"), context: .local) == nil)

        let prefixed = EnvironmentSecretStore(
            environment: Self.environment, filter: EnvironmentSecretFilter(prefixes: ["DAIBAI_", "GITHUB"]))
        #expect(try await prefixed.secretNames(context: .local).map(\.rawValue) == ["DAIBAI_SETTING", "GITHUB_TOKEN"])

        let none = EnvironmentSecretStore(environment: Self.environment, filter: EnvironmentSecretFilter(prefixes: [""], suffixes: [""]))
        #expect(try await none.secretNames(context: .local).isEmpty)
    }

    @Test("the environment store is read-only for every tenant")
    func environmentReadOnly() async throws {
        let store = EnvironmentSecretStore(environment: Self.environment)
        for context in [RequestContext.local, TestContexts.b] {
            await #expect(throws: SecretStoreError.readOnly(store: "environment")) {
                try await store.setSecret(SecretValue("x"), named: secretName("NEW_KEY"), context: context)
            }
            await #expect(throws: SecretStoreError.readOnly(store: "environment")) {
                try await store.deleteSecret(named: secretName("DB_PASSWORD"), context: context)
            }
        }
        #expect(try await store.secret(named: secretName("DB_PASSWORD"), context: .local)?.revealed() == "hunter2")
        #expect(SecretStoreError.readOnly(store: "environment").description.contains("read-only"))
    }

    @Test("the environment store reads the process environment by default")
    func environmentProcessDefault() async throws {
        let store = EnvironmentSecretStore()
        let expected = ProcessInfo.processInfo.environment.keys
            .compactMap(SecretName.init(rawValue:))
            .filter { name in ["_API_KEY", "_KEY", "_SECRET", "_PASSWORD", "_TOKEN", "_CONNECTION_STRING"].contains { name.rawValue.hasSuffix($0) } }
            .sorted()
        #expect(try await store.secretNames(context: .local) == expected)
        #expect(!(try await store.secretNames(context: .local).map(\.rawValue).contains("PATH")))
    }

    // MARK: - SecretValue

    @Test("SecretValue never shows its value")
    func secretValueRedaction() {
        let raw = "sk-very-secret-0123456789"
        let value = SecretValue(raw)
        struct Holder { var label = "holder"; var secret: SecretValue }
        let holder = Holder(secret: value)
        var dumped = ""
        dump(value, to: &dumped)
        var dumpedHolder = ""
        dump(holder, to: &dumpedHolder)
        let renderings = [
            value.description, value.debugDescription, "\(value)", String(describing: value), String(reflecting: value),
            "\([value])", "\(Optional(value) as Any)", String(reflecting: holder), "\(holder)", dumped, dumpedHolder,
            "\(SecretStoreError.notFound(secretName("K")))",
        ]
        for text in renderings {
            #expect(!text.contains(raw))
            #expect(!text.contains("0123456789"))
        }
        #expect(value.description == "<redacted>")
        #expect(value.debugDescription == "SecretValue(<redacted>)")
        #expect(Mirror(reflecting: value).children.isEmpty)
        #expect(value.revealed() == raw)
    }

    // MARK: - SQLite files

    @Test("SQLite stores persist across closing and reopening a WAL-mode file")
    func sqlitePersistence() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("state/daibai.sqlite").path
            let fixed = Date(timeIntervalSince1970: 1_700_000_123.456)
            let result = StoredQueryResult(columns: ["n"], rows: [["1"], ["2"], [nil]], totalRows: 3, maxRows: 2)
            let server = DataServer(name: "warehouse", dialect: .postgresql, location: .onPremises, connectionSecret: secretName("WH_CONNECTION_STRING"), summary: "sales")

            let database = try SQLiteDatabase(path: path)
            #expect(try await database.journalMode() == "wal")
            let chat = try SQLiteChatStore(database: database, clock: { fixed })
            let inventory = try SQLiteDataInventory(database: database, clock: { fixed })
            let conversation = try await chat.createConversation(id: "c1", title: "Persisted", databaseName: "warehouse", context: ctx)
            let message = try await chat.appendMessage(
                ChatMessageDraft(role: .assistant, content: "answer", sql: "SELECT n FROM t", result: result),
                toConversation: "c1", context: ctx)
            let record = try await inventory.register(server, context: ctx)
            try database.close()
            await #expect(throws: ChatStoreError.self) { _ = try await chat.conversations(limit: 1, context: ctx) }
            await #expect(throws: DataInventoryError.self) { _ = try await inventory.servers(context: ctx) }

            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)

            let reopened = try SQLiteDatabase(path: path)
            #expect(try await reopened.journalMode() == "wal")
            let chat2 = try SQLiteChatStore(database: reopened)
            let inventory2 = try SQLiteDataInventory(database: reopened)
            #expect(try await chat2.conversation(id: "c1", context: ctx) == conversation)
            #expect(try await chat2.messages(inConversation: "c1", limit: 10, context: ctx) == [message])
            #expect(try await chat2.messages(inConversation: "c1", limit: 10, context: ctx).first?.result?.rows == [["1"], ["2"]])
            #expect(try await inventory2.servers(context: ctx) == [record])
            try reopened.close()

            // The convenience initialisers open the same file.
            let chat3 = try SQLiteChatStore(path: path)
            #expect(try await chat3.conversations(limit: 10, context: ctx).map(\.id) == ["c1"])
            let inventory3 = try SQLiteDataInventory(path: path)
            #expect(try await inventory3.server(named: "warehouse", context: ctx)?.server == server)
            #expect(try await inventory3.database.journalMode() == "wal")
        }
    }

    @Test("an in-memory SQLite database is not a WAL file")
    func sqliteInMemoryJournal() async throws {
        let database = try SQLiteDatabase.inMemory()
        #expect(database.path == nil)
        #expect(try await database.journalMode() == "memory")
    }

    @Test("a database path that cannot be created is a backend error naming the operation")
    func sqliteUnopenable() async throws {
        try await withTemporaryDirectory { dir in
            let blocker = dir.appendingPathComponent("file")
            try Data("x".utf8).write(to: blocker)
            #expect {
                _ = try SQLiteChatStore(path: blocker.appendingPathComponent("sub/db.sqlite").path)
            } throws: { error in
                guard let error = error as? ChatStoreError, case .backend(let message) = error else { return false }
                return message.contains("open SQLite database")
            }
        }
    }
}
