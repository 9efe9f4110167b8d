import DaiBaiCore
import Hummingbird

/// Verifies the caller with the ``RequestAuthenticator`` and puts the principal in the context;
/// a refusal is a 401 with `WWW-Authenticate: Bearer error="invalid_token"`.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let authenticator: any RequestAuthenticator

    @concurrent func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let principal = try await authenticator.authenticate(authorization: request.headers[.authorization])
        context.principal = principal
        context.logger[metadataKey: "tenant"] = .string(principal.context.tenant.rawValue)
        return try await next(request, context)
    }
}
