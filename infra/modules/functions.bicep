// daibai-server as an Azure Functions custom handler (Docs/Functions.md) on the Flex
// Consumption plan (FC1, Linux). The app runs as the user-assigned identity: it pulls its
// deployment package from blob storage with it, the host reaches AzureWebJobsStorage and
// Application Insights with it, and daibai-server's DefaultAzureCredential picks it through
// AZURE_CLIENT_ID. No setting holds a credential of any kind.

@description('The Flex Consumption plan name.')
param planName string

@description('The Function App name (globally unique host name <name>.azurewebsites.net).')
param appName string

@description('The region.')
param location string

@description('The tags of every resource.')
param tags object

@description('The user-assigned identity resource id.')
param identityId string

@description('The user-assigned identity client id (AZURE_CLIENT_ID).')
param identityClientId string

@description('The storage account of the host and the deployment package.')
param storageAccountName string

@description('The blob container of the deployment package.')
param deploymentContainerName string

@description('The Application Insights connection string.')
param appInsightsConnectionString string

@description('The most instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('The runtime version sent with runtime name custom; check what the region offers with Get-AzFunctionAppFlexConsumptionRuntime -Location <region> -Runtime custom.')
param customHandlerRuntimeVersion string = '1.0'

@description('AZURE_APPCONFIG_ENDPOINT.')
param appConfigurationEndpoint string

@description('KEY_VAULT_URL.')
param keyVaultUrl string

@description('KEY_VAULT_LAYOUT: single-tenant or per-tenant.')
@allowed(['single-tenant', 'per-tenant'])
param keyVaultLayout string

@description('COSMOS_ENDPOINT.')
param cosmosEndpoint string

@description('COSMOS_DATABASE.')
param cosmosDatabase string

@description('COSMOS_CHAT_CONTAINER.')
param cosmosChatContainer string

@description('COSMOS_INVENTORY_CONTAINER.')
param cosmosInventoryContainer string

@description('COSMOS_USERKEYS_CONTAINER: the wrapped user-key container (bring your own key).')
param cosmosUserKeysContainer string

@description('STORAGE_DIRECTORY: where the server writes its local files (the bundled sample database); the Flex app folder is read-only.')
param storageDirectory string = '/tmp/daibai'

@description('SIGNIN_ISSUER: the Entra External ID / Azure AD B2C issuer.')
param signInIssuer string

@description('SIGNIN_AUDIENCE: the API app registration client id (the aud of its tokens).')
param signInAudience string

@description('SIGNIN_METADATA_URL: the discovery document when it is not {issuer}/.well-known/openid-configuration (Entra External ID serves it under the tenant subdomain); empty leaves the setting out.')
param signInMetadataUrl string = ''

@description('RELAY_NAMESPACE: <namespace>.servicebus.windows.net.')
param relayNamespace string

@description('RELAY_HYBRID_CONNECTION.')
param relayHybridConnection string

// Settings written only when they have a value (an empty SIGNIN_METADATA_URL would be read as set).
var optionalAppSettings = empty(signInMetadataUrl) ? [] : [
  {
    name: 'SIGNIN_METADATA_URL'
    value: signInMetadataUrl
  }
]

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: 2048
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'custom'
        version: customHandlerRuntimeVersion
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: concat([
        // The Functions host: identity-based AzureWebJobsStorage (timer leases) and
        // Entra-authenticated Application Insights.
        {
          name: 'AzureWebJobsStorage__accountName'
          value: storage.name
        }
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identityClientId
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsightsConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'Authorization=AAD;ClientId=${identityClientId}'
        }
        // DaiBai: the azure profile (AzureBootstrap, AzureSettings) and the server (ServerSettings).
        {
          name: 'AZURE_DEPLOYMENT'
          value: 'true'
        }
        {
          name: 'AZURE_CLIENT_ID'
          value: identityClientId
        }
        {
          name: 'AZURE_APPCONFIG_ENDPOINT'
          value: appConfigurationEndpoint
        }
        {
          name: 'KEY_VAULT_URL'
          value: keyVaultUrl
        }
        {
          name: 'KEY_VAULT_LAYOUT'
          value: keyVaultLayout
        }
        {
          name: 'COSMOS_ENDPOINT'
          value: cosmosEndpoint
        }
        {
          name: 'COSMOS_DATABASE'
          value: cosmosDatabase
        }
        {
          name: 'COSMOS_CHAT_CONTAINER'
          value: cosmosChatContainer
        }
        {
          name: 'COSMOS_INVENTORY_CONTAINER'
          value: cosmosInventoryContainer
        }
        {
          name: 'COSMOS_USERKEYS_CONTAINER'
          value: cosmosUserKeysContainer
        }
        {
          name: 'STORAGE_DIRECTORY'
          value: storageDirectory
        }
        {
          name: 'SERVER_AUTH'
          value: 'oidc'
        }
        {
          name: 'SIGNIN_ISSUER'
          value: signInIssuer
        }
        {
          name: 'SIGNIN_AUDIENCE'
          value: signInAudience
        }
        {
          name: 'RELAY_NAMESPACE'
          value: relayNamespace
        }
        {
          name: 'RELAY_HYBRID_CONNECTION'
          value: relayHybridConnection
        }
      ], optionalAppSettings)
    }
  }
}

// Publishing goes through Microsoft Entra (azure/login + Azure/functions-action), never
// through FTP or SCM basic-auth credentials (publish profiles).
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

@description('The Function App name.')
output name string = functionApp.name

@description('The default host name, <name>.azurewebsites.net (or a regional variant).')
output defaultHostName string = functionApp.properties.defaultHostName

@description('The Function App resource id.')
output id string = functionApp.id
