import ArgumentParser
import DaiBaiCost
import Foundation

/// `daibai-cost`: measures what the SDK does per request, then prints the seed's cost table
/// beside the model's for each user count, with the assumptions and where the seed is off.
@main
struct DaiBaiCostCommand: AsyncParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case markdown, json
    }

    static let configuration = CommandConfiguration(
        commandName: "daibai-cost",
        abstract: "Capacity and cost model of a DaiBai deployment on Azure, checked against the seed's table.",
        discussion: """
            Measures Cosmos DB request units per ask (the SDK's chat store on the Cosmos fake over loopback HTTP), \
            Application Insights bytes per ask (the exporter's request bodies), execution time per ask, the Key Vault \
            cache and App Configuration reloads, then prices users → monthly cost from the unit-price file. \
            Progress goes to stderr, the report to stdout.
            """)

    @Option(name: .long, help: "The unit-price data file (relative to the current directory, then to the package root).")
    var prices = PriceFileLocator.defaultPath

    @Option(name: .long, help: "Comma-separated user counts.")
    var users = "1,10,100,1000,10000"

    @Option(name: .long, help: "markdown or json.")
    var format: Format = .markdown

    func run() async throws {
        let counts = try Self.parseUsers(users)
        let path = try PriceFileLocator.locate(prices)
        let unitPrices = try UnitPrices.load(path: path)
        let measurements = try await MeasurementRun.measure { line in
            FileHandle.standardError.write(Data(("daibai-cost: " + line + "\n").utf8))
        }
        let model = try CostModel(prices: unitPrices, profile: .standard, measurements: measurements)
        let shown = path.hasPrefix(FileManager.default.currentDirectoryPath + "/")
            ? String(path.dropFirst(FileManager.default.currentDirectoryPath.count + 1)) : path
        let report = try ComparisonReport(model: model, userCounts: counts, pricesPath: shown)
        switch format {
        case .markdown: print(report.markdown(), terminator: "")
        case .json: print(try report.json(), terminator: "")
        }
    }

    static func parseUsers(_ text: String) throws -> [Int] {
        let counts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "") }
        var result: [Int] = []
        for count in counts {
            guard let value = Int(count), value >= 0 else {
                throw ValidationError("--users takes comma-separated non-negative integers, got '\(count)'")
            }
            result.append(value)
        }
        guard !result.isEmpty else { throw ValidationError("--users needs at least one user count") }
        return result
    }
}
