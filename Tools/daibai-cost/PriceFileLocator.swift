import Foundation

/// Finds the unit-price data file: the given path relative to the current directory, then
/// relative to the package root (two folders above this source file).
enum PriceFileLocator {
    static let defaultPath = "infra/cost/unit-prices.json"

    static func locate(_ path: String, filePath: String = #filePath) throws -> String {
        if path.hasPrefix("/") {
            guard FileManager.default.fileExists(atPath: path) else { throw CostToolError.pricesNotFound([path]) }
            return path
        }
        let current = FileManager.default.currentDirectoryPath + "/" + path
        let root = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let fromRoot = root.appendingPathComponent(path).path
        for candidate in [current, fromRoot] where FileManager.default.fileExists(atPath: candidate) {
            return candidate
        }
        throw CostToolError.pricesNotFound([current, fromRoot])
    }
}
