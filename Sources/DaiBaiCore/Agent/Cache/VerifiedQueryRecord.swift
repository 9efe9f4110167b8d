import Foundation

/// Who vouched for a verified query.
public enum VerificationSource: String, Sendable, Hashable, Codable {
    /// A user marked the answer as correct.
    case user
    /// An administrator curated it.
    case admin
    /// It executed successfully (only added when the Agent is configured to).
    case execution
    /// It ships with a sample database.
    case bundled
}

/// A question with SQL known to answer it, for one tenant's database at one schema version.
public struct VerifiedQueryRecord: Sendable, Hashable, Codable, Identifiable {
    /// The entry's identifier.
    public var id: UUID
    /// The owning tenant.
    public var tenant: TenantID
    /// The database it applies to.
    public var databaseName: String
    /// The schema fingerprint it was verified against; another fingerprint never matches.
    public var schemaFingerprint: String
    /// The question as asked.
    public var question: String
    /// The SQL that answers it.
    public var sql: String
    /// The question's embedding, L2-normalised.
    public var vector: [Float]
    /// Who vouched for it.
    public var source: VerificationSource
    /// When it was added.
    public var createdAt: Date

    /// Creates an entry.
    public init(id: UUID = UUID(), tenant: TenantID, databaseName: String, schemaFingerprint: String, question: String, sql: String, vector: [Float], source: VerificationSource, createdAt: Date = Date()) {
        self.id = id
        self.tenant = tenant
        self.databaseName = databaseName
        self.schemaFingerprint = schemaFingerprint
        self.question = question
        self.sql = sql
        self.vector = vector
        self.source = source
        self.createdAt = createdAt
    }
}
