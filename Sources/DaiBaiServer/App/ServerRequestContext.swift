import DaiBaiCore
import Hummingbird
import Logging

/// The per-request state of the DaiBai server: Hummingbird's core storage, the request's
/// identifier and, once the authentication middleware has run, the verified principal.
///
/// It lives for one request only; nothing in it outlives the response.
public struct ServerRequestContext: Hummingbird.RequestContext {
    /// Hummingbird's storage (logger, path parameters, endpoint).
    public var coreContext: CoreRequestContextStorage
    /// The request identifier: the caller's `x-request-id` when well formed, else a new one.
    public var requestID: String
    /// The verified caller; `nil` until the authentication middleware has accepted the request.
    public var principal: AuthenticatedPrincipal?
    /// The largest request body accepted, in bytes (set from the server's settings).
    public var maxUploadSize: Int

    /// Creates the context of a new request.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.requestID = ""
        self.principal = nil
        self.maxUploadSize = ServerRequestContext.defaultMaxUploadSize
    }

    /// The default body limit: 1 MiB.
    public static let defaultMaxUploadSize = 1 << 20
}
