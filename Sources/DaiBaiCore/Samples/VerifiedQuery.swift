/// A natural-language question paired with SQL known to answer it correctly.
///
/// A library of verified queries lets an agent answer common questions without a language
/// model: it matches the user's question against ``question`` and ``paraphrases`` and runs ``sql``.
public struct VerifiedQuery: Sendable, Hashable, Codable {
    /// The question, as a user would ask it.
    public var question: String
    /// One read-only statement (`SELECT` or `WITH … SELECT`) that answers ``question``.
    public var sql: String
    /// Other ways of asking the same question, for similarity matching.
    public var paraphrases: [String]
    /// The tables ``sql`` reads, in lowercase.
    public var tables: [String]

    /// Creates a verified query.
    public init(question: String, sql: String, paraphrases: [String] = [], tables: [String] = []) {
        self.question = question
        self.sql = sql
        self.paraphrases = paraphrases
        self.tables = tables
    }
}
