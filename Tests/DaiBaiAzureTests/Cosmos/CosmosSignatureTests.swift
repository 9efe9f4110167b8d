import DaiBaiAzure
import DaiBaiCore
import DaiBaiTesting
import Testing

/// The master-key signature reproduces the official SDKs' vectors byte for byte
/// (protocol-vectors.md, "Cosmos DB master-key authorization").
@Suite("Cosmos master-key signature")
struct CosmosSignatureTests {
    let signer: CosmosMasterKeySigner
    let date = "Thu, 27 Apr 2017 00:51:12 GMT"

    init() throws {
        signer = try CosmosMasterKeySigner(key: SecretValue(CosmosTestKeys.vectorKey))
    }

    @Test("GET dbs/ToDoList gives the documented header in full")
    func databaseRead() {
        #expect(signer.authorization(verb: "GET", resourceType: "dbs", resourceLink: "dbs/ToDoList", date: date)
            == "type%3Dmaster%26ver%3D1.0%26sig%3Dc09PEVJrgp2uQRkr934kFbTqhByc7TVr3OHyqlu%2Bc%2Bc%3D")
    }

    @Test("POST docs signs the parent link")
    func documentCreate() {
        let header = signer.authorization(verb: "POST", resourceType: "docs", resourceLink: "dbs/db1/colls/c1", date: date)
        #expect(header == "type%3Dmaster%26ver%3D1.0%26sig%3DNAv6nMuibibBu8DlDV4oa5qwf4CIPHPFe0W1Sgekcv8%3D")
    }

    @Test("GET docs signs the item link")
    func documentRead() {
        let header = signer.authorization(verb: "GET", resourceType: "docs", resourceLink: "dbs/db1/colls/c1/docs/doc1", date: date)
        #expect(header == "type%3Dmaster%26ver%3D1.0%26sig%3DDjQNTCMZi2Qkl%2FwW614u9zdKLBxW%2BbrTFgOTET2uWJ8%3D")
    }

    @Test("GET dbs with an empty link (list databases)")
    func databaseList() {
        let header = signer.authorization(verb: "GET", resourceType: "dbs", resourceLink: "", date: date)
        #expect(header == "type%3Dmaster%26ver%3D1.0%26sig%3DoMt68ghyVEcS70kOZOWyTYEgUkWNd441wEjKJu6kvcA%3D")
    }

    @Test("verb, type and date are lower-cased before signing; the link is not")
    func caseRules() {
        let upper = signer.authorization(verb: "get", resourceType: "DBS", resourceLink: "dbs/ToDoList", date: date.uppercased())
        #expect(upper == "type%3Dmaster%26ver%3D1.0%26sig%3Dc09PEVJrgp2uQRkr934kFbTqhByc7TVr3OHyqlu%2Bc%2Bc%3D")
        #expect(signer.authorization(verb: "GET", resourceType: "dbs", resourceLink: "dbs/todolist", date: date) != upper)
    }

    @Test("the Entra ID header is type=aad&ver=1.0&sig=<token>, URL-encoded as a whole")
    func entraHeader() {
        #expect(CosmosMasterKeySigner.entraAuthorization(token: SecretValue("eyJ0eXAi.eyJhdWQi.c2ln"))
            == "type%3Daad%26ver%3D1.0%26sig%3DeyJ0eXAi.eyJhdWQi.c2ln")
    }

    @Test("URL encoding keeps only letters, digits and -_.!~*'()")
    func urlEncoding() {
        #expect(CosmosMasterKeySigner.urlEncode("a-_.!~*'()z /+=&%é") == "a-_.!~*'()z%20%2F%2B%3D%26%25%C3%A9")
    }

    @Test("a key that is not base64 is refused without echoing it")
    func badKey() {
        do throws(CosmosError) {
            _ = try CosmosMasterKeySigner(key: SecretValue("not base64 secret!"))
            Issue.record("expected invalidArgument")
        } catch {
            guard case .invalidArgument(let message) = error else {
                Issue.record("expected invalidArgument, got \(error)")
                return
            }
            #expect(!message.contains("not base64 secret!"))
            #expect(!error.description.contains("not base64 secret!"))
        }
    }
}
