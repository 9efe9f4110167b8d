import DaiBaiCore
import DaiBaiTesting
import Foundation
import Testing

@Suite struct RecordingUsageSinkTests {
    let acme: TenantID
    let globex: TenantID
    let user: UserID

    init() throws {
        acme = try TenantID(validating: "acme")
        globex = try TenantID(validating: "globex")
        user = try UserID(validating: "alice")
    }

    @Test func recordingTheSameIDTwiceKeepsOneEvent() async throws {
        let sink = RecordingUsageSink()
        let id = UUID()
        let event = UsageEvent(id: id, tenant: acme, user: user, kind: .inputTokens, quantity: 100)
        let retry = UsageEvent(id: id, tenant: acme, user: user, kind: .inputTokens, quantity: 100)

        try await sink.record([event])
        try await sink.record([retry, retry])

        #expect(sink.events == [event])
        #expect(sink.totalQuantity(of: .inputTokens, for: acme) == 100)
        #expect(sink.recordCallCount == 2)
    }

    @Test func totalsArePerKindAndTenant() async throws {
        let sink = RecordingUsageSink()
        try await sink.record([
            UsageEvent(tenant: acme, user: user, kind: .inputTokens, quantity: 100),
            UsageEvent(tenant: acme, user: user, kind: .inputTokens, quantity: 50),
            UsageEvent(tenant: acme, user: user, kind: .outputTokens, quantity: 7),
            UsageEvent(tenant: globex, user: user, kind: .inputTokens, quantity: 1000),
        ])
        try await sink.record([UsageEvent(tenant: acme, user: user, kind: .taskCompleted, quantity: 1)])

        #expect(sink.events.count == 5)
        #expect(sink.totalQuantity(of: .inputTokens, for: acme) == 150)
        #expect(sink.totalQuantity(of: .inputTokens, for: globex) == 1000)
        #expect(sink.totalQuantity(of: .queryExecuted, for: acme) == 0)
        #expect(sink.totals(for: acme) == [.inputTokens: 150, .outputTokens: 7, .taskCompleted: 1])
        #expect(sink.events(for: globex).map(\.quantity) == [1000])
    }

    @Test func injectedFailureThrowsAndKeepsNothing() async throws {
        let sink = RecordingUsageSink(failure: .backend("disk full"))
        let event = UsageEvent(tenant: acme, user: user, kind: .queryExecuted, quantity: 1)

        await #expect(throws: UsageError.backend("disk full")) {
            try await sink.record([event])
        }
        #expect(sink.events.isEmpty)

        sink.setFailure(nil)
        try await sink.record([event])
        #expect(sink.events == [event])
        #expect(sink.recordCallCount == 2)
    }

    @Test func resetForgetsEvents() async throws {
        let sink = RecordingUsageSink()
        let event = UsageEvent(tenant: acme, user: user, kind: .queryExecuted, quantity: 1)
        try await sink.record([event])

        sink.reset()
        #expect(sink.events.isEmpty)
        try await sink.record([event])
        #expect(sink.events == [event])
    }
}
