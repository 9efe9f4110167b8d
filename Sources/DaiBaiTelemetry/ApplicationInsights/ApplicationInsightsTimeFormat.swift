import Foundation

/// The two text forms of time on the Application Insights wire.
///
/// - Instants (`time`) are UTC ISO 8601 with seven fractional digits and a `Z`, as the .NET
///   round-trip format writes them: `2023-11-14T22:13:20.2500000Z`. Any number of fractional
///   digits is accepted when reading.
/// - Durations (`duration`) are `d.hh:mm:ss.fffffff` (days, hours, minutes, seconds, seven
///   fractional digits): `0.00:00:01.5000000`. The schema requires less than 1,000 days.
enum ApplicationInsightsTimeFormat {
    /// `date` as `yyyy-MM-ddTHH:mm:ss.fffffffZ` in UTC.
    static func timestamp(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        let whole = seconds.rounded(.down)
        let ticks = min(9_999_999, max(0, Int(((seconds - whole) * 10_000_000).rounded(.down))))
        let base = Date(timeIntervalSince1970: whole).formatted(.iso8601)  // yyyy-MM-ddTHH:mm:ssZ
        return String(base.dropLast()) + "." + pad(ticks, 7) + "Z"
    }

    /// Parses an ISO 8601 UTC instant with optional fractional seconds; `nil` otherwise.
    static func date(fromTimestamp text: String) -> Date? {
        guard text.hasSuffix("Z") else { return nil }
        let body = text.dropLast()
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = try? Date(String(parts[0]) + "Z", strategy: .iso8601) else { return nil }
        guard parts.count == 2 else { return whole }
        let digits = parts[1]
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Double("0." + digits) else { return nil }
        return whole.addingTimeInterval(value)
    }

    /// `duration` as `d.hh:mm:ss.fffffff`; negative durations count as zero.
    static func duration(_ duration: Duration) -> String {
        let parts = duration.components
        guard parts.seconds >= 0, duration > .zero else { return "0.00:00:00.0000000" }
        let ticks = parts.attoseconds / 100_000_000_000  // 100 ns
        var rest = parts.seconds
        let seconds = rest % 60
        rest /= 60
        let minutes = rest % 60
        rest /= 60
        let hours = rest % 24
        let days = rest / 24
        return "\(days).\(pad(Int(hours), 2)):\(pad(Int(minutes), 2)):\(pad(Int(seconds), 2)).\(pad(Int(ticks), 7))"
    }

    /// Parses `d.hh:mm:ss.fffffff` (the day part and the fraction are optional); `nil` otherwise.
    static func duration(from text: String) -> Duration? {
        var clock = Substring(text)
        var days: Int64 = 0
        if let dot = clock.firstIndex(of: "."), let colon = clock.firstIndex(of: ":"), dot < colon {
            guard let value = Int64(clock[..<dot]), value >= 0 else { return nil }
            days = value
            clock = clock[clock.index(after: dot)...]
        }
        var fraction: Substring = ""
        if let dot = clock.firstIndex(of: ".") {
            fraction = clock[clock.index(after: dot)...]
            clock = clock[..<dot]
        }
        let fields = clock.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 3, let hours = Int64(fields[0]), let minutes = Int64(fields[1]), let seconds = Int64(fields[2]),
              (0..<24).contains(hours), (0..<60).contains(minutes), (0..<60).contains(seconds),
              fraction.count <= 9, fraction.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        let nanoseconds = Int64(fraction.padding(toLength: 9, withPad: "0", startingAt: 0)) ?? 0
        let total = ((days * 24 + hours) * 60 + minutes) * 60 + seconds
        return .seconds(total) + .nanoseconds(nanoseconds)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
