import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One line describing the machine: architecture, CPU model and logical cores.
func machineDescription() -> String {
    var names = utsname()
    _ = uname(&names)
    let architecture = withUnsafeBytes(of: &names.machine) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
    let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
        .flatMap { $0.split(separator: ":", maxSplits: 1).last }
        .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
    let cores = ProcessInfo.processInfo.activeProcessorCount
    return "\(architecture), \(model), \(cores) logical cores"
}

/// A duration in seconds.
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// A duration in microseconds.
func microseconds(_ duration: Duration) -> Double {
    seconds(duration) * 1e6
}

/// `value` with `digits` decimals.
func format(_ value: Double, _ digits: Int = 1) -> String {
    String(format: "%.\(digits)f", value)
}

/// Writes `message` to standard error and exits with status 1.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("daibai-benchmarks: \(message)\n".utf8))
    exit(1)
}
