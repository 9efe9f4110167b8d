// The App Configuration store of the deployment's non-secret settings (llm.*, server.*, ...).
// Access keys are disabled: the app reads with App Configuration Data Reader (roles.bicep).
//
// No key-values are created here. With local authentication off, Resource Manager can write
// key-values only in pass-through mode, which would make the deploying principal hold
// App Configuration Data Owner as well; operators set them with
// `az appconfig kv set --auth-mode login` instead (Docs/Deployment.md). Secrets never go in
// here; a setting that needs one is a Key Vault reference.

@description('The store name (5-50 letters, digits and hyphens).')
@minLength(5)
@maxLength(50)
param name string

@description('The region.')
param location string

@description('The tags of every resource.')
param tags object

@description('Free (one per subscription) or Standard.')
@allowed(['Free', 'Standard'])
param sku string = 'Free'

resource store 'Microsoft.AppConfiguration/configurationStores@2023-03-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
  }
  properties: {
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

@description('The store name.')
output name string = store.name

@description('The endpoint, for example https://<name>.azconfig.io (AZURE_APPCONFIG_ENDPOINT).')
output endpoint string = store.properties.endpoint
