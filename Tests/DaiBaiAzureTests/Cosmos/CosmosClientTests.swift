import DaiBaiAzure
import DaiBaiAzureTestSupport
import DaiBaiCore
import DaiBaiTestSupport
import DaiBaiTesting
import Foundation
import Testing

/// A document of the client tests; `tenantId` is the container's partition key.
private struct Note: Codable, Sendable, Equatable {
    var id: String
    var tenantId: String
    var type = "note"
    var text: String
    var rank: Int
}

/// `CosmosClient` against the fake account over loopback HTTP: the wire format, paging,
/// retries, session tokens and error mapping.
@Suite("Cosmos client")
struct CosmosClientTests {
    let db = CosmosTestNames.database
    let coll = CosmosTestNames.container

    private func docsRequests(_ server: LoopbackHTTPServer) -> [LoopbackHTTPServer.Request] {
        server.requests.filter { $0.path.hasPrefix("/dbs/\(db)/colls/\(coll)/docs") }
    }

    @Test("create, read, replace and delete a document, with the documented headers")
    func crud() async throws {
        try await CosmosFakeServer.with { fake, server in
            fake.seedContainer(database: db, container: coll)
            let notes = try CosmosClient.forTests(server).container(database: db, name: coll)
            let note = Note(id: "n1", tenantId: "t1", text: "hello", rank: 1)

            let created = try await notes.create(note, partitionKey: "t1")
            #expect(created.document == note)
            let etag = try #require(created.etag)
            #expect(try await notes.read(Note.self, id: "n1", partitionKey: "t1").document == note)

            var changed = note
            changed.text = "changed"
            let replaced = try await notes.replace(changed, id: "n1", partitionKey: "t1", ifMatch: etag)
            #expect(replaced.document == changed)
            #expect(replaced.etag != etag)
            try await notes.delete(id: "n1", partitionKey: "t1", ifMatch: replaced.etag)
            await expectError(CosmosError.self, { if case .notFound = $0 { true } else { false } }) {
                _ = try await notes.read(Note.self, id: "n1", partitionKey: "t1")
            }

            let sent = docsRequests(server)
            #expect(sent.map(\.method) == ["POST", "GET", "PUT", "DELETE", "GET"])
            #expect(sent.map(\.path) == [
                "/dbs/daibai/colls/state/docs", "/dbs/daibai/colls/state/docs/n1", "/dbs/daibai/colls/state/docs/n1",
                "/dbs/daibai/colls/state/docs/n1", "/dbs/daibai/colls/state/docs/n1",
            ])
            for request in sent {
                #expect(request.header("x-ms-version") == "2020-07-15")
                #expect(request.header("x-ms-documentdb-partitionkey") == "[\"t1\"]")
                #expect(HTTPDate.parse(request.header("x-ms-date") ?? "") != nil)
                #expect(request.header("authorization")?.hasPrefix("type%3Dmaster%26ver%3D1.0%26sig%3D") == true)
                #expect(request.header("x-ms-documentdb-is-upsert") == nil)
            }
            #expect(sent[0].header("content-type") == "application/json")
            #expect(CosmosFakeJSON.parse(sent[0].body)?["text"] == .string("hello"))
            #expect(sent[2].header("if-match") == etag)
            #expect(sent[3].header("if-match") == replaced.etag)
        }
    }

    @Test("a replace or delete with a stale etag is preconditionFailed and changes nothing")
    func staleEtag() async throws {
        try await CosmosFakeServer.with { fake, server in
            fake.seedContainer(database: db, container: coll)
            let notes = try CosmosClient.forTests(server).container(database: db, name: coll)
            let first = try await notes.create(Note(id: "n1", tenantId: "t1", text: "v1", rank: 1), partitionKey: "t1")
            _ = try await notes.replace(Note(id: "n1", tenantId: "t1", text: "v2", rank: 1), id: "n1", partitionKey: "t1", ifMatch: first.etag)
            await expectError(CosmosError.self, { if case .preconditionFailed(let d) = $0 { d.status == 412 && d.code == "PreconditionFailed" } else { false } }) {
                _ = try await notes.replace(Note(id: "n1", tenantId: "t1", text: "v3", rank: 1), id: "n1", partitionKey: "t1", ifMatch: first.etag)
            }
            await expectError(CosmosError.self, { if case .preconditionFailed = $0 { true } else { false } }) {
                try await notes.delete(id: "n1", partitionKey: "t1", ifMatch: first.etag)
            }
            #expect(try await notes.read(Note.self, id: "n1", partitionKey: "t1").document.text == "v2")
        }
    }

    @Test("upsert sends x-ms-documentdb-is-upsert: True and creates, then replaces")
    func upsert() async throws {
        try await CosmosFakeServer.with { fake, server in
            fake.seedContainer(database: db, container: coll)
            let notes = try CosmosClient.forTests(server).container(database: db, name: coll)
            _ = try await notes.upsert(Note(id: "n1", tenantId: "t1", text: "first", rank: 1), partitionKey: "t1")
            _ = try await notes.upsert(Note(id: "n1", tenantId: "t1", text: "second", rank: 2), partitionKey: "t1")
            #expect(try await notes.read(Note.self, id: "n1", partitionKey: "t1").document.text == "second")
            let posts = docsRequests(server).filter { $0.method == "POST" }
            #expect(posts.count == 2)
            #expect(posts.allSatisfy { $0.header("x-ms-documentdb-is-upsert") == "True" })
            await expectError(CosmosError.self, { if case .conflict(let d) = $0 { d.code == "Conflict" } else { false } }) {
                _ = try await notes.create(Note(id: "n1", tenantId: "t1", text: "third", rank: 3), partitionKey: "t1")
            }
        }
    }

    @Test("a query sends its text and parameters as application/query+json and sees one partition")
    func queryOnTheWire() async throws {
        try await CosmosFakeServer.with { fake, server in
            fake.seedContainer(database: db, container: coll)
            let notes = try CosmosClient.forTests(server).container(database: db, name: coll)
            for (index, tenant) in ["t1", "t1", "t2", "t1"].enumerated() {
                _ = try await notes.create(Note(id: "n\(index)", tenantId: tenant, text: "x\(index)", rank: 10 - index), partitionKey: tenant)
            }
            let query = CosmosQuery("SELECT * FROM c WHERE c.type = @type ORDER BY c.rank ASC", ["@type": "note"])
            let found = try await notes.query(query, partitionKey: "t1", as: Note.self)
            #expect(found.map(\.id) == ["n3", "n1", "n0"])

            let sent = try #require(docsRequests(server).last)
            #expect(sent.method == "POST")
            #expect(sent.path == "/dbs/daibai/colls/state/docs")
            #expect(sent.header("x-ms-documentdb-isquery") == "True")
            #expect(sent.header("content-type") == "application/query+json")
            #expect(sent.header("x-ms-documentdb-partitionkey") == "[\"t1\"]")
            // Shape: Cosmos DB REST API reference, "Query Documents" request body.
            #expect(CosmosFakeJSON.parse(sent.body) == .object([
                "query": .string("SELECT * FROM c WHERE c.type = @type ORDER BY c.rank ASC"),
                "parameters": .array([.object(["name": .string("@type"), "value": .string("note")])]),
            ]))
        }
    }

    @Test("queries page with x-ms-max-item-count and x-ms-continuation")
    func paging() async throws {
        try await CosmosFakeServer.with { fake, server in
            fake.seedContainer(database: db, container: coll)
            let notes = try CosmosClient.forTests(server).container(database: db, name: coll)
            for index in 0..<5 {
                _ = try await notes.create(Note(id: "n\(index)", tenantId: "t1", text: "", rank: index), partitionKey: "t1")
            }
            let query = CosmosQuery("SELECT * FROM c WHERE c.type = @type ORDER BY c.rank DESC", ["@type": "note"])
            let first = try await notes.queryPage(query, partitionKey: "t1", as: Note.self, maxItemCount: 2)
            #expect(first.documents.map(\.rank) == [4, 3])
            let token = try #require(first.continuation)
            let second = try await notes.queryPage(query, partitionKey: "t1", as: Note.self, maxItemCount: 2, continuation: token)
            #expect(second.documents.map(\.rank) == [2, 1])

            let before = docsRequests(server).count
            let all = try await notes.query(query, partitionKey: "t1", as: Note.self, maxItemCount: 2)
            #expect(all.map(\.rank) == [4, 3, 2, 1, 0])
            let pages = Array(docsRequests(server).dropFirst(before))
            #expect(pages.count == 3)
            #expect(pages.map { $0.header("x-ms-max-item-count") } == ["2", "2", "2"])
            #expect(pages[0].header("x-ms-continuation") == nil)
            #expect(pages[1].header("x-ms-continuation") == token)
            #expect(pages[2].header("x-ms-continuation") != nil)
        }
    }

    @Test("429 with x-ms-retry-after-ms is retried after the server's hint, then succeeds")
    func throttlingRetried() async throws {
        try await CosmosFakeServer.with { fake, server in
            fake.seedContainer(database: db, container: coll)
            let sleeps = CosmosRecordedSleeps()
            let notes = try CosmosClient.forTests(server, sleeps: sleeps).container(database: db, name: coll)
            fake.throttle(times: 2, retryAfterMs: 250)
            let created = try await notes.create(Note(id: "n1", tenantId: "t1", text: "", rank: 0), partitionKey: "t1")
            #expect(created.document.id == "n1")
            #expect(sleeps.all == [.milliseconds(250), .milliseconds(250)])
            #expect(docsRequests(server).count == 3)
        }
    }

    @Test("throttling that outlasts the retry policy surfaces as throttled")
    func throttlingExhausted() async throws {
        try await CosmosFakeServer.with { fake, server in
            fake.seedContainer(database: db, container: coll)
            let sleeps = CosmosRecordedSleeps()
            let client = try CosmosClient(
                endpoint: server.baseURL, authentication: .masterKey(SecretValue(CosmosTestKeys.emulatorKey)),
                retryPolicy: RetryPolicy(maxAttempts: 3, maxTotalTime: TestPatience.generous, retryableStatuses: [429]), sleep: sleeps.closure)
            fake.throttle(times: 5, retryAfterMs: 10)
            await expectError(CosmosError.self, { if case .throttled(let d) = $0 { d.code == "TooManyRequests" } else { false } }) {
                _ = try await client.container(database: db, name: coll).read(Note.self, id: "n1", partitionKey: "t1")
            }
            #expect(sleeps.all == [.milliseconds(10), .milliseconds(10)])
            #expect(docsRequests(server).count == 3)
        }
    }

    @Test("the session token of a response is sent on later reads and queries of the container")
    func sessionToken() async throws {
        try await CosmosFakeServer.with { fake, server in
            fake.seedContainer(database: db, container: coll)
            let notes = try CosmosClient.forTests(server).container(database: db, name: coll)
            _ = try await notes.create(Note(id: "n1", tenantId: "t1", text: "", rank: 0), partitionKey: "t1")  // server LSN 1
            _ = try await notes.create(Note(id: "n2", tenantId: "t1", text: "", rank: 0), partitionKey: "t1")  // server LSN 2
            _ = try await notes.read(Note.self, id: "n1", partitionKey: "t1")
            _ = try await notes.query(CosmosQuery("SELECT * FROM c"), partitionKey: "t1", as: Note.self)
            let sent = docsRequests(server)
            #expect(sent[0].header("x-ms-session-token") == nil)
            // The fake numbers its session tokens "0:-1#<LSN>" after each write.
            #expect(sent[2].header("x-ms-session-token") == "0:-1#2")
            #expect(sent[3].header("x-ms-session-token") == "0:-1#2")
        }
    }

    @Test("a partition key scopes every call to its partition")
    func partitionScope() async throws {
        try await CosmosFakeServer.with { fake, server in
            fake.seedContainer(database: db, container: coll)
            let notes = try CosmosClient.forTests(server).container(database: db, name: coll)
            _ = try await notes.create(Note(id: "n1", tenantId: "t1", text: "t1's", rank: 0), partitionKey: "t1")
            await expectError(CosmosError.self, { if case .notFound = $0 { true } else { false } }) {
                _ = try await notes.read(Note.self, id: "n1", partitionKey: "t2")
            }
            #expect(try await notes.query(CosmosQuery("SELECT * FROM c"), partitionKey: "t2", as: Note.self).isEmpty)
            // A document whose partition key property disagrees with the header is refused.
            await expectError(CosmosError.self, { if case .badRequest = $0 { true } else { false } }) {
                _ = try await notes.create(Note(id: "n2", tenantId: "t1", text: "", rank: 0), partitionKey: "t2")
            }
            #expect(fake.documents(database: db, container: coll, partition: "t2").isEmpty)
        }
    }

    @Test("error bodies map to typed errors that say what failed")
    func errorMapping() async throws {
        try await CosmosFakeServer.with { fake, server in
            fake.seedContainer(database: db, container: coll)
            let client = try CosmosClient(
                endpoint: server.baseURL, authentication: .masterKey(SecretValue(CosmosTestKeys.emulatorKey)),
                retryPolicy: .none)
            let notes = client.container(database: db, name: coll)
            let note = Note(id: "n1", tenantId: "t1", text: "", rank: 0)
            let cases: [(Int, String, @Sendable (CosmosError) -> Bool)] = [
                (403, "Forbidden", { if case .forbidden = $0 { true } else { false } }),
                (413, "RequestEntityTooLarge", { if case .tooLarge = $0 { true } else { false } }),
                (400, "BadRequest", { if case .badRequest = $0 { true } else { false } }),
                (500, "InternalServerError", { if case .server = $0 { true } else { false } }),
                (503, "ServiceUnavailable", { if case .server = $0 { true } else { false } }),
            ]
            for (status, code, matches) in cases {
                fake.fail(status: status, code: code, message: "scripted \(status)")
                do throws(CosmosError) {
                    _ = try await notes.create(note, partitionKey: "t1")
                    Issue.record("expected an error for \(status)")
                } catch {
                    #expect(matches(error), "status \(status) gave \(error)")
                    #expect(error.detail == CosmosErrorDetail(
                        operation: "create document in dbs/daibai/colls/state", status: status, code: code, message: "scripted \(status)"))
                }
            }
            do throws(CosmosError) {
                _ = try await client.container(database: db, name: "missing").read(Note.self, id: "n1", partitionKey: "t1")
                Issue.record("expected notFound")
            } catch {
                guard case .notFound(let detail) = error else { Issue.record("expected notFound, got \(error)"); return }
                #expect(detail.code == "NotFound")
                #expect(error.description.contains("read document 'n1' in dbs/daibai/colls/missing"))
            }
        }
    }

    @Test("a wrong key or a stale date is unauthorized, and the key never shows")
    func unauthorized() async throws {
        try await CosmosFakeServer.with { fake, server in
            fake.seedContainer(database: db, container: coll)
            let wrong = try CosmosClient.forTests(server, key: CosmosTestKeys.vectorKey)
            do throws(CosmosError) {
                _ = try await wrong.container(database: db, name: coll).read(Note.self, id: "n1", partitionKey: "t1")
                Issue.record("expected unauthorized")
            } catch {
                guard case .unauthorized(let detail) = error else { Issue.record("expected unauthorized, got \(error)"); return }
                #expect(detail.status == 401)
                #expect(!"\(error)".contains(CosmosTestKeys.vectorKey))
                #expect(!String(reflecting: error).contains(CosmosTestKeys.vectorKey))
            }
            let late = try CosmosClient.forTests(server, now: { Date().addingTimeInterval(-3_600) })
            await expectError(CosmosError.self, { if case .unauthorized = $0 { true } else { false } }) {
                _ = try await late.container(database: db, name: coll).read(Note.self, id: "n1", partitionKey: "t1")
            }
        }
    }

    @Test("a service message that quotes the account key is redacted")
    func keyRedactedFromServiceMessages() async throws {
        try await CosmosFakeServer.with { fake, server in
            fake.seedContainer(database: db, container: coll)
            let notes = try CosmosClient.forTests(server).container(database: db, name: coll)
            fake.fail(status: 400, code: "BadRequest", message: "key was \(CosmosTestKeys.emulatorKey) here")
            do throws(CosmosError) {
                _ = try await notes.read(Note.self, id: "n1", partitionKey: "t1")
                Issue.record("expected badRequest")
            } catch {
                #expect(error.detail?.message == "key was <redacted> here")
                #expect(!error.description.contains(CosmosTestKeys.emulatorKey))
            }
        }
    }

    @Test("with an Entra ID credential the header is type=aad&ver=1.0&sig=<token> for the Cosmos scope")
    func entraID() async throws {
        try await CosmosFakeServer.with(authorization: .entraToken("entra-token-123")) { fake, server in
            fake.seedContainer(database: db, container: coll)
            let credential = StaticTokenCredential(token: "entra-token-123")
            let client = try CosmosClient(endpoint: server.baseURL, authentication: .credential(credential))
            let notes = client.container(database: db, name: coll)
            _ = try await notes.create(Note(id: "n1", tenantId: "t1", text: "", rank: 0), partitionKey: "t1")
            #expect(try await notes.read(Note.self, id: "n1", partitionKey: "t1").document.id == "n1")
            #expect(docsRequests(server).allSatisfy { $0.header("authorization") == "type%3Daad%26ver%3D1.0%26sig%3Dentra-token-123" })
            #expect(credential.requests.map(\.scopes) == [["https://cosmos.azure.com/.default"], ["https://cosmos.azure.com/.default"]])
        }
    }

    @Test("a credential failure is a credential error and sends nothing")
    func entraFailure() async throws {
        try await CosmosFakeServer.with { fake, server in
            let client = try CosmosClient(endpoint: server.baseURL, authentication: .credential(FailingTokenCredential(), scope: "https://acct.documents.azure.com/.default"))
            await expectError(CosmosError.self, { if case .credential = $0 { true } else { false } }) {
                _ = try await client.container(database: db, name: coll).read(Note.self, id: "n1", partitionKey: "t1")
            }
            #expect(server.requests.isEmpty)
        }
    }

    @Test("createDatabaseIfNeeded and createContainerIfNeeded create once, then report that it exists")
    func provisioning() async throws {
        try await CosmosFakeServer.with { fake, server in
            let client = try CosmosClient.forTests(server)
            #expect(try await client.createDatabaseIfNeeded(id: "db1"))
            #expect(try await client.createDatabaseIfNeeded(id: "db1") == false)
            #expect(try await client.createContainerIfNeeded(database: "db1", id: "c1"))
            #expect(try await client.createContainerIfNeeded(database: "db1", id: "c1") == false)
            let sent = server.requests
            #expect(sent.map { "\($0.method) \($0.path)" } == ["POST /dbs", "POST /dbs", "POST /dbs/db1/colls", "POST /dbs/db1/colls"])
            // Shape: Cosmos DB REST API reference, "Create a Collection" request body.
            let body = try #require(fake.containerBody(database: "db1", container: "c1"))
            #expect(body["partitionKey"] == .object(["paths": .array([.string("/tenantId")]), "kind": .string("Hash"), "version": .int(2)]))
            #expect(body["indexingPolicy"]?["indexingMode"] == .string("consistent"))

            try await CosmosChatStore.provision(client: client, database: "db2", container: "chat")
            let chat = try #require(fake.containerBody(database: "db2", container: "chat"))
            #expect(chat["indexingPolicy"]?["compositeIndexes"] == .array([.array([
                .object(["path": .string("/updatedAtMs"), "order": .string("descending")]),
                .object(["path": .string("/conversationId"), "order": .string("ascending")]),
            ])]))
        }
    }

    @Test("endpoints that are not http(s) URLs without a path are refused")
    func endpointValidation() {
        for endpoint in ["", "ftp://acct.documents.azure.com", "https://acct.documents.azure.com/dbs", "acct.documents.azure.com"] {
            #expect(throws: CosmosError.self, "\(endpoint)") {
                _ = try CosmosClient(endpoint: endpoint, authentication: .masterKey(SecretValue(CosmosTestKeys.emulatorKey)))
            }
        }
        #expect(throws: Never.self) {
            _ = try CosmosClient(endpoint: "https://acct.documents.azure.com:443/", authentication: .masterKey(SecretValue(CosmosTestKeys.emulatorKey)))
        }
    }

    @Test("a connection failure is a transport error after the retries")
    func transportFailure() async throws {
        let sleeps = CosmosRecordedSleeps()
        // A port held bound and not listening: refused at once, and no other test can take it.
        let refusing = try ReservedLoopbackPort(.refusing)
        defer { refusing.close() }
        let client = try CosmosClient(
            endpoint: refusing.baseURL, authentication: .masterKey(SecretValue(CosmosTestKeys.emulatorKey)),
            retryPolicy: RetryPolicy(maxAttempts: 2, maxTotalTime: TestPatience.generous), sleep: sleeps.closure, timeout: TestPatience.generous)
        await expectError(CosmosError.self, { if case .transport = $0 { true } else { false } }) {
            _ = try await client.container(database: "d", name: "c").read(Note.self, id: "n1", partitionKey: "t1")
        }
        #expect(sleeps.all.count == 1)
    }
}
