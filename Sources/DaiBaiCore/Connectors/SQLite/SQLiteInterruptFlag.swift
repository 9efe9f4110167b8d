import GRDB
import GRDBSQLite
import Synchronization

/// Stops one running query of a ``SQLiteConnector`` connection, through SQLite's progress handler.
///
/// GRDB's task cancellation calls `sqlite3_interrupt`, which is a no-op when it lands in the
/// instant between GRDB's cancellation check and the first step of the statement; a query such as
/// an endless recursive CTE would then run forever. The progress handler closes that gap: SQLite
/// calls it every few thousand virtual-machine instructions, and it stops the statement when the
/// query that is running is the one that was cancelled. Queries are identified by a number, so a
/// late cancellation never stops the next caller's query.
final class SQLiteInterruptFlag: Sendable {
    private struct State {
        var running: UInt64 = 0
        var cancelled: UInt64 = 0
        var next: UInt64 = 0
    }

    private let state = Mutex(State())

    /// A new query number.
    func makeToken() -> UInt64 {
        state.withLock { state in
            state.next += 1
            return state.next
        }
    }

    /// Marks `token` as running on the connection; `false` when it was already cancelled.
    func begin(_ token: UInt64) -> Bool {
        state.withLock { state in
            state.running = token
            return state.cancelled != token
        }
    }

    /// Marks the connection idle.
    func end() {
        state.withLock { $0.running = 0 }
    }

    /// Cancels query `token`, whether it runs now or later.
    func cancel(_ token: UInt64) {
        state.withLock { $0.cancelled = token }
    }

    /// Whether the running query was cancelled.
    var shouldStop: Bool {
        state.withLock { $0.running != 0 && $0.running == $0.cancelled }
    }

    /// Installs the progress handler on `connection`; `flag` must outlive the connection.
    static func install(_ flag: SQLiteInterruptFlag, on connection: SQLiteConnection) {
        sqlite3_progress_handler(connection, 4096, { context in
            guard let context else { return 0 }
            return Unmanaged<SQLiteInterruptFlag>.fromOpaque(context).takeUnretainedValue().shouldStop ? 1 : 0
        }, Unmanaged.passUnretained(flag).toOpaque())
    }
}
