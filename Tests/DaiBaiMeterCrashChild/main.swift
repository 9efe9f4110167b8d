// The child process of the billing crash test (see DaiBaiBillingTests): records usage
// events into a ledger and reports them to a Stripe-compatible server until killed.
print("daibai-meter-crash-child: not implemented yet")
