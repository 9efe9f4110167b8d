import CMariaDB

/// The MariaDB Connector/C library this module is linked with (Debian: `libmariadb-dev`).
public enum MariaDBClientLibrary {
    /// The client library's version, for example `3.3.14` (`mysql_get_client_info`).
    public static var version: String {
        guard let info = mysql_get_client_info() else { return "unknown" }
        return String(cString: info)
    }
}
