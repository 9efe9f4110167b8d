import DaiBaiCore
import Foundation

extension SignInClaims {
    /// Checks issuer, audience and times against `configuration` at `now`.
    ///
    /// - `iss` equals the configured issuer exactly.
    /// - `aud` contains the configured audience.
    /// - `exp` is present and `now < exp + skew`.
    /// - `nbf`, if present: `now + skew >= nbf`.
    /// - `iat`, if present: `iat <= now + skew` (not issued in the future).
    func check(against configuration: SignInConfiguration, now: Date) throws(AuthenticationError) {
        guard let issuer else { throw .invalidClaim(claim: "iss", reason: "the token names no issuer") }
        guard issuer == configuration.issuer else {
            throw .invalidClaim(claim: "iss", reason: "the token's issuer is not the configured issuer '\(configuration.issuer)'")
        }
        guard !audiences.isEmpty else { throw .invalidClaim(claim: "aud", reason: "the token names no audience") }
        guard audiences.contains(configuration.audience) else {
            throw .invalidClaim(claim: "aud", reason: "the token is not issued for the configured audience '\(configuration.audience)'")
        }
        let skew = configuration.clockSkew.timeInterval
        guard let expiresAt else { throw .invalidClaim(claim: "exp", reason: "the token has no expiry") }
        guard now < expiresAt.addingTimeInterval(skew) else {
            throw .invalidClaim(claim: "exp", reason: "the token expired \(Self.seconds(now.timeIntervalSince(expiresAt))) s ago; sign in again")
        }
        if let notBefore, now.addingTimeInterval(skew) < notBefore {
            throw .invalidClaim(claim: "nbf", reason: "the token is not valid for another \(Self.seconds(notBefore.timeIntervalSince(now))) s")
        }
        if let issuedAt, issuedAt > now.addingTimeInterval(skew) {
            throw .invalidClaim(claim: "iat", reason: "the token was issued \(Self.seconds(issuedAt.timeIntervalSince(now))) s in the future, beyond the allowed clock skew")
        }
    }

    /// The principal `mapping` makes of these (already checked) claims.
    func principal(mapping: SignInClaimMapping) throws(AuthenticationError) -> AuthenticatedPrincipal {
        let tenant: TenantID
        switch mapping.tenant {
        case .fixed(let fixed):
            tenant = fixed
        case .claim(let name):
            let value = try stringClaim(name)
            do throws(InvalidIdentifierError) {
                tenant = try TenantID(validating: value)
            } catch {
                throw .invalidClaim(claim: name, reason: "it is not a valid DaiBai tenant id: \(error)")
            }
        }
        guard let userClaim = mapping.userClaims.first(where: names.contains) else {
            throw .invalidClaim(
                claim: mapping.userClaims.first ?? "oid",
                reason: "the token has none of the user claims \(mapping.userClaims.map { "'\($0)'" }.joined(separator: ", "))")
        }
        let value = try stringClaim(userClaim)
        let user: UserID
        do throws(InvalidIdentifierError) {
            user = try UserID(validating: value)
        } catch {
            throw .invalidClaim(claim: userClaim, reason: "it is not a valid DaiBai user id: \(error)")
        }
        // `check` made sure there is an expiry.
        guard let expiresAt else { throw .invalidClaim(claim: "exp", reason: "the token has no expiry") }
        return AuthenticatedPrincipal(
            context: RequestContext(tenant: tenant, user: user),
            subject: subject ?? value,
            expiresAt: expiresAt)
    }

    private func stringClaim(_ name: String) throws(AuthenticationError) -> String {
        guard names.contains(name) else { throw .invalidClaim(claim: name, reason: "the token has no '\(name)' claim") }
        guard let value = strings[name] else { throw .invalidClaim(claim: name, reason: "the claim is not a string") }
        return value
    }

    private static func seconds(_ interval: TimeInterval) -> Int { Int(interval.rounded(.up)) }
}
