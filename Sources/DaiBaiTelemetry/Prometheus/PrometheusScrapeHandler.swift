import HTTPTypes
import Prometheus

/// Answers Prometheus scrapes from a registry, for whatever HTTP server the application runs:
/// ``scrape()`` gives the bytes and content type; ``respond(to:)`` a whole response in
/// swift-http-types terms (`HTTPRequest` / `HTTPResponse`, which Hummingbird 2 and
/// swift-nio-extras speak).
///
/// ```swift
/// router.get("/metrics") { _, _ in
///     let scrape = prometheus.scrapeHandler.scrape()
///     return Response(status: .ok, headers: [.contentType: scrape.contentType],
///                     body: .init(byteBuffer: ByteBuffer(bytes: scrape.body)))
/// }
/// ```
///
/// Serve it on an address only the scraper reaches: the metrics are the service's, not a
/// tenant's, and they are not authenticated here.
public struct PrometheusScrapeHandler: Sendable {
    /// The content type of the text exposition format, version 0.0.4.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The registry rendered.
    public let registry: PrometheusCollectorRegistry

    /// A handler rendering `registry`.
    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    /// The registry now, in the text exposition format.
    public func scrape() -> PrometheusScrape {
        var body: [UInt8] = []
        registry.emit(into: &body)
        return PrometheusScrape(body: body, contentType: Self.contentType)
    }

    /// The response to a scrape request: `200` with the registry for `GET`, `200` with the
    /// headers only for `HEAD`, `405` with `Allow: GET, HEAD` for any other method. The path is
    /// not checked — route only the scrape path here.
    /// - Returns: The response head (with `Content-Type` and `Content-Length`) and its body.
    public func respond(to request: HTTPRequest) -> (head: HTTPResponse, body: [UInt8]) {
        switch request.method {
        case .get, .head:
            let scrape = scrape()
            var head = HTTPResponse(status: .ok)
            head.headerFields[.contentType] = scrape.contentType
            head.headerFields[.contentLength] = String(scrape.body.count)
            head.headerFields[.cacheControl] = "no-store"
            return (head, request.method == .head ? [] : scrape.body)
        default:
            var head = HTTPResponse(status: .methodNotAllowed)
            head.headerFields[.allow] = "GET, HEAD"
            head.headerFields[.contentLength] = "0"
            return (head, [])
        }
    }
}
