/// One rendering of a Prometheus registry: the body of a scrape response and its content type.
public struct PrometheusScrape: Sendable, Hashable {
    /// The text exposition format, UTF-8.
    public var body: [UInt8]
    /// The `Content-Type` to send with ``body``: ``PrometheusScrapeHandler/contentType``.
    public var contentType: String

    /// A scrape of `body` with `contentType`.
    public init(body: [UInt8], contentType: String = PrometheusScrapeHandler.contentType) {
        self.body = body
        self.contentType = contentType
    }

    /// ``body`` as a string.
    public var text: String { String(decoding: body, as: UTF8.self) }
}
