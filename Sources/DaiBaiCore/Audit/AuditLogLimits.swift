/// The limits every ``AuditLog`` applies, so that implementations behave alike.
public enum AuditLogLimits {
    /// The longest text field of an ``AuditRecord`` (question, SQL, failure, …), in UTF-8 bytes: 64 KiB.
    ///
    /// Longer fields are refused with ``AuditLogError/invalidRecord(_:)``; the factories of
    /// ``AuditRecord`` for the Agent shorten them instead. Every field at its limit still fits a
    /// Cosmos DB document (2 MB).
    public static let maxFieldBytes = 64 * 1024

    /// The most records one ``AuditLog/records(context:limit:before:user:)`` call returns.
    public static let maxPageSize = 1_000

    /// Throws ``AuditLogError/invalidArgument(_:)`` unless `limit` is 1...``maxPageSize``.
    public static func validatePageSize(_ limit: Int) throws(AuditLogError) {
        guard (1...maxPageSize).contains(limit) else {
            throw .invalidArgument("a page holds 1-\(maxPageSize) records, got \(limit)")
        }
    }

    /// `text` shortened to at most ``maxFieldBytes`` UTF-8 bytes (on a character boundary),
    /// ending with `…` when it was shortened.
    public static func truncated(_ text: String) -> String {
        guard text.utf8.count > maxFieldBytes else { return text }
        let marker = "…"
        let budget = maxFieldBytes - marker.utf8.count
        var result = ""
        var used = 0
        for character in text {
            let size = character.utf8.count
            guard used + size <= budget else { break }
            result.append(character)
            used += size
        }
        return result + marker
    }
}
