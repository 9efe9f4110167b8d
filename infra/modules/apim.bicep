// API Management (Consumption tier, billed per call) in front of the Function App. One API
// forwards every method and path under /<apiPath>/ to the Function App backend; the caller's
// Authorization header passes through untouched and daibai-server verifies the bearer token
// itself (SERVER_AUTH=oidc), so no APIM subscription key is required.

@description('The API Management service name (globally unique host <name>.azure-api.net).')
@minLength(1)
@maxLength(50)
param name string

@description('The region.')
param location string

@description('The tags of every resource.')
param tags object

@description('The publisher e-mail (required by API Management; notifications go there).')
param publisherEmail string

@description('The publisher name shown in the developer portal.')
param publisherName string

@description('The Function App host name, <name>.azurewebsites.net.')
param functionAppHostName string

@description('The path prefix of the API on the gateway: https://<name>.azure-api.net/<apiPath>/v1/ask.')
param apiPath string = 'daibai'

var backendId = 'daibai-functions'
var forwardPolicy = '<policies><inbound><base /><set-backend-service backend-id="${backendId}" /></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>'

resource service 'Microsoft.ApiManagement/service@2024-05-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Consumption'
    capacity: 0
  }
  properties: {
    publisherEmail: publisherEmail
    publisherName: publisherName
  }
}

resource backend 'Microsoft.ApiManagement/service/backends@2024-05-01' = {
  parent: service
  name: backendId
  properties: {
    description: 'daibai-server on Azure Functions'
    url: 'https://${functionAppHostName}'
    protocol: 'http'
    tls: {
      validateCertificateChain: true
      validateCertificateName: true
    }
  }
}

resource api 'Microsoft.ApiManagement/service/apis@2024-05-01' = {
  parent: service
  name: 'daibai'
  properties: {
    displayName: 'DaiBai'
    description: 'Text-to-SQL API (daibai-server); bearer tokens are verified by the server.'
    path: apiPath
    protocols: ['https']
    subscriptionRequired: false
    type: 'http'
  }
}

resource apiPolicy 'Microsoft.ApiManagement/service/apis/policies@2024-05-01' = {
  parent: api
  name: 'policy'
  properties: {
    format: 'rawxml'
    value: forwardPolicy
  }
  dependsOn: [
    backend
  ]
}

// Wildcard operations: every route of daibai-server (Docs/Server.md) goes through unchanged.
resource getOperation 'Microsoft.ApiManagement/service/apis/operations@2024-05-01' = {
  parent: api
  name: 'get'
  properties: {
    displayName: 'GET'
    method: 'GET'
    urlTemplate: '/*'
  }
}

resource postOperation 'Microsoft.ApiManagement/service/apis/operations@2024-05-01' = {
  parent: api
  name: 'post'
  properties: {
    displayName: 'POST'
    method: 'POST'
    urlTemplate: '/*'
  }
}

resource putOperation 'Microsoft.ApiManagement/service/apis/operations@2024-05-01' = {
  parent: api
  name: 'put'
  properties: {
    displayName: 'PUT'
    method: 'PUT'
    urlTemplate: '/*'
  }
}

resource deleteOperation 'Microsoft.ApiManagement/service/apis/operations@2024-05-01' = {
  parent: api
  name: 'delete'
  properties: {
    displayName: 'DELETE'
    method: 'DELETE'
    urlTemplate: '/*'
  }
}

@description('The API Management service name.')
output name string = service.name

@description('The gateway URL, https://<name>.azure-api.net.')
output gatewayUrl string = service.properties.gatewayUrl

@description('The API base URL on the gateway.')
output apiUrl string = '${service.properties.gatewayUrl}/${apiPath}'
