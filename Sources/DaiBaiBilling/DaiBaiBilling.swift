// DaiBaiBilling: usage ledger (`UsageSink`), Stripe meter events, signed webhooks, subscriptions
// and credits (`UsagePolicy`). The implementations land with their own issue; see Docs/Modules.md.
import DaiBaiCore
