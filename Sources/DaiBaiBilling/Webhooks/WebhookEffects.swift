import DaiBaiCore
import Foundation
import GRDB

/// The effect of one event on the billing tables, inside the handler's transaction.
struct WebhookEffects {
    let event: StripeWebhookEvent
    let plans: CreditPlanCatalog
    let db: Database

    func apply() throws -> StripeWebhookOutcome {
        switch event.payload {
        case .checkoutCompleted(let session): try checkoutCompleted(session)
        case .subscriptionChanged(let snapshot, let deleted): try subscriptionChanged(snapshot, deleted: deleted)
        case .invoicePaid(let invoice): try invoicePaid(invoice)
        case .invoicePaymentFailed(let invoice): try invoicePaymentFailed(invoice)
        case .unhandled: ignored("the event type is not handled")
        }
    }

    private func checkoutCompleted(_ session: StripeCheckoutCompletion) throws -> StripeWebhookOutcome {
        guard let tenant = session.tenant else {
            return ignored("the session has no client_reference_id or metadata.tenant_id naming a tenant")
        }
        var record = try SubscriptionsSQL.fetch(tenant: tenant, db) ?? TenantSubscription(tenant: tenant)
        if let customer = session.customerID { record.customerID = customer }
        if let subscription = session.subscriptionID, record.subscriptionID != subscription {
            // A newer checkout replaces the subscription only when no subscription event has set state yet
            // or the stored one has ended.
            if record.subscriptionID == nil || record.status == .canceled || record.status == .incompleteExpired {
                record.subscriptionID = subscription
                record.status = nil
                record.planID = nil
            }
        }
        try SubscriptionsSQL.save(record, db)
        return applied
    }

    private func subscriptionChanged(_ snapshot: StripeSubscriptionSnapshot, deleted: Bool) throws -> StripeWebhookOutcome {
        guard let status = deleted ? .canceled : SubscriptionStatus(rawValue: snapshot.status) else {
            return ignored("the subscription status '\(snapshot.status)' is not recognised")
        }
        let tenant = try resolveTenant(snapshot.tenant, customerID: snapshot.customerID, subscriptionID: snapshot.id)
        var record = try SubscriptionsSQL.fetch(tenant: tenant, db) ?? TenantSubscription(tenant: tenant)
        if record.subscriptionID == snapshot.id, record.status == .canceled, !deleted {
            return ignored("subscription \(snapshot.id) was already canceled, which is final")
        }
        if event.created < record.stateTimestamp {
            return ignored("the event is older than the stored subscription state")
        }
        record.customerID = snapshot.customerID ?? record.customerID
        record.subscriptionID = snapshot.id
        record.planID = snapshot.priceID ?? record.planID
        record.status = status
        record.currentPeriodStart = snapshot.currentPeriodStart ?? record.currentPeriodStart
        record.currentPeriodEnd = snapshot.currentPeriodEnd ?? record.currentPeriodEnd
        record.stateTimestamp = event.created
        try SubscriptionsSQL.save(record, db)
        return applied
    }

    private func invoicePaid(_ invoice: StripeInvoiceSummary) throws -> StripeWebhookOutcome {
        let tenant = try resolveTenant(invoice.tenant, customerID: invoice.customerID, subscriptionID: invoice.subscriptionID)
        var record = try SubscriptionsSQL.fetch(tenant: tenant, db) ?? TenantSubscription(tenant: tenant, customerID: invoice.customerID)
        var changed = false
        let plan = plans.firstPlan(among: invoice.priceIDs) ?? record.planID.flatMap(plans.plan(id:))
        if let plan, plan.creditsPerPeriod > 0 {
            changed = try CreditsSQL.insert(
                id: "invoice:\(invoice.id)", tenant: tenant, amount: plan.creditsPerPeriod, kind: .invoice,
                reason: "invoice \(invoice.id) paid for plan \(plan.name)", at: Date(timeIntervalSince1970: Double(event.created)), db)
        }
        if record.status == .pastDue || record.status == .unpaid, event.created >= record.stateTimestamp {
            record.status = .active
            record.stateTimestamp = event.created
            try SubscriptionsSQL.save(record, db)
            changed = true
        }
        return changed ? applied : ignored("no plan in the catalog matches the invoice's prices and the subscription needed no change")
    }

    private func invoicePaymentFailed(_ invoice: StripeInvoiceSummary) throws -> StripeWebhookOutcome {
        let tenant = try resolveTenant(invoice.tenant, customerID: invoice.customerID, subscriptionID: invoice.subscriptionID)
        guard var record = try SubscriptionsSQL.fetch(tenant: tenant, db),
              record.status == .active || record.status == .trialing,
              event.created >= record.stateTimestamp
        else {
            return ignored("the subscription is not active, or has newer state")
        }
        record.status = .pastDue
        record.stateTimestamp = event.created
        try SubscriptionsSQL.save(record, db)
        return applied
    }

    /// The tenant from metadata, else the one linked to the customer or subscription.
    private func resolveTenant(_ tenant: TenantID?, customerID: String?, subscriptionID: String?) throws -> TenantID {
        if let tenant { return tenant }
        if let customerID, let tenant = try SubscriptionsSQL.tenant(customerID: customerID, db) { return tenant }
        if let subscriptionID, let tenant = try SubscriptionsSQL.tenant(subscriptionID: subscriptionID, db) { return tenant }
        throw StripeWebhookError.tenantNotResolved(eventID: event.id, customerID: customerID)
    }

    private var applied: StripeWebhookOutcome { .applied(eventID: event.id, type: event.type) }

    private func ignored(_ reason: String) -> StripeWebhookOutcome {
        .ignored(eventID: event.id, type: event.type, reason: reason)
    }
}
