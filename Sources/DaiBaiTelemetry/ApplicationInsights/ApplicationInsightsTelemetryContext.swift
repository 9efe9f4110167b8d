import Foundation

/// The tags the exporter adds to every envelope: who is sending.
///
/// Tags an envelope already has win over these.
public struct ApplicationInsightsTelemetryContext: Sendable, Hashable {
    /// The `ai.internal.sdkVersion` written by default.
    public static let defaultSDKVersion = "swift:daibai-telemetry-1"

    /// `ai.cloud.role`: the service's name (one node of the application map).
    public var cloudRole: String?
    /// `ai.cloud.roleInstance`: the instance, for example the host or container name.
    public var cloudRoleInstance: String?
    /// `ai.application.ver`: the application's version.
    public var applicationVersion: String?
    /// `ai.internal.sdkVersion`.
    public var sdkVersion: String

    /// Creates a context; the role instance defaults to the host name.
    public init(
        cloudRole: String? = nil,
        cloudRoleInstance: String? = ProcessInfo.processInfo.hostName,
        applicationVersion: String? = nil,
        sdkVersion: String = ApplicationInsightsTelemetryContext.defaultSDKVersion
    ) {
        self.cloudRole = cloudRole
        self.cloudRoleInstance = cloudRoleInstance
        self.applicationVersion = applicationVersion
        self.sdkVersion = sdkVersion
    }

    /// The tags, without the unset ones.
    public var tags: [String: String] {
        var tags = [ApplicationInsightsContextTag.sdkVersion: sdkVersion]
        if let cloudRole { tags[ApplicationInsightsContextTag.cloudRole] = cloudRole }
        if let cloudRoleInstance { tags[ApplicationInsightsContextTag.cloudRoleInstance] = cloudRoleInstance }
        if let applicationVersion { tags[ApplicationInsightsContextTag.applicationVersion] = applicationVersion }
        return tags
    }
}
