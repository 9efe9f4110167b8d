import DaiBaiCore
import DaiBaiTesting
import Foundation

/// A model that answers every request with one fixed SQL statement in a fenced block, at once or
/// after a fixed delay (`Task.sleep`, so a waiting request holds no thread).
struct FixedSQLModel: LLMProvider {
    let name = "benchmark"
    let model = "fixed-sql"
    let delay: Duration?
    private let text: String

    init(sql: String, delay: Duration? = nil) {
        self.text = "Here you go:\n```sql\n\(sql)\n```"
        self.delay = delay
    }

    func complete(_ request: LLMRequest) async throws(LLMError) -> LLMResponse {
        if let delay {
            do { try await Task.sleep(for: delay) } catch { throw .cancelled }
        }
        return LLMResponse(text: text, usage: TokenUsage(inputTokens: 400, outputTokens: 20), finishReason: .stop, model: model)
    }

    func stream(_ request: LLMRequest) -> AsyncThrowingStream<LLMStreamEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<LLMStreamEvent, any Error>.makeStream()
        let text = self.text
        let delay = self.delay
        let task = Task {
            if let delay { try? await Task.sleep(for: delay) }
            continuation.yield(.textDelta(text))
            continuation.yield(.finished(.stop))
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}

/// Agent benchmarks on the sample music-store database:
///
/// 1. Overhead per question: an instant fake model, a warm schema cache (the first question
///    loads and indexes the schema and is not timed), the SQL not executed (`execute: false`);
///    N sequential `ask` calls, each timed; p50/p90/p99/mean, and the mean of every pipeline
///    step from ``AgentAnswer/steps``. The same for a verified-cache hit (a bundled question),
///    and, for information, with execution.
/// 2. 1,000 concurrent questions across 10 tenants against one Agent, with a fake model that
///    answers after 50 ms: wall time from the first launch to the last answer, warm (each
///    tenant's schema loaded beforehand) and cold, without and with execution.
enum AgentBenchmark {
    static let databaseName = "music"
    static let fixedSQL = "SELECT COUNT(*) AS tracks FROM tracks"
    /// Questions the fixed SQL plausibly answers and no bundled verified query matches.
    static let modelQuestions = [
        "How many tracks does the catalogue hold?",
        "Count the tracks in the store",
        "What is the number of tracks we sell?",
        "How many tracks are in the catalogue?",
        "Give me the total track count",
        "How many different tracks can customers buy?",
        "Number of tracks available",
        "How many tracks exist in the music store?",
    ]

    /// `arguments`: `[questions]` for the sequential runs (at least 2,000; default 5,000).
    static func run(arguments: [String]) async {
        let count = max(2_000, arguments.first.flatMap(Int.init) ?? 5_000)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("daibai-bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/music.sqlite"
        let connector: SQLiteConnector
        do {
            try SampleDatabase.createMusicStore(at: path)
            connector = try SQLiteConnector(path: path)
        } catch {
            fail("cannot create the sample database: \(error)")
        }
        let schema: DatabaseSchema
        do { schema = try await connector.introspectSchema() } catch { fail("cannot read the sample schema: \(error)") }

        print("== Agent ==")
        print("sample music-store database: \(schema.tables.count) tables at \(path)")
        print("machine: \(machineDescription())")

        await overhead(connector: connector, count: count)
        print("")
        await concurrency(connector: connector)
        print("")
        await components(schema: schema, connector: connector)
    }

    // MARK: Overhead

    static func overhead(connector: SQLiteConnector, count: Int) async {
        let context = RequestContext(tenant: TenantID(rawValue: "bench")!, user: UserID(rawValue: "ana")!)
        let agent = makeAgent(connector: connector, model: FixedSQLModel(sql: fixedSQL))
        let bundled = await markBundled(agent: agent, context: context)

        let modelRequests = (0..<count).map { AgentRequest(question: modelQuestions[$0 % modelQuestions.count], context: context, execute: false) }
        let cachedQuestions = SampleDatabase.musicStoreVerifiedQueries.map(\.question)
        let cacheRequests = (0..<count).map { AgentRequest(question: cachedQuestions[$0 % cachedQuestions.count], context: context, execute: false) }
        let executedRequests = modelRequests.map { request in
            var request = request
            request.execute = true
            return request
        }

        print("")
        print("-- Overhead per question: instant fake model, warm schema cache, one tenant, sequential --")
        print("verified-query cache: \(bundled) bundled entries (questions and paraphrases) for the tenant")
        print("the calls are made from a task on the global concurrent executor, as a server's request handler would")
        let model = await measureConcurrent(agent: agent, requests: modelRequests, expected: .model)
        model.report(title: "model path, execute: false (SQL execution excluded)", target: "target p50 < 500 µs")
        let cached = await measureConcurrent(agent: agent, requests: cacheRequests, expected: .verifiedCache)
        cached.report(title: "verified-cache hit (bundled question), execute: false", target: nil)
        let executed = await measureConcurrent(agent: agent, requests: executedRequests, expected: .model)
        executed.report(title: "for information: model path, execute: true (\(fixedSQL))", target: nil)
        let mainActor = await measureOnMainActor(agent: agent, requests: modelRequests, expected: .model)
        mainActor.report(title: "for information: model path, execute: false, called from the main actor "
            + "(every hop to the Agent's schema-catalog actor and back wakes another thread)", target: nil)
    }

    /// ``measure(agent:requests:expected:)`` on the global concurrent executor.
    @concurrent
    static func measureConcurrent(agent: Agent, requests: [AgentRequest], expected: AnswerSource) async -> Sample {
        await measure(agent: agent, requests: requests, expected: expected)
    }

    /// ``measure(agent:requests:expected:)`` on the main actor.
    @MainActor
    static func measureOnMainActor(agent: Agent, requests: [AgentRequest], expected: AnswerSource) async -> Sample {
        await measure(agent: agent, requests: requests, expected: expected)
    }

    /// The timings of a sequential run.
    struct Sample {
        var totals: [Double] = []
        var stepSums: [String: Double] = [:]
        var stepOrder: [String] = []
        var unexpected = 0
        var failures: [String] = []

        func percentile(_ fraction: Double) -> Double {
            let sorted = totals.sorted()
            guard !sorted.isEmpty else { return .nan }
            return sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)]
        }

        var mean: Double { totals.reduce(0, +) / Double(max(1, totals.count)) }

        func report(title: String, target: String?) {
            print("")
            print("\(title): \(totals.count) questions")
            var line = "  p50 \(format(percentile(0.5))) µs, p90 \(format(percentile(0.9))) µs, p99 \(format(percentile(0.99))) µs, "
                + "mean \(format(mean)) µs, min \(format(totals.min() ?? .nan)) µs, max \(format(totals.max() ?? .nan)) µs"
            if let target { line += " — \(target): \(percentile(0.5) < 500 ? "met" : "MISSED")" }
            print(line)
            if unexpected > 0 || !failures.isEmpty {
                print("  WARNING: \(unexpected) answers from an unexpected source, \(failures.count) errors; first: \(failures.first ?? "-")")
            }
            var accounted = 0.0
            var parts: [String] = []
            for label in stepOrder {
                let value = (stepSums[label] ?? 0) / Double(max(1, totals.count))
                accounted += value
                parts.append("\(label) \(format(value, 2))")
            }
            parts.append("outside steps \(format(mean - accounted, 2))")
            print("  mean µs by step: " + parts.joined(separator: ", "))
        }
    }

    static func measure(agent: Agent, requests: [AgentRequest], expected: AnswerSource) async -> Sample {
        var sample = Sample()
        // Warm-up: the first question loads and indexes the schema; a few more warm the code paths.
        for request in requests.prefix(200) { _ = try? await agent.ask(request) }
        sample.totals.reserveCapacity(requests.count)
        let clock = ContinuousClock()
        for request in requests {
            let start = clock.now
            do {
                let answer = try await agent.ask(request)
                let elapsed = clock.now - start
                sample.totals.append(microseconds(elapsed))
                if answer.source != expected { sample.unexpected += 1 }
                var seen: [AgentStep: Int] = [:]
                for step in answer.steps {
                    let occurrence = seen[step.step, default: 0]
                    seen[step.step] = occurrence + 1
                    let label: String
                    switch (step.step, occurrence) {
                    case (.schema, 0): label = "schema(catalog)"
                    case (.schema, _): label = "schema(pruning)"
                    case (let kind, 0): label = kind.rawValue
                    case (let kind, let n): label = "\(kind.rawValue)#\(n + 1)"
                    }
                    if sample.stepSums[label] == nil { sample.stepOrder.append(label) }
                    sample.stepSums[label, default: 0] += microseconds(step.duration)
                }
            } catch {
                sample.totals.append(microseconds(clock.now - start))
                sample.failures.append("\(error)")
            }
        }
        return sample
    }

    // MARK: Concurrency

    static func concurrency(connector: SQLiteConnector) async {
        let tenants = (0..<10).map { RequestContext(tenant: TenantID(rawValue: "tenant-\($0)")!, user: UserID(rawValue: "user-\($0)")!) }
        let model = FixedSQLModel(sql: fixedSQL, delay: .milliseconds(50))
        print("-- 1,000 concurrent questions across 10 tenants, one Agent, fake model answering after 50 ms --")
        for execute in [false, true] {
            let warmAgent = makeAgent(connector: connector, model: model)
            // Warm: every tenant's schema is loaded once before the timed run.
            await withTaskGroup(of: Void.self) { group in
                for tenant in tenants {
                    group.addTask { _ = try? await warmAgent.ask(AgentRequest(question: modelQuestions[0], context: tenant, execute: false)) }
                }
            }
            let warm = await concurrentRun(agent: warmAgent, tenants: tenants, execute: execute)
            warm.report(title: "warm schema cache, execute: \(execute)\(execute ? " (one SQLite connection, queries serialised)" : "")")
        }
        let coldAgent = makeAgent(connector: connector, model: model)
        let cold = await concurrentRun(agent: coldAgent, tenants: tenants, execute: false)
        cold.report(title: "cold (each tenant's schema loaded during the run), execute: false")
    }

    struct ConcurrentResult {
        var wall: Duration
        var latencies: [Double]
        var wrong: Int
        var failures: [String]

        func report(title: String) {
            let sorted = latencies.sorted()
            func at(_ fraction: Double) -> Double { sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))] / 1000 }
            let wallMs = seconds(wall) * 1000
            print("\(title): 1,000 questions in \(format(wallMs)) ms wall — target < 1,000 ms: \(wallMs < 1000 ? "met" : "MISSED"); "
                + "per-question latency p50 \(format(at(0.5))) ms, p99 \(format(at(0.99))) ms, max \(format(sorted.last.map { $0 / 1000 } ?? .nan)) ms")
            if wrong > 0 || !failures.isEmpty {
                print("  WARNING: \(wrong) wrong answers, \(failures.count) errors; first: \(failures.first ?? "-")")
            }
        }
    }

    static func concurrentRun(agent: Agent, tenants: [RequestContext], execute: Bool) async -> ConcurrentResult {
        let clock = ContinuousClock()
        let start = clock.now
        var latencies: [Double] = []
        var wrong = 0
        var failures: [String] = []
        await withTaskGroup(of: (Double, Bool, String?).self) { group in
            for index in 0..<1_000 {
                let tenant = tenants[index % tenants.count]
                let request = AgentRequest(question: modelQuestions[index % modelQuestions.count], context: tenant, execute: execute)
                group.addTask {
                    let begin = clock.now
                    do {
                        let answer = try await agent.ask(request)
                        let right = answer.source == .model && answer.sql == fixedSQL && (!execute || answer.result?.rows.first?.first == .integer(1810))
                        return (microseconds(clock.now - begin), right, nil)
                    } catch {
                        return (microseconds(clock.now - begin), false, "\(error)")
                    }
                }
            }
            for await (latency, right, failure) in group {
                latencies.append(latency)
                if !right { wrong += 1 }
                if let failure { failures.append(failure) }
            }
        }
        return ConcurrentResult(wall: clock.now - start, latencies: latencies, wrong: wrong, failures: failures)
    }

    // MARK: Components

    /// The pipeline's pure parts timed one by one, to attribute the overhead.
    static func components(schema: DatabaseSchema, connector: SQLiteConnector) async {
        print("-- Components, timed separately (mean µs per call over 5,000 calls) --")
        let embedder = HashingEmbeddingProvider()
        let index: SchemaIndex
        do { index = try await SchemaIndex.build(schema: schema, fingerprint: schema.fingerprint, embedder: embedder) } catch {
            fail("cannot build the schema index: \(error)")
        }
        let question = modelQuestions[0]
        let vector = embedder.vector(for: question)
        let selection = index.select(questionVector: vector, question: question, budget: SchemaBudget())
        let ddl = schema.renderDDL(tables: selection.tableNames, dialect: .sqlite)
        let prompt = PromptBuilder()
        let answer = "Here you go:\n```sql\n\(fixedSQL)\n```"
        let guardRail = SQLGuard(dialect: .sqlite)
        let fingerprintSchema = schema
        var sink = 0
        let iterations = 5_000
        func time(_ label: String, _ body: () -> Int) {
            for _ in 0..<200 { sink &+= body() }
            let clock = ContinuousClock()
            let start = clock.now
            for _ in 0..<iterations { sink &+= body() }
            print("  \(label): \(format(microseconds(clock.now - start) / Double(iterations), 2)) µs")
        }
        time("embed the question (HashingEmbeddingProvider.vector)") { embedder.vector(for: question).count }
        time("select tables (SchemaIndex.select, \(selection.tables.count) of \(schema.tables.count) kept)") {
            index.select(questionVector: vector, question: question, budget: SchemaBudget()).tables.count
        }
        time("render pruned DDL (\(ddl.utf8.count) bytes)") { schema.renderDDL(tables: selection.tableNames, dialect: .sqlite).utf8.count }
        time("render full DDL") { schema.renderDDL(dialect: .sqlite).utf8.count }
        time("assemble the prompt (PromptBuilder.messages)") {
            prompt.messages(question: question, dialect: .sqlite, databaseName: databaseName, schemaDDL: ddl).count
        }
        time("extract the SQL (SQLExtractor.extract)") { SQLExtractor.extract(from: answer)?.sql.count ?? 0 }
        time("guard the SQL (SQLGuard.check with table scope)") { guardRail.check(fixedSQL, allowedTables: selection.allowedTables).isAllowed ? 1 : 0 }
        time("guard the SQL against all tables (Set of names + check, as on a cache hit)") {
            guardRail.check(fixedSQL, allowedTables: Set(fingerprintSchema.tables.map(\.name))).isAllowed ? 1 : 0
        }
        time("schema fingerprint (DatabaseSchema.fingerprint)") { fingerprintSchema.fingerprint.utf8.count }
        // Paid by one request per tenant and database every refresh interval (60 s by default).
        let clock = ContinuousClock()
        var refresh = Duration.zero
        var introspection = Duration.zero
        for _ in 0..<50 {
            let start = clock.now
            guard let fresh = try? await connector.introspectSchema() else { fail("cannot introspect the sample database") }
            let introspected = clock.now
            sink &+= fresh.fingerprint.utf8.count
            introspection += introspected - start
            refresh += clock.now - start
        }
        var build = Duration.zero
        for _ in 0..<50 {
            let start = clock.now
            sink &+= ((try? await SchemaIndex.build(schema: schema, fingerprint: schema.fingerprint, embedder: embedder)) != nil) ? 1 : 0
            build += clock.now - start
        }
        print("  schema refresh, unchanged schema (introspect + fingerprint; once per tenant and database per 60 s): \(format(microseconds(refresh) / 50, 1)) µs "
            + "(introspection \(format(microseconds(introspection) / 50, 1)) µs)")
        print("  schema index build (first load or changed schema): \(format(microseconds(build) / 50, 1)) µs")
        print("  (checksum \(sink))")
    }

    // MARK: Assembly

    static func makeAgent(connector: SQLiteConnector, model: any LLMProvider) -> Agent {
        Agent(
            model: model,
            databases: StaticDatabaseDirectory(databases: [databaseName: connector]),
            chats: InMemoryChatStore(),
            verifiedQueries: InMemoryVerifiedQueryStore())
    }

    /// Adds the bundled verified queries (questions and paraphrases) for `context`'s tenant.
    static func markBundled(agent: Agent, context: RequestContext) async -> Int {
        var added = 0
        for query in SampleDatabase.musicStoreVerifiedQueries {
            for question in [query.question] + query.paraphrases {
                do {
                    try await agent.markVerified(question: question, sql: query.sql, databaseName: databaseName, source: .bundled, context: context)
                    added += 1
                } catch {
                    fail("cannot add the bundled verified query \(question): \(error)")
                }
            }
        }
        return added
    }
}
