import Foundation

/// The calendar the model bills in: an average month.
public enum CostCalendar {
    /// Hours in an average month, as Azure prices monthly figures (730).
    public static let hoursPerMonth = 730.0
    /// Days in an average month (730 / 24).
    public static let daysPerMonth = hoursPerMonth / 24
    /// Seconds in an average month.
    public static let secondsPerMonth = hoursPerMonth * 3600

    /// Whether `text` is a `YYYY-MM-DD` calendar date.
    public static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return false }
        return year >= 2000 && (1...12).contains(month) && (1...31).contains(day)
    }
}
