import DaiBaiCore
import DaiBaiTelemetry
import HTTPTypes
import Metrics
import Testing

@Suite("Prometheus scrape")
struct PrometheusScrapeTests {
    /// The lines of a scrape, and each metric family's lines (a family's order is not fixed
    /// between families, only within one).
    func lines(_ scrape: PrometheusScrape) -> [String] {
        scrape.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test("a counter renders its TYPE line and one sample per label set, labels in name order")
    func counter() {
        let prometheus = DaiBaiPrometheus()
        let ok = Counter(label: DaiBaiMetricName.agentRequests, dimensions: [("outcome", "ok"), ("dialect", "sqlite")], factory: prometheus.metricsFactory)
        ok.increment(by: 2)
        // The same dimensions in another order are the same series.
        Counter(label: DaiBaiMetricName.agentRequests, dimensions: [("dialect", "sqlite"), ("outcome", "ok")], factory: prometheus.metricsFactory).increment()
        Counter(label: DaiBaiMetricName.agentRequests, dimensions: [("dialect", "postgres"), ("outcome", "error")], factory: prometheus.metricsFactory).increment()

        let scrape = prometheus.scrapeHandler.scrape()
        #expect(scrape.contentType == "text/plain; version=0.0.4; charset=utf-8")
        let lines = lines(scrape)
        #expect(lines.first == "# TYPE daibai_agent_requests_total counter")
        #expect(Set(lines.dropFirst()) == [
            #"daibai_agent_requests_total{dialect="sqlite",outcome="ok"} 3"#,
            #"daibai_agent_requests_total{dialect="postgres",outcome="error"} 1"#,
            "",
        ])
        #expect(lines.last == "")
        #expect(lines.count == 4)
    }

    @Test("a timer renders a histogram in seconds: cumulative buckets, +Inf, sum and count")
    func timer() {
        let prometheus = DaiBaiPrometheus(durationBuckets: [.seconds(1), .milliseconds(50)])
        let timer = Timer(label: DaiBaiMetricName.agentRequestDuration, dimensions: [("outcome", "ok")], factory: prometheus.metricsFactory)
        timer.recordNanoseconds(30_000_000)
        timer.record(duration: .seconds(2))

        #expect(lines(prometheus.scrapeHandler.scrape()) == [
            "# TYPE daibai_agent_request_duration histogram",
            #"daibai_agent_request_duration_bucket{outcome="ok",le="0.05"} 1"#,
            #"daibai_agent_request_duration_bucket{outcome="ok",le="1.0"} 1"#,
            #"daibai_agent_request_duration_bucket{outcome="ok",le="+Inf"} 2"#,
            #"daibai_agent_request_duration_sum{outcome="ok"} 2.03"#,
            #"daibai_agent_request_duration_count{outcome="ok"} 2"#,
            "",
        ])
    }

    @Test("a gauge, a floating-point counter, and label values escaped per the text format")
    func gaugeAndEscaping() {
        let prometheus = DaiBaiPrometheus()
        Gauge(label: "daibai_test_queue_depth", dimensions: [("queue", "a\"b\\c\nd")], factory: prometheus.metricsFactory).record(7)
        FloatingPointCounter(label: DaiBaiMetricName.llmEstimatedCost, dimensions: [("model", "m")], factory: prometheus.metricsFactory)
            .increment(by: 0.25)
        let text = prometheus.scrapeHandler.scrape().text
        #expect(text.contains("# TYPE daibai_test_queue_depth gauge\n" + #"daibai_test_queue_depth{queue="a\"b\\c\nd"} 7.0"# + "\n"))
        #expect(text.contains("# TYPE daibai_llm_estimated_cost_usd_total counter\n" + #"daibai_llm_estimated_cost_usd_total{model="m"} 0.25"# + "\n"))
    }

    @Test("each instance has its own registry")
    func separateRegistries() {
        let first = DaiBaiPrometheus()
        let second = DaiBaiPrometheus()
        Counter(label: "daibai_test_separate_total", dimensions: [("k", "v")], factory: first.metricsFactory).increment()
        #expect(first.scrapeHandler.scrape().text.contains("daibai_test_separate_total"))
        #expect(second.scrapeHandler.scrape().body.isEmpty)
    }

    @Test("respond(to:) answers GET with the body, HEAD with the headers only, anything else 405")
    func respond() {
        let prometheus = DaiBaiPrometheus()
        Counter(label: "daibai_test_scrapes_total", dimensions: [("k", "v")], factory: prometheus.metricsFactory).increment()
        let expected = Array("# TYPE daibai_test_scrapes_total counter\ndaibai_test_scrapes_total{k=\"v\"} 1\n".utf8)

        let get = prometheus.scrapeHandler.respond(to: HTTPRequest(method: .get, scheme: "http", authority: "svc", path: "/metrics"))
        #expect(get.head.status == .ok)
        #expect(get.head.headerFields[.contentType] == PrometheusScrapeHandler.contentType)
        #expect(get.head.headerFields[.contentLength] == String(expected.count))
        #expect(get.body == expected)

        let head = prometheus.scrapeHandler.respond(to: HTTPRequest(method: .head, scheme: "http", authority: "svc", path: "/metrics"))
        #expect(head.head.status == .ok)
        #expect(head.head.headerFields[.contentLength] == String(expected.count))
        #expect(head.body.isEmpty)

        let post = prometheus.scrapeHandler.respond(to: HTTPRequest(method: .post, scheme: "http", authority: "svc", path: "/metrics"))
        #expect(post.head.status == .methodNotAllowed)
        #expect(post.head.headerFields[.allow] == "GET, HEAD")
        #expect(post.body.isEmpty)
    }
}
