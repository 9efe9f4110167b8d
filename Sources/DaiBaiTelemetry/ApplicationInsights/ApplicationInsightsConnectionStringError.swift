/// Why an Application Insights connection string was refused.
///
/// No case carries the instrumentation key, and no message repeats it: a connection string is
/// often pasted whole, and the key must not end up in logs.
public enum ApplicationInsightsConnectionStringError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The string is empty or holds only separators.
    case empty
    /// The string is longer than the 4,096 characters the service accepts.
    case tooLong(length: Int)
    /// A setting is not of the form `Key=Value`; `position` counts settings from 1.
    case malformedSetting(position: Int)
    /// There is no `InstrumentationKey` setting, or it is empty.
    case missingInstrumentationKey
    /// The `InstrumentationKey` is not a GUID (`00000000-0000-0000-0000-000000000000`).
    case invalidInstrumentationKey
    /// `IngestionEndpoint` (or the endpoint built from `EndpointSuffix`) is not an http(s) URL.
    case invalidIngestionEndpoint(String)
    /// `Authorization` is neither `ikey` nor `AAD`.
    case unsupportedAuthorization(String)

    /// A message that says what is wrong and what to do; never the key itself.
    public var description: String {
        switch self {
        case .empty:
            "The Application Insights connection string is empty; copy it from the resource's Overview page."
        case .tooLong(let length):
            "The Application Insights connection string has \(length) characters; at most 4096 are accepted."
        case .malformedSetting(let position):
            "Setting \(position) of the Application Insights connection string is not of the form Key=Value."
        case .missingInstrumentationKey:
            "The Application Insights connection string has no InstrumentationKey; copy the whole string from the resource."
        case .invalidInstrumentationKey:
            "The InstrumentationKey of the Application Insights connection string is not a GUID; copy the whole string from the resource."
        case .invalidIngestionEndpoint(let endpoint):
            "The Application Insights ingestion endpoint '\(endpoint)' is not an http(s) URL."
        case .unsupportedAuthorization(let value):
            "The Application Insights connection string asks for Authorization=\(value); only ikey and AAD are supported."
        }
    }
}
