import CMariaDB
import DaiBaiCore

/// One MariaDB Connector/C connection (`MYSQL *`).
///
/// Every call blocks the calling thread, so the connector makes them from its own threads, never
/// from an event loop or the cooperative pool. A connection is used by one thread at a time (the
/// pool hands it out exclusively); that invariant is what makes `@unchecked Sendable` sound.
final class MariaDBConnection: @unchecked Sendable {
    private let handle: UnsafeMutablePointer<MYSQL>

    /// The server's id of this connection's thread, the argument of `KILL QUERY`.
    let threadID: UInt

    /// `mysql_library_init` once per process, before the first connection (it is not thread-safe
    /// on its own; a `static let` is initialised exactly once).
    private static let libraryReady: Bool = mysql_server_init(0, nil, nil) == 0

    private init(handle: UnsafeMutablePointer<MYSQL>) {
        self.handle = handle
        self.threadID = UInt(mysql_thread_id(handle))
    }

    deinit { mysql_close(handle) }

    /// Opens a connection. Errors are ``DatabaseError/connectionFailed(_:)`` with the server's or
    /// the library's message (which names the user and host, never the password).
    static func open(_ configuration: MySQLConnectorConfiguration) throws(DatabaseError) -> MariaDBConnection {
        guard libraryReady, let handle = mysql_init(nil) else {
            throw .connectionFailed("the MariaDB client library could not be initialised")
        }
        var timeout = UInt32(clamping: max(1, configuration.connectTimeout.components.seconds))
        mysql_options(handle, MYSQL_OPT_CONNECT_TIMEOUT, &timeout)
        switch configuration.tls {
        case .disable:
            break
        case .prefer:
            // TLS when the server offers it; the certificate is not verified in this mode.
            mysql_ssl_set(handle, nil, nil, nil, nil, nil)
        case .require:
            var on: my_bool = 1
            mysql_options(handle, MYSQL_OPT_SSL_ENFORCE, &on)
            mysql_options(handle, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &on)
        }
        let connected = configuration.password.map { password in
            password.revealed().withCString { secret in
                mysql_real_connect(handle, configuration.host, configuration.user, secret, configuration.database, UInt32(configuration.port), nil, 0)
            }
        } ?? mysql_real_connect(handle, configuration.host, configuration.user, nil, configuration.database, UInt32(configuration.port), nil, 0)
        guard connected != nil else {
            let message = Self.message(handle)
            mysql_close(handle)
            throw .connectionFailed("could not connect to MySQL at \(configuration.host):\(configuration.port) as \(configuration.user): \(message)")
        }
        mysql_set_character_set(handle, "utf8mb4")
        return MariaDBConnection(handle: handle)
    }

    /// Runs a statement that returns no rows (`SET …`, `START TRANSACTION …`, `ROLLBACK`).
    func execute(_ sql: String) throws(DatabaseError) {
        try send(sql)
        if let result = mysql_store_result(handle) { mysql_free_result(result) }
    }

    /// Runs `sql` and reads at most `rowLimit` rows as the server's text bytes (`nil` is SQL NULL);
    /// `truncated` when there were more.
    func query(_ sql: String, rowLimit: Int) throws(DatabaseError) -> MariaDBTextResult {
        try send(sql)
        guard let result = mysql_use_result(handle) else {
            if mysql_errno(handle) != 0 { throw .queryFailed(Self.message(handle)) }
            return MariaDBTextResult(columns: [], rows: [], truncated: false)
        }
        defer { mysql_free_result(result) }
        let count = Int(mysql_num_fields(result))
        var columns: [MariaDBColumn] = []
        if let fields = mysql_fetch_fields(result) {
            for index in 0..<count {
                let field = fields[index]
                columns.append(MariaDBColumn(
                    name: field.name.map { String(cString: $0) } ?? "",
                    type: field.type.rawValue,
                    isBinary: field.charsetnr == 63,
                    isUnsigned: field.flags & UInt32(UNSIGNED_FLAG) != 0))
            }
        }
        var rows: [[[UInt8]?]] = []
        var truncated = false
        while let row = mysql_fetch_row(result) {
            if rows.count == rowLimit {
                truncated = true
                break
            }
            guard let lengths = mysql_fetch_lengths(result) else { break }
            var cells: [[UInt8]?] = []
            cells.reserveCapacity(count)
            for index in 0..<count {
                if let value = row[index] {
                    cells.append(value.withMemoryRebound(to: UInt8.self, capacity: Int(lengths[index])) {
                        Array(UnsafeBufferPointer(start: $0, count: Int(lengths[index])))
                    })
                } else {
                    cells.append(nil)
                }
            }
            rows.append(cells)
        }
        if !truncated, mysql_errno(handle) != 0 { throw .queryFailed(Self.message(handle)) }
        return MariaDBTextResult(columns: columns, rows: rows, truncated: truncated)
    }

    private func send(_ sql: String) throws(DatabaseError) {
        let status = sql.withCString { mysql_real_query(handle, $0, UInt(sql.utf8.count)) }
        guard status == 0 else { throw .queryFailed(Self.message(handle)) }
    }

    private static func message(_ handle: UnsafeMutablePointer<MYSQL>) -> String {
        let code = mysql_errno(handle)
        let text = mysql_error(handle).map { String(cString: $0) } ?? "unknown error"
        return code == 0 ? text : "\(text) (error \(code))"
    }
}
