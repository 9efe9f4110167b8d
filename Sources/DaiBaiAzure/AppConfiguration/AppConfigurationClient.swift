import DaiBaiCore
import Foundation
import HTTPTypes
import Logging

/// Lists key-values from one store over Core's ``HTTPTransport``, with Core's ``Retrier``
/// (429 with `retry-after-ms` and 5xx are retried, each attempt re-authenticated), `Sync-Token`
/// echoing and `Link: <…>; rel="next"` paging.
///
/// It never logs header values, bodies or values.
struct AppConfigurationClient: Sendable {
    static let apiVersion = "2023-11-01"
    static let accept = "application/vnd.microsoft.appconfig.kvset+json, application/problem+json"
    /// The largest page body read.
    static let maxPageBytes = 16 * 1024 * 1024
    /// The most bytes of an error body read.
    static let maxErrorBytes = 64 * 1024
    /// The most pages followed for one selector (a guard against link loops).
    static let maxPages = 10_000

    let endpoint: AppConfigurationEndpoint
    let authorizer: AppConfigurationAuthorizer
    let transport: any HTTPTransport
    let retrier: Retrier
    let syncTokens: AppConfigurationSyncTokens
    let redactor: AppConfigurationRedactor
    let timeout: Duration
    let now: @Sendable () -> Date
    let logger: Logger

    /// Every key-value `selector` matches, page after page, in the order the store sends them.
    func list(_ selector: AppConfigurationSelector) async throws(AppConfigurationError) -> [AppConfigurationKeyValue] {
        var items: [AppConfigurationKeyValue] = []
        var target: String? = selector.listPath(apiVersion: Self.apiVersion)
        var pages = 0
        while let current = target {
            pages += 1
            guard pages <= Self.maxPages else {
                throw .invalidResponse("more than \(Self.maxPages) pages for \(selector)")
            }
            let (head, body) = try await get(current)
            let page: AppConfigurationKeyValuePage
            do {
                page = try JSONDecoder().decode(AppConfigurationKeyValuePage.self, from: Data(body))
            } catch {
                throw .invalidResponse("a key-value page is not '{\"items\":[…]}' JSON")
            }
            items.append(contentsOf: page.items)
            if let link = Self.nextLink(in: head.headerFields) ?? page.nextLink {
                target = try endpoint.resolve(link: link)
            } else {
                target = nil
            }
        }
        logger.debug("App Configuration listing loaded", metadata: ["selector": "\(selector)", "items": "\(items.count)", "pages": "\(pages)"])
        return items
    }

    /// `GET target`; returns the head and body of a 200 answer, or throws the store's error.
    func get(_ target: String) async throws(AppConfigurationError) -> (HTTPResponse, [UInt8]) {
        let policy = retrier.policy
        let response = try await retrier.run(
            { _ throws(AppConfigurationError) in try await send(target) },
            decide: { outcome, _ in
                switch outcome {
                case .success(let response):
                    guard policy.isRetryable(status: response.head.status.code) else { return .doNotRetry }
                    return .retry(after: RetryAfter.delay(from: response.head.headerFields, now: now()))
                case .failure(let error):
                    return error.isTransient ? .retry(after: nil) : .doNotRetry
                }
            },
            beforeRetry: { discarded, attempt, wait in
                if case .success(let response) = discarded {
                    logger.debug("App Configuration retrying", metadata: ["status": "\(response.head.status.code)", "attempt": "\(attempt)", "wait": "\(wait)"])
                    _ = try? await response.collectBody(upTo: Self.maxErrorBytes)
                }
            },
            whenCancelled: { .cancelled }
        )
        syncTokens.record(AppConfigurationHeader.values(AppConfigurationHeader.syncToken, in: response.head.headerFields))
        let status = response.head.status.code
        guard status == 200 else {
            let body = (try? await response.collectBody(upTo: Self.maxErrorBytes)) ?? []
            throw error(status: status, headers: response.head.headerFields, body: body)
        }
        do throws(HTTPTransportError) {
            return (response.head, try await response.collectBody(upTo: Self.maxPageBytes))
        } catch {
            throw Self.map(error)
        }
    }

    /// One attempt: a fresh head, authenticated now.
    private func send(_ target: String) async throws(AppConfigurationError) -> HTTPTransportResponse {
        var head = endpoint.request(.get, pathAndQuery: target)
        head.headerFields[.accept] = Self.accept
        head.headerFields[.userAgent] = "DaiBai (swift)"
        if let tokens = syncTokens.headerValue {
            AppConfigurationHeader.set(AppConfigurationHeader.syncToken, tokens, in: &head.headerFields)
        }
        try await authorizer.authorize(&head, body: [], now: now())
        do throws(HTTPTransportError) {
            return try await transport.send(HTTPTransportRequest(head: head, body: nil, timeout: timeout))
        } catch {
            throw Self.map(error)
        }
    }

    /// The `rel="next"` target of a `Link` header, if any.
    static func nextLink(in headers: HTTPFields) -> String? {
        for value in AppConfigurationHeader.values("Link", in: headers) {
            for link in value.split(separator: ",") {
                let parts = link.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                guard let target = parts.first, target.hasPrefix("<"), target.hasSuffix(">") else { continue }
                let isNext = parts.dropFirst().contains { parameter in
                    let compact = parameter.replacingOccurrences(of: " ", with: "").lowercased()
                    return compact == "rel=\"next\"" || compact == "rel=next"
                }
                if isNext { return String(target.dropFirst().dropLast()) }
            }
        }
        return nil
    }

    /// The error for a non-200 answer, from its `application/problem+json` body when there is one.
    func error(status: Int, headers: HTTPFields, body: [UInt8]) -> AppConfigurationError {
        let problem = try? JSONDecoder().decode(AppConfigurationProblem.self, from: Data(body))
        let title = clean(problem?.title)
        let detail = clean(problem?.detail)
        switch status {
        case 401, 403:
            // The challenge says why (`error_description="Invalid Signature"`); it holds no credentials.
            let parts = [detail ?? title, headers[.wwwAuthenticate].flatMap { clean($0) }].compactMap { $0 }
            return .authenticationFailed(status: status, detail: parts.isEmpty ? "no reason given" : parts.joined(separator: "; "))
        default:
            return .requestFailed(status: status, title: title ?? "HTTP \(status)", detail: detail ?? "")
        }
    }

    /// `text` without credentials and control characters, cut to 300 characters; `nil` when empty.
    private func clean(_ text: String?) -> String? {
        guard let text else { return nil }
        let printable = String(text.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }.map(Character.init))
        let cleaned = redactor.redact(printable).prefix(300)
        return cleaned.isEmpty ? nil : String(cleaned)
    }

    static func map(_ error: HTTPTransportError) -> AppConfigurationError {
        switch error {
        case .cancelled: .cancelled
        case .connectionFailed, .timedOut: .unreachable(error.description)
        case .invalidRequest, .bodyTooLarge: .invalidResponse(error.description)
        }
    }
}
