import Foundation
import HTTPTypes

/// Reads a server's "wait this long before retrying" hint from response headers.
///
/// Three headers are understood, in this order of priority:
/// 1. `retry-after-ms`: milliseconds, possibly fractional (OpenAI, Azure OpenAI).
/// 2. `x-ms-retry-after-ms`: milliseconds (Azure services).
/// 3. `Retry-After`: delta-seconds (RFC 9110, fractions tolerated) or an HTTP-date in the
///    IMF-fixdate form (`Sun, 06 Nov 1994 08:49:37 GMT`), taken relative to `now`.
///
/// A header whose value is negative, not a number or not a valid date is ignored, and the next
/// one is consulted. An HTTP-date in the past means "retry now" (a zero delay).
public enum RetryAfter {
    /// The server's retry hint in `headers`, or `nil` when there is no usable hint.
    ///
    /// - Parameters:
    ///   - headers: The response header fields.
    ///   - now: The current time, used to turn an HTTP-date into a delay.
    public static func delay(from headers: HTTPFields, now: Date = Date()) -> Duration? {
        if let value = value(named: "retry-after-ms", in: headers), let delay = milliseconds(value) {
            return delay
        }
        if let value = value(named: "x-ms-retry-after-ms", in: headers), let delay = milliseconds(value) {
            return delay
        }
        if let value = headers[.retryAfter], let delay = retryAfter(value, now: now) {
            return delay
        }
        return nil
    }

    /// Parses a millisecond count such as `"250"` or `"12.5"`; `nil` if negative or not a number.
    public static func milliseconds(_ value: String) -> Duration? {
        guard let number = nonNegativeDecimal(value) else { return nil }
        return .milliseconds(number)
    }

    /// Parses a `Retry-After` value: delta-seconds (`"120"`, fractions tolerated) or an
    /// IMF-fixdate relative to `now` (a date in the past gives zero); `nil` if neither.
    public static func retryAfter(_ value: String, now: Date) -> Duration? {
        if let seconds = nonNegativeDecimal(value) {
            return .seconds(seconds)
        }
        guard let date = httpDate(value) else { return nil }
        let interval = date.timeIntervalSince(now)
        guard interval.isFinite else { return nil }
        return .seconds(max(0, interval))
    }

    /// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`, RFC 9110 §5.6.7); `nil` otherwise.
    ///
    /// The obsolete RFC 850 and asctime forms are not accepted.
    public static func httpDate(_ value: String) -> Date? {
        let parts = value.trimmingCharacters(in: .whitespaces).split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 6,
              dayNames.contains(String(parts[0])),
              parts[1].count == 2, let day = Int(parts[1]), (1...31).contains(day),
              let monthIndex = monthNames.firstIndex(of: String(parts[2])),
              parts[3].count == 4, let year = Int(parts[3]),
              parts[5] == "GMT"
        else { return nil }
        let time = parts[4].split(separator: ":", omittingEmptySubsequences: false)
        guard time.count == 3, time.allSatisfy({ $0.count == 2 }),
              let hour = Int(time[0]), let minute = Int(time[1]), let second = Int(time[2]),
              (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        let month = monthIndex + 1
        guard day <= daysInMonth(month, year: year) else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    // MARK: - Helpers

    private static let dayNames: Set<String> = ["Mon,", "Tue,", "Wed,", "Thu,", "Fri,", "Sat,", "Sun,"]
    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func value(named name: String, in headers: HTTPFields) -> String? {
        headers.first { $0.name.canonicalName == name }?.value
    }

    /// A non-negative decimal made of digits and at most one dot (no signs, exponents, `inf`, `nan`).
    private static func nonNegativeDecimal(_ value: String) -> Double? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty,
              trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              trimmed.filter({ $0 == "." }).count <= 1,
              trimmed.contains(where: \.isNumber),
              let number = Double(trimmed), number.isFinite, number >= 0
        else { return nil }
        return number
    }

    private static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    private static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to the given civil date (proleptic Gregorian calendar).
    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
