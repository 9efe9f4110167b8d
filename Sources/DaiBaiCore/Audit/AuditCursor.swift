import Foundation

/// A position in a tenant's audit log, for paging through ``AuditLog/records(context:limit:before:user:)``.
///
/// Records are listed newest first (by ``AuditRecord/timestamp``, then by ``AuditRecord/id``
/// descending for records of the same millisecond). A cursor selects the records listed after
/// it: pass ``after(_:)`` with the last record of a page to get the next page without skipping
/// or repeating a record, even when several records share a millisecond; ``olderThan(_:)``
/// starts at a point in time.
public struct AuditCursor: Sendable, Hashable, Codable {
    /// The timestamp of the position, kept to the millisecond like stored records.
    public var timestamp: Date
    /// The record id at the position; `nil` means the position is before every record of
    /// ``timestamp`` (only strictly older records follow it).
    public var recordID: UUID?

    /// Creates a cursor at `timestamp` (rounded to the millisecond) and `recordID`.
    public init(timestamp: Date, recordID: UUID?) {
        self.timestamp = AuditRecord.millisecondRounded(timestamp)
        self.recordID = recordID
    }

    /// The position right after `record`: the next page starts with the record listed after it.
    public static func after(_ record: AuditRecord) -> AuditCursor {
        AuditCursor(timestamp: record.timestamp, recordID: record.id)
    }

    /// The position at `date`: only records strictly older than `date` (to the millisecond) follow it.
    public static func olderThan(_ date: Date) -> AuditCursor {
        AuditCursor(timestamp: date, recordID: nil)
    }

    /// Whether `record` is listed after this position (and so belongs to the page it starts).
    public func admits(_ record: AuditRecord) -> Bool {
        let recordMilliseconds = AuditRecord.milliseconds(record.timestamp)
        let cursorMilliseconds = AuditRecord.milliseconds(timestamp)
        if recordMilliseconds != cursorMilliseconds { return recordMilliseconds < cursorMilliseconds }
        guard let recordID else { return false }
        return AuditRecord.sortKey(record.id) < AuditRecord.sortKey(recordID)
    }
}
