import Foundation

/// The child's command-line arguments.
struct CrashChildOptions {
    var ledgerPath: String
    var serverURL: String
    var count: Int
    var seed: UInt32
    var baseTime: Int
    var batch: Int

    /// Parses `--name value` pairs; `nil` when one is missing or malformed.
    static func parse(_ arguments: ArraySlice<String>) -> CrashChildOptions? {
        var values: [String: String] = [:]
        var iterator = arguments.makeIterator()
        while let name = iterator.next() {
            guard name.hasPrefix("--"), let value = iterator.next() else { return nil }
            values[String(name.dropFirst(2))] = value
        }
        guard let ledgerPath = values["ledger"], let serverURL = values["server"],
              let count = values["count"].flatMap(Int.init), count >= 0,
              let seed = values["seed"].flatMap({ UInt32($0) }),
              let baseTime = values["base-time"].flatMap(Int.init)
        else { return nil }
        let batch = values["batch"].flatMap(Int.init) ?? 10
        return CrashChildOptions(ledgerPath: ledgerPath, serverURL: serverURL, count: count, seed: seed, baseTime: baseTime, batch: batch)
    }

    /// The id of event `index` for `seed`: `SSSSSSSS-0000-4000-8000-IIIIIIIIIIII` (hex), the
    /// same in every run, so a restarted child records the same events.
    static func eventID(seed: UInt32, index: Int) -> UUID? {
        let seedHex = String(seed, radix: 16)
        let indexHex = String(UInt64(index), radix: 16)
        let text = String(repeating: "0", count: 8 - seedHex.count) + seedHex + "-0000-4000-8000-"
            + String(repeating: "0", count: max(0, 12 - indexHex.count)) + indexHex
        return UUID(uuidString: text)
    }
}
