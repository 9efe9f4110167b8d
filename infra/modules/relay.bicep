// Azure Relay for databases behind a firewall (Docs/Relay.md): a namespace and one hybrid
// connection. requiresClientAuthorization makes senders authenticate too. No shared access
// (SAS) authorization rule is created: the app identity holds Azure Relay Sender and
// Azure Relay Listener on the hybrid connection (roles.bicep), and an on-premises agent gets
// Azure Relay Listener for its own Entra identity (Docs/Deployment.md).

@description('The namespace name (6-50 letters, digits and hyphens, globally unique).')
@minLength(6)
@maxLength(50)
param namespaceName string

@description('The hybrid connection name (RELAY_HYBRID_CONNECTION).')
param hybridConnectionName string

@description('The region.')
param location string

@description('The tags of every resource.')
param tags object

resource namespace 'Microsoft.Relay/namespaces@2021-11-01' = {
  name: namespaceName
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {}
}

resource hybridConnection 'Microsoft.Relay/namespaces/hybridConnections@2021-11-01' = {
  parent: namespace
  name: hybridConnectionName
  properties: {
    requiresClientAuthorization: true
    userMetadata: 'DaiBai on-premises databases (daibai-relay-agent)'
  }
}

@description('The namespace name.')
output namespaceName string = namespace.name

// Azure Relay namespaces live under servicebus.windows.net in the public cloud.
@description('The namespace host, <name>.servicebus.windows.net (RELAY_NAMESPACE).')
output namespaceHost string = '${namespace.name}.servicebus.windows.net'

@description('The hybrid connection name (RELAY_HYBRID_CONNECTION).')
output hybridConnectionName string = hybridConnection.name
