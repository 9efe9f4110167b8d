import DaiBaiCore
import Foundation
import HTTPTypes
import Testing

@Suite struct RetryAfterTests {
    /// 1994-11-06 08:49:37 UTC, the RFC 9110 example date.
    let now = Date(timeIntervalSince1970: 784_111_777)

    @Test func readsRetryAfterMilliseconds() {
        #expect(RetryAfter.delay(from: [.retryAfterMs: "250"], now: now) == .milliseconds(250))
        #expect(RetryAfter.delay(from: [.retryAfterMs: "12.5"], now: now) == .microseconds(12_500))
        #expect(RetryAfter.delay(from: [.retryAfterMs: " 40 "], now: now) == .milliseconds(40))
    }

    @Test func readsAzureMilliseconds() {
        #expect(RetryAfter.delay(from: [.msRetryAfterMs: "300"], now: now) == .milliseconds(300))
    }

    @Test func readsRetryAfterDeltaSeconds() {
        #expect(RetryAfter.delay(from: [.retryAfter: "120"], now: now) == .seconds(120))
        #expect(RetryAfter.delay(from: [.retryAfter: "0"], now: now) == .zero)
    }

    @Test func readsRetryAfterHTTPDateRelativeToNow() {
        #expect(RetryAfter.delay(from: [.retryAfter: "Sun, 06 Nov 1994 08:50:07 GMT"], now: now) == .seconds(30))
        #expect(RetryAfter.delay(from: [.retryAfter: "Mon, 07 Nov 1994 08:49:37 GMT"], now: now) == .seconds(86_400))
    }

    @Test func anHTTPDateInThePastMeansRetryNow() {
        #expect(RetryAfter.delay(from: [.retryAfter: "Sat, 05 Nov 1994 08:49:37 GMT"], now: now) == .zero)
    }

    @Test func parsesIMFFixdates() {
        #expect(RetryAfter.httpDate("Sun, 06 Nov 1994 08:49:37 GMT") == Date(timeIntervalSince1970: 784_111_777))
        #expect(RetryAfter.httpDate("Thu, 29 Feb 2024 12:00:00 GMT") == Date(timeIntervalSince1970: 1_709_208_000))
        #expect(RetryAfter.httpDate("Sat, 01 Jan 2000 00:00:00 GMT") == Date(timeIntervalSince1970: 946_684_800))
    }

    @Test(arguments: [
        "Sunday, 06-Nov-94 08:49:37 GMT",  // RFC 850 form: not accepted
        "Sun Nov  6 08:49:37 1994",  // asctime form: not accepted
        "Sun, 06 Nov 1994 25:00:00 GMT",
        "Sun, 06 Nov 1994 08:49:37 UTC",
        "Mon, 29 Feb 2021 00:00:00 GMT",
        "Sun, 6 Nov 1994 08:49:37 GMT",
        "Xyz, 06 Nov 1994 08:49:37 GMT",
        "tomorrow",
        "",
    ])
    func rejectsMalformedDates(_ value: String) {
        #expect(RetryAfter.httpDate(value) == nil)
        #expect(RetryAfter.delay(from: [.retryAfter: value], now: now) == nil)
    }

    @Test func priorityIsRetryAfterMsThenAzureThenRetryAfter() {
        let all: HTTPFields = [.retryAfter: "9", .msRetryAfterMs: "700", .retryAfterMs: "50"]
        #expect(RetryAfter.delay(from: all, now: now) == .milliseconds(50))
        let noOpenAI: HTTPFields = [.retryAfter: "9", .msRetryAfterMs: "700"]
        #expect(RetryAfter.delay(from: noOpenAI, now: now) == .milliseconds(700))
    }

    @Test(arguments: ["-5", "abc", "inf", "nan", "1e3", "", "1.2.3", "+4", "0x10"])
    func ignoresNegativeOrGarbageValuesAndFallsThrough(_ bad: String) {
        let fields: HTTPFields = [.retryAfterMs: bad, .msRetryAfterMs: bad, .retryAfter: "3"]
        #expect(RetryAfter.delay(from: fields, now: now) == .seconds(3))
        #expect(RetryAfter.delay(from: [.retryAfter: bad], now: now) == nil)
    }

    @Test func noHeadersMeansNoHint() {
        #expect(RetryAfter.delay(from: [:], now: now) == nil)
        #expect(RetryAfter.delay(from: [.contentType: "application/json"], now: now) == nil)
    }
}
