import DaiBaiBilling
import DaiBaiCore
import Foundation
import Testing

@Suite("Subscription store")
struct SubscriptionStoreTests {
    @Test("subscriptions, credits and processed events survive reopening the SQLite file")
    func persistsAcrossReopen() async throws {
        let directory = try BillingTestDirectory()
        defer { directory.remove() }
        let path = directory.path + "/billing/state.sqlite"
        let acme = try TenantID.billingTest("acme")
        do {
            let state = try SQLiteBillingState(path: path)
            let harness = try WebhookTestHarness(state: state)
            try await harness.subscribeAcme()
            try await harness.deliver(WebhookFixtures.invoice(eventID: "evt_i1", created: 1_700_000_100, invoice: "in_1"))
            try state.close()
        }
        let reopened = try SQLiteBillingState(path: path)
        let harness = try WebhookTestHarness(state: reopened)
        let stored = try #require(try await harness.subscriptions.subscription(for: acme))
        #expect(stored == TenantSubscription(
            tenant: acme, customerID: "cus_Acme", subscriptionID: "sub_Acme", planID: "price_pro", status: .active,
            currentPeriodStart: Date(timeIntervalSince1970: 1_700_000_000), currentPeriodEnd: Date(timeIntervalSince1970: 1_702_592_000),
            stateTimestamp: 1_700_000_001))
        #expect(try await harness.credits.balance(for: acme) == 1_000)
        #expect(try await harness.deliver(WebhookFixtures.invoice(eventID: "evt_i1", created: 1_700_000_100, invoice: "in_1")) == .duplicate(eventID: "evt_i1"))
    }

    @Test("the database file is readable by its owner only")
    func fileMode() throws {
        let directory = try BillingTestDirectory()
        defer { directory.remove() }
        let path = directory.path + "/state.sqlite"
        _ = try SQLiteBillingState(path: path)
        let permissions = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)
        #expect(permissions.intValue & 0o777 == 0o600)
    }

    @Test("records can be saved directly, and unknown tenants and customers read as nil")
    func saveAndLookup() async throws {
        let store = SQLiteSubscriptionStore(state: try .inMemory())
        let globex = try TenantID.billingTest("globex")
        #expect(try await store.subscription(for: globex) == nil)
        #expect(try await store.stripeCustomerID(for: globex) == nil)
        #expect(try await store.tenant(forCustomer: "cus_Nobody") == nil)
        let record = TenantSubscription(tenant: globex, customerID: "cus_Globex", subscriptionID: "sub_G", planID: "price_basic", status: .unpaid, stateTimestamp: 42)
        try await store.save(record)
        #expect(try await store.subscription(for: globex) == record)
        #expect(try await store.tenant(forCustomer: "cus_Globex") == globex)
    }

    @Test("a closed database fails with a storage error that names the operation")
    func closedDatabase() async throws {
        let state = try SQLiteBillingState.inMemory()
        try state.close()
        let store = SQLiteSubscriptionStore(state: state)
        let error = await #expect(throws: BillingStoreError.self) {
            try await store.subscription(for: .billingTest("acme"))
        }
        guard case .storage(let operation, _) = error else {
            Issue.record("expected a storage error, got \(String(describing: error))")
            return
        }
        #expect(operation == "read the subscription of tenant acme")
    }
}
