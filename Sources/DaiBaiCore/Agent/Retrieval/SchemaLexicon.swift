import Foundation

/// The lexical half of ``SchemaIndex``: exact (normalised) word matches between a question and each
/// table's name, column names and comments, weighted by inverse document frequency learned from
/// the schema's own tables.
///
/// A word in a table's name weighs ``nameWeight``, in a column name ``columnWeight``, in a comment
/// ``commentWeight`` (the highest applies). A question's lexical score for a table is
/// `Σ fieldWeight × idf(word)` over the question's distinct words found in the table, divided by
/// `Σ idf(word)` over all its distinct words (unknown words count with the highest IDF), so it is
/// independent of the question's length. Scoring walks only the postings of the question's words:
/// O(question words + matching postings).
struct SchemaLexicon: Sendable {
    /// One table containing a word.
    struct Posting: Sendable {
        /// The table's position in the index.
        let table: Int
        /// Its field weight times the word's IDF.
        let weight: Float
    }

    /// A word of the schema.
    struct Entry: Sendable {
        /// `ln(1 + tables / tables containing the word)`.
        let idf: Float
        /// The tables containing it, in schema order.
        var postings: [Posting]
    }

    /// The weight of a word of the table's name.
    static let nameWeight: Float = 1.5
    /// The weight of a word of a column's name.
    static let columnWeight: Float = 1
    /// The weight of a word of a table or column comment.
    static let commentWeight: Float = 0.5

    /// The schema's words.
    let entries: [String: Entry]
    /// The IDF of a word no table contains.
    let unseenIDF: Float
    /// Splits names and questions into words.
    let tokenizer: RetrievalTokenizer

    /// Learns the words and their IDF from `tables`.
    init(tables: [TableSchema], tokenizer: RetrievalTokenizer = RetrievalTokenizer()) {
        self.tokenizer = tokenizer
        var fieldsPerTable: [[(word: String, weight: Float)]] = []
        fieldsPerTable.reserveCapacity(tables.count)
        var documentFrequency: [String: Int] = [:]
        for table in tables {
            var weights: [String: Float] = [:]
            var order: [String] = []
            func add(_ text: String, _ weight: Float) {
                tokenizer.forEachWord(in: text) { word in
                    if let existing = weights[word] {
                        weights[word] = max(existing, weight)
                    } else {
                        weights[word] = weight
                        order.append(word)
                    }
                }
            }
            add(table.name, Self.nameWeight)
            for column in table.columns { add(column.name, Self.columnWeight) }
            if let comment = table.comment { add(comment, Self.commentWeight) }
            for column in table.columns { if let comment = column.comment { add(comment, Self.commentWeight) } }
            for word in order { documentFrequency[word, default: 0] += 1 }
            fieldsPerTable.append(order.map { ($0, weights[$0] ?? 0) })
        }
        let count = Double(max(1, tables.count))
        var entries: [String: Entry] = [:]
        entries.reserveCapacity(documentFrequency.count)
        for (index, fields) in fieldsPerTable.enumerated() {
            for (word, weight) in fields {
                let frequency = Double(documentFrequency[word] ?? 1)
                let idf = Float(Foundation.log(1 + count / frequency))
                entries[word, default: Entry(idf: idf, postings: [])].postings.append(Posting(table: index, weight: weight * idf))
            }
        }
        self.entries = entries
        self.unseenIDF = Float(Foundation.log(1 + count))
    }

    /// Adds each table's lexical score for `question` to `scores` (indexed like the tables).
    func accumulate(question: String, into scores: inout [Float]) {
        var seen: [String] = []
        var denominator: Float = 0
        tokenizer.forEachWord(in: question) { word in
            guard !seen.contains(word) else { return }
            seen.append(word)
            denominator += entries[word]?.idf ?? unseenIDF
        }
        guard denominator > 0 else { return }
        let scale = 1 / denominator
        for word in seen {
            guard let entry = entries[word] else { continue }
            for posting in entry.postings where posting.table < scores.count {
                scores[posting.table] += posting.weight * scale
            }
        }
    }
}
