/// The functions and system catalogs the guard refuses, per dialect, and why.
///
/// Function names are matched case-insensitively on the called name (the last part of a
/// qualified name such as `pg_catalog.pg_read_file`, quoted or not). A name that is dangerous
/// in one dialect is refused in every dialect: the guard may be told the wrong dialect, a user
/// function of the same name is rarely what generated SQL means, and refusing costs nothing for
/// legitimate reads.
enum DialectDenyLists {
    /// A list of exact names and name prefixes.
    struct NameList: Sendable {
        /// Exact lowercase names.
        var exact: Set<String>
        /// Lowercase prefixes: any name starting with one of them matches.
        var prefixes: [String]

        /// Whether `name` (lowercase) is listed.
        func contains(_ name: String) -> Bool {
            if exact.contains(name) { return true }
            for prefix in prefixes where name.hasPrefix(prefix) { return true }
            return false
        }

        /// Both lists together.
        func union(_ other: NameList) -> NameList {
            NameList(exact: exact.union(other.exact), prefixes: prefixes + other.prefixes)
        }
    }

    /// PostgreSQL: server files (`pg_read_file`, `pg_ls_*`, adminpack `pg_file_*`, large objects
    /// `lo_*` that import/export server files), other servers (`dblink*`), sleeping
    /// (`pg_sleep*`), locks (`pg_advisory_*`), settings (`set_config`, `current_setting`,
    /// `pg_reload_conf`), sequences and transaction ids that are assigned when read (`nextval`,
    /// `setval`, `currval`, `lastval`, `txid_current`, `pg_current_xact_id`), other sessions
    /// (`pg_terminate_backend`, `pg_cancel_backend`, `pg_stat_get_activity`), replication,
    /// backup and WAL control, and functions that run a query given as text, which would escape
    /// the guard (`query_to_xml*`, `table_to_xml*`, `cursor_to_xml*`, `ts_stat`, `ts_rewrite`).
    static let postgresqlFunctions = NameList(
        exact: [
            "pg_stat_file", "pg_logdir_ls", "pg_current_logfile", "loread", "lowrite",
            "set_config", "current_setting", "nextval", "setval", "currval", "lastval",
            "pg_terminate_backend", "pg_cancel_backend", "pg_signal_backend", "pg_reload_conf", "pg_rotate_logfile",
            "pg_rotate_logfile_old", "pg_promote", "pg_switch_wal", "pg_switch_xlog", "pg_start_backup", "pg_stop_backup",
            "pg_backup_start", "pg_backup_stop", "pg_log_backend_memory_contexts", "pg_notify", "txid_current",
            "txid_current_if_assigned", "pg_current_xact_id", "pg_current_xact_id_if_assigned", "ts_stat", "ts_rewrite",
            "pg_export_snapshot", "pg_import_system_collations", "pg_config", "pg_hba_file_rules",
            "pg_ident_file_mappings", "pg_show_all_file_settings", "pg_show_all_settings", "pg_stat_get_activity",
            "pg_replication_slot_advance", "pg_prewarm", "pg_stat_statements_reset", "pg_nextoid",
            "pg_wait_for_backend_termination", "pg_wal_replay_wait",
        ],
        prefixes: [
            "pg_read_", "pg_ls_", "pg_file_", "pg_sleep", "pg_advisory_", "pg_try_advisory_", "dblink", "lo_",
            "query_to_xml", "table_to_xml", "schema_to_xml", "database_to_xml", "cursor_to_xml", "pg_stat_reset",
            "pg_create_", "pg_drop_", "pg_copy_", "pg_replication_origin_", "binary_upgrade_", "pg_logical_",
            "pg_wal_replay_", "pg_xlog_replay_", "pg_stat_get_backend_",
        ]
    )

    /// MySQL and MariaDB: server files (`LOAD_FILE`), sleeping and busy loops (`SLEEP`,
    /// `BENCHMARK`, the replication waits), named and service locks (`GET_LOCK` and friends),
    /// UDFs that run programs (`sys_exec`, `sys_eval`, `lib_mysqludf_*`), error-based exfiltration
    /// (`UPDATEXML`, `EXTRACTVALUE`), session state (`LAST_INSERT_ID(expr)`), MariaDB sequences,
    /// and plugin functions that change server state or read secrets (audit log, keyring,
    /// firewall, version tokens, replication control).
    static let mysqlFunctions = NameList(
        exact: [
            "load_file", "sleep", "benchmark", "get_lock", "release_lock", "release_all_locks", "is_free_lock",
            "is_used_lock", "master_pos_wait", "source_pos_wait", "master_gtid_wait", "wait_for_executed_gtid_set",
            "wait_until_sql_thread_after_gtids", "updatexml", "extractvalue", "last_insert_id",
            "nextval", "setval", "lastval", "service_get_read_locks", "service_get_write_locks", "service_release_locks",
            "set_firewall_mode", "load_rewrite_rules", "mysql_firewall_flush_status",
        ],
        prefixes: [
            "sys_exec", "sys_eval", "sys_get", "sys_set", "sys_bineval", "lib_mysqludf_", "audit_log_", "keyring_",
            "version_tokens_", "asynchronous_connection_failover_", "group_replication_",
        ]
    )

    /// SQLite: loading native code (`load_extension`), the shell's file functions (`readfile`,
    /// `writefile`, `edit`, `fsdir`, `zipfile`, `sqlar_*`), the pointer-passing
    /// `fts3_tokenizer`/`fts5` hooks, raw page access (`sqlite_dbpage`, `sqlite_dbdata`), and
    /// extensions that run SQL given as text (`eval`, `define`, `sha3_query`).
    static let sqliteFunctions = NameList(
        exact: [
            "load_extension", "readfile", "writefile", "edit", "fts3_tokenizer", "fts5", "zipfile", "zipfile_cds",
            "fsdir", "sqlite_dbpage", "sqlite_dbdata", "sqlite_dbptr", "eval", "define", "sha3_query",
        ],
        prefixes: ["sqlar_"]
    )

    /// SQL Server: extended and system procedures (`xp_*`, `sp_*`), other servers and files
    /// (`OPENROWSET`, `OPENQUERY`, `OPENDATASOURCE`, `OPENXML`), trace, audit and log readers
    /// (`fn_trace_*`, `fn_xe_*`, `fn_get_audit_file`, `fn_dblog`), the file system DMFs, other
    /// sessions' SQL text, and password hashes (`PWDCOMPARE`, `PWDENCRYPT`, `LOGINPROPERTY`).
    static let sqlserverFunctions = NameList(
        exact: [
            "openrowset", "openquery", "opendatasource", "openxml", "fn_get_audit_file", "fn_dblog", "fn_dump_dblog",
            "fn_full_dblog", "fn_get_sql", "fn_virtualservernodes", "fn_servershareddrives", "pwdcompare", "pwdencrypt",
            "loginproperty", "dm_os_enumerate_filesystem", "dm_os_file_exists", "dm_exec_sql_text",
            "dm_exec_input_buffer",
        ],
        prefixes: ["xp_", "sp_", "fn_trace_", "fn_xe_"]
    )

    /// Every dialect's denied functions.
    static let functions = postgresqlFunctions.union(mysqlFunctions).union(sqliteFunctions).union(sqlserverFunctions)

    /// System catalogs matched by their own name, whatever schema or database qualifies them.
    ///
    /// PostgreSQL: password hashes and role lists (`pg_shadow`, `pg_authid`, `pg_user`,
    /// `pg_roles`, `pg_group`, `pg_auth_members`), user mappings with foreign-server passwords,
    /// per-role settings, subscriptions with connection strings, other sessions' queries
    /// (`pg_stat_activity`), server configuration and its files, large objects, replication.
    /// SQL Server: logins and their hashes, server principals, linked-server logins, credentials,
    /// other sessions and their SQL text. SQLite: raw database pages.
    /// Schema listings (`sqlite_master`, `information_schema.tables`/`columns`, `sys.tables`) are
    /// legitimate reads and are not listed.
    static let catalogNames = NameList(
        exact: [
            "pg_shadow", "pg_authid", "pg_user", "pg_roles", "pg_group", "pg_auth_members", "pg_user_mapping",
            "pg_user_mappings", "pg_db_role_setting", "pg_subscription", "pg_stat_activity", "pg_file_settings",
            "pg_hba_file_rules", "pg_ident_file_mappings", "pg_settings", "pg_config", "pg_largeobject",
            "pg_largeobject_metadata", "pg_stat_replication", "pg_stat_wal_receiver", "pg_stat_subscription",
            "pg_replication_slots", "pg_stat_ssl", "pg_stat_gssapi",
            "sql_logins", "server_principals", "server_role_members", "server_permissions", "syslogins", "sysxlogins",
            "sysremotelogins", "sysoledbusers", "sysprocesses", "syscacheobjects", "linked_logins", "remote_logins",
            "master_key_passwords", "database_scoped_credentials", "database_credentials",
            "sqlite_dbpage", "sqlite_dbdata", "sqlite_dbptr",
        ],
        prefixes: ["dm_exec_"]
    )

    /// Catalogs whose own name is too common to refuse alone, refused with their schema:
    /// MySQL's account and session views in `information_schema`, PostgreSQL's user mappings,
    /// and SQL Server's `sys.credentials`.
    static let qualifiedCatalogs: Set<String> = [
        "information_schema.user_privileges", "information_schema.user_attributes", "information_schema.processlist",
        "information_schema.innodb_trx", "information_schema.user_mappings", "information_schema.user_mapping_options",
        "sys.credentials", "sys.login_token", "sys.servers",
    ]

    /// Schemas refused as a whole: MySQL's `mysql` (accounts, grants, logs) and
    /// `performance_schema` (other sessions' statements and hosts) in every dialect, and MySQL's
    /// `sys` (views over `performance_schema`) in MySQL only, since SQL Server's `sys` holds the
    /// legitimate catalog views.
    static func deniedSchemas(for dialect: SQLDialect) -> Set<String> {
        dialect == .mysql ? ["mysql", "performance_schema", "sys"] : ["mysql", "performance_schema"]
    }

    /// SQL Server table hints that may follow a table name in parentheses (`FROM t (NOLOCK)`).
    static let sqlServerTableHints: Set<String> = [
        "nolock", "readuncommitted", "readcommitted", "readpast", "nowait", "holdlock", "tablock", "tablockx", "updlock",
        "xlock", "paglock", "rowlock", "serializable", "repeatableread", "readcommittedlock", "snapshot", "index",
        "forceseek", "forcescan", "noexpand",
    ]
}
