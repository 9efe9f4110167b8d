import DaiBaiAzure
import DaiBaiAzureTestSupport
import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import Testing

/// The fake's request charges against the figures Microsoft Learn publishes ("Request Units in
/// Azure Cosmos DB", "Optimize request cost in Azure Cosmos DB"), computed here by hand.
@Suite("Cosmos fake request charge")
struct CosmosFakeRequestChargeTests {
    @Test("point reads: 1 KB costs 1 RU, 100 KB costs 10 RU, smaller items 1 RU")
    func pointReads() {
        #expect(CosmosFakeRequestCharge.pointRead(bytes: 1024) == 1)
        #expect(CosmosFakeRequestCharge.pointRead(bytes: 100 * 1024) == 10)
        #expect(CosmosFakeRequestCharge.pointRead(bytes: 200) == 1)
        #expect(CosmosFakeRequestCharge.pointRead(bytes: 0) == 1)
    }

    @Test("inserts: 5.5 RU for 1 KB without indexing, plus 0.05 RU per indexed property, growing with √size")
    func inserts() {
        #expect(CosmosFakeRequestCharge.insert(bytes: 1024, indexedProperties: 0) == 5.5)
        #expect(abs(CosmosFakeRequestCharge.insert(bytes: 1024, indexedProperties: 10) - 6.0) < 1e-9)
        #expect(CosmosFakeRequestCharge.insert(bytes: 4 * 1024, indexedProperties: 0) == 11.0)
        #expect(CosmosFakeRequestCharge.insert(bytes: 300, indexedProperties: 0) == 5.5)
    }

    @Test("a replace costs twice the insert of the same item; a delete like its insert")
    func replacesAndDeletes() {
        #expect(abs(CosmosFakeRequestCharge.replace(bytes: 1024, indexedProperties: 10) - 12.0) < 1e-9)
        #expect(abs(CosmosFakeRequestCharge.delete(bytes: 1024, indexedProperties: 10) - 6.0) < 1e-9)
    }

    @Test("queries: 2.5 RU plus 1 RU per KB returned (a thousand 1 KB items ≈ 1000 RU)")
    func queries() {
        #expect(CosmosFakeRequestCharge.query(returnedBytes: 0) == 2.5)
        #expect(CosmosFakeRequestCharge.query(returnedBytes: 1000 * 1024) == 1002.5)
        #expect(CosmosFakeRequestCharge.query(returnedBytes: 512) == 3.0)
    }

    @Test("429 and 401 cost nothing; other refusals 1 RU")
    func refusals() {
        #expect(CosmosFakeRequestCharge.refusal(status: 429) == 0)
        #expect(CosmosFakeRequestCharge.refusal(status: 401) == 0)
        #expect(CosmosFakeRequestCharge.refusal(status: 404) == 1)
        #expect(CosmosFakeRequestCharge.refusal(status: 412) == 1)
    }

    @Test("the header has two decimals at most")
    func header() {
        #expect(CosmosFakeRequestCharge.header(6.0) == "6.0")
        #expect(CosmosFakeRequestCharge.header(5.654) == "5.65")
        #expect(CosmosFakeRequestCharge.header(2.5) == "2.5")
    }

    @Test("indexed properties honour /path/? and /path/* exclusions and skip system properties")
    func indexedProperties() {
        let document = CosmosFakeJSON.object([
            "id": .string("a"), "tenantId": .string("t"), "content": .string("long text"),
            "result": .object(["rows": .array([.array([.int(1), .int(2)])])]),
            "_ts": .int(1), "_etag": .string("\"e\""),
        ])
        // Everything indexed: id, tenantId, content and the two row values.
        #expect(CosmosFakeRequestCharge.indexedProperties(of: document, policy: nil) == 5)
        let policy = CosmosFakeJSON.object(["excludedPaths": .array([
            .object(["path": .string("/content/?")]), .object(["path": .string("/result/*")]),
            .object(["path": .string("/\"_etag\"/?")]),
        ])])
        #expect(CosmosFakeRequestCharge.indexedProperties(of: document, policy: policy) == 2)
        let nothing = CosmosFakeJSON.object(["excludedPaths": .array([.object(["path": .string("/*")])])])
        #expect(CosmosFakeRequestCharge.indexedProperties(of: document, policy: nothing) == 0)
    }

    struct Item: Codable, Sendable, Equatable {
        var id: String
        var tenantId: String
        var name: String
    }

    @Test("the SDK receives the charge of each operation over loopback HTTP")
    func overHTTP() async throws {
        try await CosmosFakeServer.with { fake, server in
            fake.seedContainer(database: "d", container: "c")
            let container = try CosmosClient.forTests(server).container(database: "d", name: "c")
            let created = try await container.create(Item(id: "i1", tenantId: "t", name: "Ana"), partitionKey: "t")
            let stored = try #require(fake.documents(database: "d", container: "c", partition: "t")["i1"])
            let size = stored.bytes.count
            #expect(size < 1024)
            // Under 1 KB: 5.5 RU, plus 3 indexed properties (id, tenantId, name) × 0.05.
            #expect(created.requestCharge == 5.65)
            let read = try await container.read(Item.self, id: "i1", partitionKey: "t")
            #expect(read.requestCharge == 1.0)
            let replaced = try await container.replace(Item(id: "i1", tenantId: "t", name: "Bea"), id: "i1", partitionKey: "t")
            #expect(replaced.requestCharge == 11.3)
            let page = try await container.queryPage(
                CosmosQuery("SELECT * FROM c WHERE c.name = @n", ["@n": .string("Bea")]), partitionKey: "t", as: Item.self)
            #expect(page.documents.count == 1)
            let returned = try #require(fake.documents(database: "d", container: "c", partition: "t")["i1"]).bytes.count
            let expected = ((2.5 + Double(returned) / 1024) * 100).rounded() / 100
            #expect(page.requestCharge == expected)
        }
    }
}
