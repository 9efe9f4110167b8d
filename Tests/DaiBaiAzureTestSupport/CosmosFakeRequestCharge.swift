import Foundation

/// The request charge (`x-ms-request-charge`, in request units) the fake Cosmos DB server answers
/// with, from the operation and the size of what it reads or writes.
///
/// The published figures this follows, from Microsoft Learn, "Request Units in Azure Cosmos DB"
/// (https://learn.microsoft.com/azure/cosmos-db/request-units) and "Optimize request cost in
/// Azure Cosmos DB" (https://learn.microsoft.com/azure/cosmos-db/optimize-cost-reads-writes):
///
/// - A point read of a 1 KB item costs 1 RU and of a 100 KB item 10 RU; the only factor is the
///   item's size (at session or eventual consistency). Here: `max(1, √KB)`, which meets both
///   published points.
/// - "Inserting a 1 KB item without indexing costs around ~5.5 RUs"; the cost grows with the item
///   size and with the number of properties the indexing policy covers. Here:
///   `5.5 × max(1, √KB) + 0.05 × indexed properties` — a 1 KB item with ten indexed properties
///   costs 6 RU. The size curve and the per-property figure are assumptions (Microsoft publishes
///   no formula), chosen to meet the published 5.5 RU and the usual 5.5–6 RU of small items.
/// - "Replacing an item costs two times the charge required to insert the same item"; an upsert
///   that replaces is a replace. A delete is charged like the insert of the deleted item.
/// - "If a query returns a thousand 1-KB items, the cost of the operation is 1000": a query costs
///   a fixed 2.5 RU (the query engine's overhead for a single-partition query with an index)
///   plus 1 RU per KB of documents returned.
/// - Throttled (429) and unauthenticated (401) requests cost nothing; other refusals (404, 409,
///   412, 400) and account metadata operations (databases, containers) a small 1 RU.
///
/// Sizes are the JSON bytes of the stored document, system properties included; 1 KB is 1,024 bytes.
public enum CosmosFakeRequestCharge {
    /// The RU of a point read of a 1 KB item.
    public static let pointReadOneKB = 1.0
    /// The RU of inserting a 1 KB item without indexing.
    public static let insertOneKB = 5.5
    /// The RU added per property the indexing policy covers (an assumption).
    public static let perIndexedProperty = 0.05
    /// The fixed RU of a query.
    public static let queryBase = 2.5
    /// The RU per KB of documents a query returns.
    public static let queryPerKB = 1.0
    /// The RU of a refused request other than 429 and 401, and of a metadata operation.
    public static let small = 1.0

    /// The size factor `max(1, √KB)` of an item of `bytes` bytes.
    public static func sizeFactor(bytes: Int) -> Double {
        max(1, (Double(max(0, bytes)) / 1024).squareRoot())
    }

    /// A point read of an item of `bytes` bytes.
    public static func pointRead(bytes: Int) -> Double {
        pointReadOneKB * sizeFactor(bytes: bytes)
    }

    /// The insert (create) of an item of `bytes` bytes with `indexedProperties` indexed properties.
    public static func insert(bytes: Int, indexedProperties: Int) -> Double {
        insertOneKB * sizeFactor(bytes: bytes) + perIndexedProperty * Double(max(0, indexedProperties))
    }

    /// The replace of an item by one of `bytes` bytes: twice its insert.
    public static func replace(bytes: Int, indexedProperties: Int) -> Double {
        2 * insert(bytes: bytes, indexedProperties: indexedProperties)
    }

    /// The delete of an item of `bytes` bytes: like its insert.
    public static func delete(bytes: Int, indexedProperties: Int) -> Double {
        insert(bytes: bytes, indexedProperties: indexedProperties)
    }

    /// A query returning documents of `returnedBytes` bytes in total.
    public static func query(returnedBytes: Int) -> Double {
        queryBase + queryPerKB * Double(max(0, returnedBytes)) / 1024
    }

    /// A refused request with HTTP status `status`.
    public static func refusal(status: Int) -> Double {
        status == 429 || status == 401 ? 0 : small
    }

    /// The charge as the service formats it (`x-ms-request-charge: 6.05`), two decimals at most.
    public static func header(_ charge: Double) -> String {
        "\((charge * 100).rounded() / 100)"
    }

    /// How many leaf values of `document` the indexing policy `policy` covers (the container's
    /// `indexingPolicy` object; `nil` indexes everything). System properties (`_rid`, `_self`,
    /// `_etag`, `_ts`, `_attachments`) are not counted. Excluded paths are honoured in the two
    /// forms the REST API uses: `/a/b/?` (that scalar) and `/a/*` (everything below `a`).
    public static func indexedProperties(of document: CosmosFakeJSON, policy: CosmosFakeJSON?) -> Int {
        var excludedScalars: [[String]] = []
        var excludedTrees: [[String]] = []
        if case .array(let entries)? = policy?["excludedPaths"] {
            for entry in entries {
                guard let path = entry["path"]?.stringValue else { continue }
                let parts = path.split(separator: "/").map { String($0).replacingOccurrences(of: "\"", with: "") }
                guard let last = parts.last else { continue }
                if last == "?" { excludedScalars.append(Array(parts.dropLast())) }
                if last == "*" { excludedTrees.append(Array(parts.dropLast())) }
            }
        }
        var count = 0
        func visit(_ value: CosmosFakeJSON, path: [String]) {
            switch value {
            case .object(let fields):
                for (key, field) in fields where !(path.isEmpty && systemProperties.contains(key)) {
                    visit(field, path: path + [key])
                }
            case .array(let items):
                for item in items { visit(item, path: path + ["[]"]) }
            default:
                if excludedScalars.contains(path) { return }
                if excludedTrees.contains(where: { $0.count <= path.count && Array(path.prefix($0.count)) == $0 }) { return }
                count += 1
            }
        }
        visit(document, path: [])
        return count
    }

    private static let systemProperties: Set<String> = ["_rid", "_self", "_etag", "_ts", "_attachments"]
}
