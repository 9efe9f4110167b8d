import Configuration
import Foundation

/// The provider's mutable state: the current snapshot, the generation of the last applied
/// load, and the `watch` subscribers. Lives inside the provider's `Mutex`.
struct AppConfigurationProviderState: Sendable {
    struct ValueWatcher: Sendable {
        let type: ConfigType
        let continuation: AsyncStream<Result<LookupResult, any Error>>.Continuation
    }

    var snapshot: AppConfigurationSnapshot
    /// The generation of the load `snapshot` came from.
    var appliedGeneration: UInt64 = 0
    /// The generation the next load gets.
    var nextGeneration: UInt64 = 1
    var valueWatchers: [[String]: [UUID: ValueWatcher]] = [:]
    var snapshotWatchers: [UUID: AsyncStream<any ConfigSnapshot>.Continuation] = [:]

    init(snapshot: AppConfigurationSnapshot) {
        self.snapshot = snapshot
    }

    /// Takes the generation number of a load that is starting.
    mutating func startLoad() -> UInt64 {
        defer { nextGeneration += 1 }
        return nextGeneration
    }

    /// Installs `new` unless a later load was applied already, and tells the watchers of
    /// changed keys (and the snapshot watchers, if anything changed). Returns whether it was applied.
    mutating func apply(_ new: AppConfigurationSnapshot, generation: UInt64) -> Bool {
        guard generation > appliedGeneration else { return false }
        appliedGeneration = generation
        let old = snapshot
        snapshot = new
        for (components, watchers) in valueWatchers where old.entries[components] != new.entries[components] {
            for watcher in watchers.values {
                watcher.continuation.yield(Self.result(new, components: components, type: watcher.type))
            }
        }
        if old.entries != new.entries {
            for continuation in snapshotWatchers.values { continuation.yield(new) }
        }
        return true
    }

    /// The lookup result of `components` as `type` in `snapshot`.
    static func result(_ snapshot: AppConfigurationSnapshot, components: [String], type: ConfigType) -> Result<LookupResult, any Error> {
        do throws(AppConfigurationError) {
            return .success(try snapshot.lookup(AbsoluteConfigKey(components), type: type))
        } catch {
            return .failure(error)
        }
    }
}
