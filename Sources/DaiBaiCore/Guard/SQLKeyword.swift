/// The keywords the guard recognises in unquoted words (matched case-insensitively).
///
/// Only words that change the guard's decision are listed; every other word is an ordinary
/// identifier to the guard.
enum SQLKeyword: String, Sendable, CaseIterable {
    // Query structure.
    case select, with, values, table, from, join, straightJoin = "straight_join", apply
    case `where`, group, having, order, limit, offset, fetch, union, intersect, except, minus
    case window, qualify, option, returning, connect, start
    case distinct, all, `as`, recursive, materialized, not, lateral, only, `in`, on, using
    case first, next, value, dual, character, systemTime = "system_time"
    case `for`, share, no, key, lock, into, procedure
    // Writes and definitions.
    case insert, update, delete, merge, replace, upsert, truncate
    case create, alter, drop, grant, revoke, rename
    // Statement-level words of T-SQL, where statements need no `;` between them.
    case declare, set, waitfor, exec, execute, use, begin, commit, rollback, save, print
    case raiserror, `throw`, `if`, `while`, `return`, goto, `break`, `continue`, open, close
    case deallocate, kill, shutdown, checkpoint, dbcc, backup, restore, reconfigure, bulk, deny
    case readtext, writetext, updatetext, setuser, revert, enable, disable, trigger, go, receive, send
    case end, get, move, conversation
    // T-SQL table hints that take or hold locks.
    case tablock, tablockx, updlock, xlock, holdlock, paglock, rowlock, serializable
    case repeatableread, readcommittedlock
    // Statements that only describe, reported with a specific explanation.
    case explain, describe

    /// Looks a word up by the FNV-1a hash of its lowercased bytes, then confirms the spelling.
    static func lookup(hash: UInt64, bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> SQLKeyword? {
        guard let candidate = byHash[hash] else { return nil }
        let spelling = candidate.rawValue.utf8
        guard spelling.count == end - start else { return nil }
        var index = start
        for expected in spelling {
            if SQLBytes.lowercase(bytes[index]) != expected { return nil }
            index += 1
        }
        return candidate
    }

    /// Every keyword by the hash of its spelling.
    private static let byHash: [UInt64: SQLKeyword] = {
        var table: [UInt64: SQLKeyword] = [:]
        for keyword in allCases {
            var hash = SQLBytes.fnvOffset
            for byte in keyword.rawValue.utf8 { hash = SQLBytes.fnvStep(hash, byte) }
            table[hash] = keyword
        }
        return table
    }()

    /// The spelling in upper case, as rejections name it.
    var uppercased: String { rawValue.uppercased() }

    /// Whether the word ends the FROM clause of the query it belongs to.
    var endsFromClause: Bool {
        switch self {
        case .where, .group, .having, .order, .limit, .offset, .fetch, .union, .intersect, .except,
             .minus, .window, .qualify, .into, .option, .procedure, .lock, .returning, .connect, .start:
            return true
        default:
            return false
        }
    }

    /// Whether the word is a set operator (`UNION`, `INTERSECT`, `EXCEPT`, `MINUS`).
    var isSetOperator: Bool {
        self == .union || self == .intersect || self == .except || self == .minus
    }
}

extension SQLKeyword {
    /// Statement-level T-SQL words. SQL Server needs no `;` between statements, so one of these
    /// anywhere in the text starts another statement (`SELECT 1 EXEC xp_cmdshell 'id'`).
    var isTSQLStatementWord: Bool {
        switch self {
        case .declare, .set, .waitfor, .exec, .execute, .use, .begin, .commit, .rollback, .save, .print, .raiserror,
             .throw, .if, .while, .return, .goto, .break, .continue, .open, .close, .deallocate, .kill, .shutdown,
             .checkpoint, .dbcc, .backup, .restore, .reconfigure, .bulk, .deny, .readtext, .writetext, .updatetext,
             .setuser, .revert, .receive, .send:
            return true
        default:
            return false
        }
    }

    /// T-SQL table hints that take or hold locks.
    var isLockingHint: Bool {
        switch self {
        case .tablock, .tablockx, .updlock, .xlock, .holdlock, .paglock, .rowlock, .serializable, .repeatableread,
             .readcommittedlock:
            return true
        default:
            return false
        }
    }

    /// Whether the word may name a table or CTE in `dialect` (non-reserved there), so that a
    /// table called `key` or `value` is read as a name where a name is expected.
    func canBeName(in dialect: SQLDialect) -> Bool {
        switch self {
        case .first, .next, .value, .key, .no, .share, .dual, .character, .systemTime, .materialized, .window,
             .qualify, .option, .returning, .connect, .start, .trigger, .go, .enable, .disable, .explain, .describe,
             .get, .move, .conversation:
            return true
        default:
            return dialect != .sqlserver && (isTSQLStatementWord || isLockingHint)
        }
    }
}
