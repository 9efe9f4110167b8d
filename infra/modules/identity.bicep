// The one user-assigned managed identity of the deployment. The Function App runs as it
// (DefaultAzureCredential with AZURE_CLIENT_ID), and every role assignment in roles.bicep and
// the Cosmos DB data-plane assignment in cosmos.bicep go to its principal.

@description('The identity name.')
param name string

@description('The region.')
param location string

@description('The tags of every resource.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

@description('The resource id (for the Function App identity and deployment storage).')
output id string = identity.id

@description('The identity name.')
output name string = identity.name

@description('The service principal object id (role assignments).')
output principalId string = identity.properties.principalId

@description('The application (client) id (AZURE_CLIENT_ID).')
output clientId string = identity.properties.clientId
