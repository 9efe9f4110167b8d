// DaiBaiAzure: Entra identity (`TokenCredential`), Key Vault (`SecretStore`), App Configuration
// (a swift-configuration `ConfigProvider`) and Cosmos DB (`ChatStore`). It registers its backends
// and the `azure` deployment profile in DaiBaiCore's `ComponentRegistry`, which
// `AZURE_DEPLOYMENT=true` selects. The implementations land with their own issue; see Docs/Modules.md.
import DaiBaiCore
