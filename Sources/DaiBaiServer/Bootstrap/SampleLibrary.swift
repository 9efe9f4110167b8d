import DaiBaiCore
import Foundation

/// The bundled music-store sample, shared by every tenant: its database (`music`) and its
/// verified-query library (read-only, stored for the local tenant).
public struct SampleLibrary: Sendable {
    /// The name every tenant uses for the sample.
    public static let databaseName = "music"

    /// The sample database, open to every tenant.
    public let databases: StaticDatabaseDirectory
    /// The sample's verified queries.
    public let verifiedQueries: InMemoryVerifiedQueryStore
    /// The SQLite file.
    public let path: String

    /// Creates the sample at `<storageDirectory>/samples/music.sqlite` if missing, opens it, and
    /// loads its bundled verified queries (each question and its paraphrases).
    public static func make(storageDirectory: String) async throws -> SampleLibrary {
        let path = storageDirectory + "/samples/music.sqlite"
        if !FileManager.default.fileExists(atPath: path) {
            try FileManager.default.createDirectory(atPath: storageDirectory + "/samples", withIntermediateDirectories: true)
            try SampleDatabase.createMusicStore(at: path)
        }
        let databases = StaticDatabaseDirectory(databases: [databaseName: try SQLiteConnector(path: path)], defaultName: databaseName)
        let store = InMemoryVerifiedQueryStore()
        let loader = Agent(model: UnconfiguredModel(), databases: databases, chats: NoChats(), verifiedQueries: store)
        for query in SampleDatabase.musicStoreVerifiedQueries {
            for question in [query.question] + query.paraphrases {
                try await loader.markVerified(question: question, sql: query.sql, databaseName: databaseName, source: .bundled, context: .local)
            }
        }
        return SampleLibrary(databases: databases, verifiedQueries: store, path: path)
    }
}

/// A chat store that is never used (the loader Agent only marks queries verified).
private struct NoChats: ChatStore {
    func createConversation(id: String?, title: String, databaseName: String?, context: DaiBaiCore.RequestContext) async throws(ChatStoreError) -> Conversation { throw .backend("unused") }
    func conversation(id: String, context: DaiBaiCore.RequestContext) async throws(ChatStoreError) -> Conversation? { nil }
    func conversations(limit: Int, context: DaiBaiCore.RequestContext) async throws(ChatStoreError) -> [Conversation] { [] }
    func renameConversation(id: String, title: String, context: DaiBaiCore.RequestContext) async throws(ChatStoreError) -> Conversation { throw .backend("unused") }
    func deleteConversation(id: String, context: DaiBaiCore.RequestContext) async throws(ChatStoreError) {}
    func appendMessage(_ message: ChatMessageDraft, toConversation id: String, context: DaiBaiCore.RequestContext) async throws(ChatStoreError) -> ChatMessage { throw .backend("unused") }
    func messages(inConversation id: String, limit: Int, context: DaiBaiCore.RequestContext) async throws(ChatStoreError) -> [ChatMessage] { [] }
}
