import Foundation

/// RFC 1123 dates as Azure's signed headers carry them (`x-ms-date: Thu, 27 Apr 2017 00:51:12 GMT`).
public enum HTTPDate {
    /// `date` formatted as RFC 1123 in GMT, with English day and month names.
    public static func rfc1123(_ date: Date) -> String {
        formatter().string(from: date)
    }

    /// Parses an RFC 1123 date, or `nil` when `text` is not one.
    public static func parse(_ text: String) -> Date? {
        formatter().date(from: text)
    }

    // A new formatter per call: DateFormatter is not Sendable, and these calls are rare.
    private static func formatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter
    }
}
