// Log Analytics workspace plus a workspace-based Application Insights component. Local
// (instrumentation-key) authentication is off: telemetry is accepted only with a Microsoft
// Entra token, which the Functions host and daibai-server get from the managed identity
// (APPLICATIONINSIGHTS_AUTHENTICATION_STRING; the identity holds Monitoring Metrics Publisher).

@description('The Log Analytics workspace name.')
param workspaceName string

@description('The Application Insights component name.')
param appInsightsName string

@description('The region.')
param location string

@description('The tags of every resource.')
param tags object

@description('Days the workspace keeps data.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
    DisableLocalAuth: true
  }
}

@description('The Application Insights component name (role assignment scope).')
output appInsightsName string = appInsights.name

@description('The connection string (an identifier and the ingestion endpoint; with local authentication off it grants nothing without an Entra token).')
output connectionString string = appInsights.properties.ConnectionString

@description('The workspace resource id.')
output workspaceId string = workspace.id
