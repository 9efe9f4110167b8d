/// The names of the envelope `tags` this module writes (the schema's context tag keys).
public enum ApplicationInsightsContextTag {
    /// `ai.operation.id`: the operation (trace) id shared by all telemetry of one operation.
    public static let operationID = "ai.operation.id"
    /// `ai.operation.parentId`: the id of the request or dependency this item belongs to.
    public static let operationParentID = "ai.operation.parentId"
    /// `ai.operation.name`: the name of the operation (the request's name).
    public static let operationName = "ai.operation.name"
    /// `ai.cloud.role`: the name of the service (the application map shows one node per role).
    public static let cloudRole = "ai.cloud.role"
    /// `ai.cloud.roleInstance`: the instance of the service (host, container, replica).
    public static let cloudRoleInstance = "ai.cloud.roleInstance"
    /// `ai.application.ver`: the version of the application.
    public static let applicationVersion = "ai.application.ver"
    /// `ai.internal.sdkVersion`: which SDK produced the telemetry.
    public static let sdkVersion = "ai.internal.sdkVersion"
}
