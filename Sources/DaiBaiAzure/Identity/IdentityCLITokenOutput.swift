import Foundation

/// The JSON that `az account get-access-token --output json` prints (shape: Azure CLI
/// `az account get-access-token` output: `accessToken`, `expiresOn` as local time
/// `%Y-%m-%d %H:%M:%S.%f`, and since CLI 2.54 `expires_on` as unix seconds).
struct IdentityCLITokenOutput: Decodable, Sendable {
    var accessToken: String
    var expiresOnLocal: String?
    var expiresOnUnix: IdentityNumber?

    enum CodingKeys: String, CodingKey {
        case accessToken
        case expiresOnLocal = "expiresOn"
        case expiresOnUnix = "expires_on"
    }

    /// The expiry: `expires_on` when present, otherwise `expiresOn` read in `timeZone`.
    func expiry(in timeZone: TimeZone) -> Date? {
        if let unix = expiresOnUnix?.value { return Date(timeIntervalSince1970: unix) }
        guard let text = expiresOnLocal else { return nil }
        for format in ["yyyy-MM-dd HH:mm:ss.SSSSSS", "yyyy-MM-dd HH:mm:ss"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.calendar = Calendar(identifier: .gregorian)
            formatter.timeZone = timeZone
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
