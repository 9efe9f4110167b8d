import Foundation

/// The subset of Cosmos DB SQL the fake server evaluates, which covers the queries DaiBai's
/// Cosmos stores and these tests issue:
///
///     SELECT * | c.a, c.b FROM c
///       [WHERE c.x = @p [AND c.y = @q …]]
///       [ORDER BY c.x ASC|DESC [, c.y ASC|DESC …]]
///       [OFFSET n|@p LIMIT n|@p]
///
/// Values come only from parameters. Anything else is answered with 400, so a store that
/// starts issuing a query the fake does not understand fails its tests loudly.
public struct CosmosFakeQuery {
    /// The projected fields, or `nil` for `SELECT *`.
    public var projection: [String]?
    /// The equality conditions, each a field and the parameter it must equal.
    public var conditions: [(field: String, parameter: String)]
    /// The sort keys, in order.
    public var order: [(field: String, descending: Bool)]
    /// `OFFSET`, if given.
    public var offset: Int?
    /// `LIMIT`, if given.
    public var limit: Int?

    /// Why a query was not understood.
    public enum Failure: Error {
        /// The named part of the query is outside the subset the fake evaluates.
        case unsupported(String)
    }

    /// Parses `text`; `parameters` resolve `OFFSET @p LIMIT @q` and must hold every condition's parameter.
    public init(text: String, parameters: [String: CosmosFakeJSON]) throws(Failure) {
        var rest = text.trimmingCharacters(in: .whitespaces)
        func take(_ keyword: String) -> String? {
            guard let range = rest.range(of: " \(keyword) ") else { return nil }
            let tail = String(rest[range.upperBound...])
            rest = String(rest[..<range.lowerBound])
            return tail
        }
        // Peel clauses from the end.
        var limitText: String?
        var offsetText: String?
        if let range = rest.range(of: " OFFSET ") {
            let tail = String(rest[range.upperBound...])
            rest = String(rest[..<range.lowerBound])
            let parts = tail.components(separatedBy: " LIMIT ")
            guard parts.count == 2 else { throw .unsupported("OFFSET without LIMIT") }
            offsetText = parts[0]
            limitText = parts[1]
        }
        let orderText = take("ORDER BY")
        let whereText = take("WHERE")
        guard rest.hasPrefix("SELECT "), rest.hasSuffix(" FROM c") else { throw .unsupported("expected SELECT … FROM c") }
        let projectionText = rest.dropFirst("SELECT ".count).dropLast(" FROM c".count).trimmingCharacters(in: .whitespaces)
        if projectionText == "*" {
            projection = nil
        } else {
            projection = try projectionText.components(separatedBy: ",").map { field throws(Failure) in try Self.field(field) }
        }
        conditions = []
        if let whereText {
            for condition in whereText.components(separatedBy: " AND ") {
                let sides = condition.components(separatedBy: " = ")
                guard sides.count == 2, sides[1].hasPrefix("@") else { throw .unsupported("condition '\(condition)'") }
                conditions.append((try Self.field(sides[0]), sides[1].trimmingCharacters(in: .whitespaces)))
            }
        }
        order = []
        if let orderText {
            for item in orderText.components(separatedBy: ",") {
                let words = item.split(separator: " ").map(String.init)
                guard (1...2).contains(words.count) else { throw .unsupported("ORDER BY item '\(item)'") }
                let direction = words.count == 2 ? words[1].uppercased() : "ASC"
                guard direction == "ASC" || direction == "DESC" else { throw .unsupported("order '\(direction)'") }
                order.append((try Self.field(words[0]), direction == "DESC"))
            }
        }
        func number(_ text: String?) throws(Failure) -> Int? {
            guard let text = text?.trimmingCharacters(in: .whitespaces) else { return nil }
            if text.hasPrefix("@") {
                guard let value = parameters[text]?.intValue else { throw .unsupported("parameter \(text) is not an integer") }
                return Int(clamping: value)
            }
            guard let value = Int(text) else { throw .unsupported("'\(text)' is not a number") }
            return value
        }
        offset = try number(offsetText)
        limit = try number(limitText)
        for condition in conditions where parameters[condition.parameter] == nil {
            throw .unsupported("parameter \(condition.parameter) was not sent")
        }
    }

    private static func field(_ text: String) throws(Failure) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("c."), trimmed.count > 2 else { throw .unsupported("field '\(trimmed)'") }
        return String(trimmed.dropFirst(2))
    }

    /// The query's result over `documents`.
    public func run(over documents: [CosmosFakeJSON], parameters: [String: CosmosFakeJSON]) -> [CosmosFakeJSON] {
        var rows = documents.filter { document in
            conditions.allSatisfy { document[$0.field] == parameters[$0.parameter] }
        }
        if !order.isEmpty {
            rows.sort { lhs, rhs in
                for (field, descending) in order {
                    let a = lhs[field], b = rhs[field]
                    if a == b { continue }
                    return descending ? CosmosFakeJSON.ordered(b, a) : CosmosFakeJSON.ordered(a, b)
                }
                return false
            }
        }
        if let offset { rows = Array(rows.dropFirst(max(0, offset))) }
        if let limit { rows = Array(rows.prefix(max(0, limit))) }
        guard let projection else { return rows }
        return rows.map { row in
            .object(Dictionary(uniqueKeysWithValues: projection.compactMap { field in row[field].map { (field, $0) } }))
        }
    }
}
