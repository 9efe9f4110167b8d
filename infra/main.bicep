// DaiBai on Azure, serverless: one resource group per environment holding the app identity,
// monitoring, storage, Key Vault, App Configuration, Cosmos DB (serverless), Azure Relay,
// the Function App (Flex Consumption, daibai-server as a custom handler), a Static Web App
// and API Management (Consumption). Walk-through: Docs/Deployment.md.
//
//   az deployment group create -g <resource-group> \
//     --template-file infra/main.bicep --parameters infra/env/dev.bicepparam
//
// Outputs in UPPER_SNAKE_CASE are SDK configuration variables, each also an application
// setting of the Function App (functions.bicep); every other output is camelCase. Nothing
// here holds a secret: every service is reached with Entra tokens of the managed identity.

targetScope = 'resourceGroup'

@description('The environment: names, tags and the GitHub environment of the deployment.')
@allowed(['dev', 'prod'])
param environmentName string

@description('The region of every resource except the Static Web App.')
param location string = resourceGroup().location

@description('The start of every resource name (letters and digits).')
@minLength(2)
@maxLength(10)
param namePrefix string = 'daibai'

@description('SIGNIN_ISSUER: the exact iss of the sign-in tokens; for Entra External ID https://<tenant-id>.ciamlogin.com/<tenant-id>/v2.0, for Azure AD B2C https://<tenant>.b2clogin.com/<tenant-id>/v2.0/.')
param signInIssuer string

@description('SIGNIN_AUDIENCE: the audience (aud) of the access tokens for the DaiBai API: its app registration client id.')
param signInAudience string

@description('SIGNIN_METADATA_URL: the OpenID discovery document, when it is not {issuer}/.well-known/openid-configuration; empty leaves the setting out.')
param signInMetadataUrl string = ''

@description('KEY_VAULT_LAYOUT: per-tenant (every tenant in one vault under hashed names) or single-tenant.')
@allowed(['per-tenant', 'single-tenant'])
param keyVaultLayout string = 'per-tenant'

@description('COSMOS_DATABASE: the Cosmos DB SQL database.')
param cosmosDatabaseName string = 'daibai'

@description('RELAY_HYBRID_CONNECTION: the hybrid connection created with the namespace.')
param relayHybridConnectionName string = 'daibai-onprem'

@description('STORAGE_DIRECTORY: the server\'s local data folder (the bundled sample database is rebuilt there at start); the Flex Consumption app folder is read-only, /tmp is writable and per instance.')
param storageDirectory string = '/tmp/daibai'

@description('The Entra object id of the on-premises relay agent\'s identity (Azure Relay Listener on the hybrid connection); empty for none yet.')
param relayAgentPrincipalId string = ''

@description('The most Function App instances (Flex Consumption scale-out limit).')
@minValue(1)
@maxValue(1000)
param functionMaximumInstanceCount int = 40

@description('App Configuration tier: Free (one store per subscription) or Standard.')
@allowed(['Free', 'Standard'])
param appConfigurationSku string = 'Free'

@description('Static Web App tier: Free by default, Standard for an SLA and custom authentication.')
@allowed(['Free', 'Standard'])
param staticWebAppSku string = 'Free'

@description('The Static Web App region (the service is offered in a few regions only).')
@allowed(['centralus', 'eastus2', 'eastasia', 'westeurope', 'westus2'])
param staticWebAppLocation string = 'westeurope'

@description('The API Management publisher e-mail.')
param apimPublisherEmail string

@description('The API Management publisher name.')
param apimPublisherName string = 'DaiBai'

var tags = {
  app: 'daibai'
  environment: environmentName
}

// Globally unique names: the prefix, the environment and a hash of the resource group.
var suffix = uniqueString(resourceGroup().id, environmentName)
var prefix = toLower(namePrefix)
var baseName = '${prefix}-${environmentName}'
// Storage account names allow lowercase letters and digits only.
var storagePrefix = replace(prefix, '-', '')

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: 'id-${baseName}-${suffix}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: 'log-${baseName}-${suffix}'
    appInsightsName: 'appi-${baseName}-${suffix}'
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: take('st${storagePrefix}${environmentName}${suffix}', 24)
    location: location
    tags: tags
    deploymentContainerName: 'app-package'
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: take('kv-${prefix}-${suffix}', 24)
    location: location
    tags: tags
  }
}

module appConfiguration 'modules/appconfig.bicep' = {
  name: 'appconfig'
  params: {
    name: 'appcs-${baseName}-${suffix}'
    location: location
    tags: tags
    sku: appConfigurationSku
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    accountName: 'cosmos-${baseName}-${suffix}'
    location: location
    tags: tags
    databaseName: cosmosDatabaseName
    dataContributorPrincipalId: identity.outputs.principalId
  }
}

module relay 'modules/relay.bicep' = {
  name: 'relay'
  params: {
    namespaceName: 'relay-${baseName}-${suffix}'
    hybridConnectionName: relayHybridConnectionName
    location: location
    tags: tags
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  params: {
    principalId: identity.outputs.principalId
    keyVaultName: keyVault.outputs.name
    appConfigurationName: appConfiguration.outputs.name
    relayNamespaceName: relay.outputs.namespaceName
    hybridConnectionName: relay.outputs.hybridConnectionName
    storageAccountName: storage.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
    relayAgentPrincipalId: relayAgentPrincipalId
  }
}

module functions 'modules/functions.bicep' = {
  name: 'functions'
  params: {
    planName: 'plan-${baseName}-${suffix}'
    appName: 'func-${baseName}-${suffix}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: storage.outputs.deploymentContainerName
    appInsightsConnectionString: monitoring.outputs.connectionString
    maximumInstanceCount: functionMaximumInstanceCount
    appConfigurationEndpoint: appConfiguration.outputs.endpoint
    keyVaultUrl: keyVault.outputs.vaultUri
    keyVaultLayout: keyVaultLayout
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabase: cosmos.outputs.databaseName
    cosmosChatContainer: cosmos.outputs.chatContainerName
    cosmosInventoryContainer: cosmos.outputs.inventoryContainerName
    cosmosUserKeysContainer: cosmos.outputs.userKeysContainerName
    storageDirectory: storageDirectory
    signInIssuer: signInIssuer
    signInAudience: signInAudience
    signInMetadataUrl: signInMetadataUrl
    relayNamespace: relay.outputs.namespaceHost
    relayHybridConnection: relay.outputs.hybridConnectionName
  }
  // The host starts with its identity already holding its storage and telemetry roles.
  dependsOn: [
    roles
  ]
}

module staticWebApp 'modules/staticwebapp.bicep' = {
  name: 'staticwebapp'
  params: {
    name: 'stapp-${baseName}-${suffix}'
    location: staticWebAppLocation
    tags: tags
    sku: staticWebAppSku
  }
}

module apim 'modules/apim.bicep' = {
  name: 'apim'
  params: {
    name: 'apim-${baseName}-${suffix}'
    location: location
    tags: tags
    publisherEmail: apimPublisherEmail
    publisherName: apimPublisherName
    functionAppHostName: functions.outputs.defaultHostName
  }
}

// SDK configuration (the Function App's application settings of the same names).
@description('AzureBootstrap: selects the azure profile (App Configuration, Key Vault, Cosmos DB).')
output AZURE_DEPLOYMENT string = 'true'

@description('DefaultAzureCredential: the user-assigned managed identity to use.')
output AZURE_CLIENT_ID string = identity.outputs.clientId

@description('AzureSettings: azure.appconfig.endpoint.')
output AZURE_APPCONFIG_ENDPOINT string = appConfiguration.outputs.endpoint

@description('AzureSettings: key.vault.url.')
output KEY_VAULT_URL string = keyVault.outputs.vaultUri

@description('AzureSettings: key.vault.layout.')
output KEY_VAULT_LAYOUT string = keyVaultLayout

@description('AzureSettings: cosmos.endpoint.')
output COSMOS_ENDPOINT string = cosmos.outputs.endpoint

@description('AzureSettings: cosmos.database.')
output COSMOS_DATABASE string = cosmos.outputs.databaseName

@description('AzureSettings: cosmos.chat_container.')
output COSMOS_CHAT_CONTAINER string = cosmos.outputs.chatContainerName

@description('AzureSettings: cosmos.inventory_container.')
output COSMOS_INVENTORY_CONTAINER string = cosmos.outputs.inventoryContainerName

@description('AzureSettings: cosmos.userkeys_container (the server\'s bring-your-own-key store).')
output COSMOS_USERKEYS_CONTAINER string = cosmos.outputs.userKeysContainerName

@description('StorageSettings: storage.directory (local files: the sample database).')
output STORAGE_DIRECTORY string = storageDirectory

@description('ServerSettings: server.auth.')
output SERVER_AUTH string = 'oidc'

@description('ServerSettings: signin.issuer.')
output SIGNIN_ISSUER string = signInIssuer

@description('ServerSettings: signin.audience.')
output SIGNIN_AUDIENCE string = signInAudience

@description('ServerTelemetrySettings and the Functions host: the Application Insights resource.')
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.connectionString

@description('ServerTelemetrySettings and the Functions host: Entra ingestion with the managed identity.')
output APPLICATIONINSIGHTS_AUTHENTICATION_STRING string = 'Authorization=AAD;ClientId=${identity.outputs.clientId}'

@description('RelayAgentSettings (relay.namespace): the namespace host.')
output RELAY_NAMESPACE string = relay.outputs.namespaceHost

@description('RelayAgentSettings (relay.hybrid_connection): the hybrid connection.')
output RELAY_HYBRID_CONNECTION string = relay.outputs.hybridConnectionName

// Names and URLs for the workflows and the operator.
@description('The resource group deployed to.')
output resourceGroupName string = resourceGroup().name

@description('The Function App name (Azure/functions-action app-name).')
output functionAppName string = functions.outputs.name

@description('The Function App base URL.')
output functionAppUrl string = 'https://${functions.outputs.defaultHostName}'

@description('The Static Web App name (az staticwebapp secrets list --name).')
output staticWebAppName string = staticWebApp.outputs.name

@description('The Static Web App host name.')
output staticWebAppHostname string = staticWebApp.outputs.defaultHostname

@description('The API Management gateway URL.')
output apiManagementGatewayUrl string = apim.outputs.gatewayUrl

@description('The DaiBai API base URL through API Management.')
output apiManagementApiUrl string = apim.outputs.apiUrl

@description('The Key Vault name (az keyvault secret set --vault-name).')
output keyVaultName string = keyVault.outputs.name

@description('The App Configuration store name (az appconfig kv set --name).')
output appConfigurationName string = appConfiguration.outputs.name

@description('The Cosmos DB account name.')
output cosmosAccountName string = cosmos.outputs.accountName

@description('The Azure Relay namespace name (az relay hyco create --namespace-name).')
output relayNamespaceName string = relay.outputs.namespaceName

@description('The object id of the app managed identity.')
output managedIdentityPrincipalId string = identity.outputs.principalId

@description('The Azure RBAC role definitions the template assigns (the only ones the deployer needs to be allowed to assign).')
output assignedRoleIds array = roles.outputs.assignedRoleIds
