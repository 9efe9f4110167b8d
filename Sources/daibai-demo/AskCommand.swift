import ArgumentParser
import DaiBaiCore
import Foundation

/// Answers one question through the Agent, showing progress as it goes.
struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Answers a question: the verified-query library first, then the configured model."
    )

    @Argument(help: "The question, in plain language.")
    var question: String

    @Option(name: .long, help: "A configured database name or a SQLite file path (default: the bundled music store).")
    var database: String?

    @Flag(name: .long, help: "Run the SQL and show the rows.")
    var execute = false

    @OptionGroup var options: DemoOptions

    mutating func run() async throws {
        let demo = try await DemoEnvironment.make(options) { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
        let request = AgentRequest(question: question, context: .local, databaseName: database, execute: execute)
        var answer: AgentAnswer?
        do {
            for try await event in demo.agent.stream(request) {
                switch event {
                case .step(let report):
                    let milliseconds = Double(report.duration.components.attoseconds) / 1e15 + Double(report.duration.components.seconds) * 1000
                    let step = report.step.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
                    FileHandle.standardError.write(Data("  \(step) \(String(format: "%7.1f", milliseconds)) ms  \(report.detail)\n".utf8))
                case .retrying(let reason, let attempt):
                    FileHandle.standardError.write(Data("  attempt \(attempt) failed: \(reason)\n".utf8))
                case .completed(let final):
                    answer = final
                case .modelDelta, .sql, .rows:
                    continue
                }
            }
        } catch let error as AgentError {
            throw DemoError(error.description)
        }
        guard let answer else { throw DemoError("The agent ended without an answer.") }
        print("SQL (\(answer.source == .verifiedCache ? "verified-query library" : "model \(answer.model ?? "")")):")
        print(answer.sql)
        if let result = answer.result {
            print("")
            print(TextTable.render(result))
        } else if !execute {
            print("(not executed; add --execute to run it)")
        }
    }
}
