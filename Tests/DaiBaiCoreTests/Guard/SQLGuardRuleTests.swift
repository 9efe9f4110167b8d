import Testing

@testable import DaiBaiCore

/// The allow-list, the statement kinds it refuses, writable CTEs, INTO, locking reads and the deny-lists.
@Suite("Guard: rules")
struct SQLGuardRuleTests {
    @Test("Reads are allowed", arguments: [
        "SELECT 1",
        "select a from t where b = 1;",
        "WITH RECURSIVE c(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM c WHERE n < 5) SELECT n FROM c",
        "VALUES (1, 'a'), (2, 'b')",
        "(SELECT a FROM t) UNION (SELECT b FROM u) ORDER BY 1",
        "SELECT a FROM t EXCEPT SELECT a FROM u INTERSECT SELECT a FROM v",
        "SELECT * FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.id = t.id)",
        "SELECT CASE WHEN a THEN 1 ELSE 2 END AS x FROM t",
        "SELECT update_date, deleted_flag, created_by, insert_ts, drop_count FROM audit_log",
        "SELECT * FROM t -- DELETE FROM t",
        "SELECT 'DROP TABLE t; DELETE FROM u' AS s",
        "SELECT REPLACE(name, 'a', 'b') FROM t",
        "SELECT a FROM t WHERE b IN (1, 2) AND c IS DISTINCT FROM d",
        "SELECT substring(a FROM 1 FOR 2), extract(year FROM d), trim(both ' ' FROM a) FROM t",
    ])
    func readsAllowed(sql: String) {
        for dialect in [SQLDialect.sqlite, .postgresql] {
            let verdict = SQLGuard.verdict(sql, dialect)
            #expect(verdict.isAllowed, "\(dialect): \(verdict.rejection?.message ?? "")")
        }
    }

    @Test("Statements that are not reads are refused with their kind", arguments: [
        ("INSERT INTO t VALUES (1)", "INSERT"), ("UPDATE t SET a = 1", "UPDATE"), ("DELETE FROM t", "DELETE"),
        ("MERGE INTO t USING u ON t.a = u.a WHEN MATCHED THEN DELETE", "MERGE"), ("REPLACE INTO t VALUES (1)", "REPLACE"),
        ("UPSERT INTO t VALUES (1)", "UPSERT"), ("CREATE TABLE t (a int)", "CREATE"), ("ALTER TABLE t ADD b int", "ALTER"),
        ("DROP TABLE t", "DROP"), ("TRUNCATE t", "TRUNCATE"), ("RENAME TABLE a TO b", "RENAME"),
        ("COMMENT ON TABLE t IS 'x'", "COMMENT"), ("GRANT SELECT ON t TO u", "GRANT"), ("REVOKE ALL ON t FROM u", "REVOKE"),
        ("EXPLAIN ANALYZE DELETE FROM t", "EXPLAIN"), ("EXPLAIN SELECT 1", "EXPLAIN"), ("DESCRIBE t", "DESCRIBE"),
        ("DESC t", "DESC"), ("PRAGMA writable_schema = ON", "PRAGMA"), ("ATTACH DATABASE 'x' AS y", "ATTACH"),
        ("DETACH y", "DETACH"), ("SET search_path = evil", "SET"), ("SHOW GRANTS", "SHOW"), ("CALL p()", "CALL"),
        ("EXEC sp_who", "EXEC"), ("EXECUTE s", "EXECUTE"), ("PREPARE s FROM 'DELETE FROM t'", "PREPARE"),
        ("DEALLOCATE PREPARE s", "DEALLOCATE"), ("LOAD DATA INFILE 'x' INTO TABLE t", "LOAD"), ("HANDLER t OPEN", "HANDLER"),
        ("KILL 42", "KILL"), ("LOCK TABLES t WRITE", "LOCK"), ("UNLOCK TABLES", "UNLOCK"), ("BEGIN", "BEGIN"),
        ("COMMIT", "COMMIT"), ("ROLLBACK", "ROLLBACK"), ("SAVEPOINT s", "SAVEPOINT"), ("VACUUM", "VACUUM"),
        ("ANALYZE t", "ANALYZE"), ("REINDEX t", "REINDEX"), ("COPY t TO '/tmp/x'", "COPY"), ("LISTEN c", "LISTEN"),
        ("NOTIFY c", "NOTIFY"), ("DO $$ BEGIN END $$", "DO"), ("USE master", "USE"), ("DECLARE @x int", "DECLARE"),
        ("GO", "GO"), ("BACKUP DATABASE d TO DISK = 'x'", "BACKUP"), ("SHUTDOWN", "SHUTDOWN"), ("RECONFIGURE", "RECONFIGURE"),
        ("DBCC CHECKDB", "DBCC"), ("WAITFOR DELAY '00:00:10'", "WAITFOR"), ("'SELECT 1'", "'SELECT 1'"),
        ("TABLE t", "TABLE"),
    ])
    func notReads(sql: String, kind: String) {
        let rejection = SQLGuard.verdict(sql, .sqlite).rejection
        #expect(rejection?.reason == .notARead(kind: kind))
        #expect(rejection?.offset == 0)
        #expect(rejection?.message.hasPrefix("Only a single read-only SELECT is allowed; found \(kind) at line 1, column 1") == true)
    }

    @Test("Stacked statements are refused; one trailing semicolon is fine")
    func stacking() {
        #expect(SQLGuard.reason("SELECT 1; DROP TABLE t", .sqlite) == .multipleStatements)
        #expect(SQLGuard.reason("select 1;\n-- harmless\ndelete from customers", .postgresql) == .multipleStatements)
        #expect(SQLGuard.reason("SELECT 1; SELECT 2", .mysql) == .multipleStatements)
        #expect(SQLGuard.reason("SELECT 1 SELECT 2", .sqlserver) == .multipleStatements)
        #expect(SQLGuard.reason("SELECT 1 EXEC xp_cmdshell 'id'", .sqlserver) == .notARead(kind: "EXEC"))
        #expect(SQLGuard.reason("SELECT 1 SET @x = 1", .sqlserver) == .notARead(kind: "SET"))
        #expect(SQLGuard.reason("SELECT 1 WAITFOR DELAY '0:0:5'", .sqlserver) == .notARead(kind: "WAITFOR"))
        #expect(SQLGuard.reason("SELECT 1 BEGIN TRAN", .sqlserver) == .notARead(kind: "BEGIN"))
        #expect(SQLGuard.reason("SELECT 1 RECEIVE TOP (1) * FROM q", .sqlserver) == .notARead(kind: "RECEIVE"))
        #expect(SQLGuard.reason("SELECT 1 END CONVERSATION @h", .sqlserver) == .notARead(kind: "END CONVERSATION"))
        #expect(SQLGuard.verdict("SELECT conversation, CASE WHEN a THEN 1 END AS x FROM chats", .sqlserver).isAllowed)
        #expect(SQLGuard.verdict("SELECT open, close, set_id FROM stocks", .postgresql).isAllowed)
        #expect(SQLGuard.reason("", .sqlite) == .empty)
        #expect(SQLGuard.reason(" ; -- nothing", .sqlite) == .empty)
        let allowed = SQLGuard.verdict("  SELECT a FROM t ;  -- done\n", .sqlite)
        #expect(allowed.statement?.sql == "SELECT a FROM t")
        #expect(SQLGuard.verdict(";WITH c AS (SELECT 1 AS a) SELECT a FROM c", .sqlserver).statement?.sql == "WITH c AS (SELECT 1 AS a) SELECT a FROM c")
    }

    @Test("Writable CTEs are refused")
    func writableCTEs() {
        #expect(SQLGuard.reason("WITH d AS (DELETE FROM orders RETURNING *) SELECT count(*) FROM d", .postgresql) == .writableCTE(kind: "DELETE"))
        #expect(SQLGuard.reason("WITH u AS (UPDATE t SET a = 1 RETURNING *) SELECT * FROM u", .postgresql) == .writableCTE(kind: "UPDATE"))
        #expect(SQLGuard.reason("WITH a AS (SELECT 1), b AS MATERIALIZED (INSERT INTO t VALUES (1) RETURNING *) SELECT 1", .postgresql) == .writableCTE(kind: "INSERT"))
        #expect(SQLGuard.reason("WITH m AS (MERGE INTO t USING u ON true WHEN MATCHED THEN DELETE) SELECT 1", .postgresql) == .writableCTE(kind: "MERGE"))
        #expect(SQLGuard.reason("WITH c AS (SELECT 1) DELETE FROM t", .postgresql) == .notARead(kind: "DELETE"))
        #expect(SQLGuard.reason("WITH c AS (SELECT 1) INSERT INTO t SELECT * FROM c", .sqlite) == .notARead(kind: "INSERT"))
    }

    @Test("SELECT … INTO is refused anywhere", arguments: [
        ("SELECT * INTO backup_users FROM users", SQLDialect.sqlserver),
        ("SELECT * FROM users INTO OUTFILE '/tmp/u.txt'", .mysql),
        ("SELECT * FROM users INTO DUMPFILE '/tmp/u'", .mysql),
        ("SELECT a INTO @v FROM t", .mysql),
        ("SELECT a INTO TEMP t2 FROM t", .postgresql),
        ("SELECT (SELECT a INTO x FROM t)", .postgresql),
    ])
    func selectInto(sql: String, dialect: SQLDialect) {
        #expect(SQLGuard.reason(sql, dialect) == .selectInto)
    }

    @Test("Locking reads are refused")
    func lockingReads() {
        #expect(SQLGuard.reason("SELECT * FROM t FOR UPDATE", .postgresql) == .lockingRead(clause: "FOR UPDATE"))
        #expect(SQLGuard.reason("SELECT * FROM t FOR SHARE", .mysql) == .lockingRead(clause: "FOR SHARE"))
        #expect(SQLGuard.reason("SELECT * FROM t FOR NO KEY UPDATE NOWAIT", .postgresql) == .lockingRead(clause: "FOR NO KEY UPDATE"))
        #expect(SQLGuard.reason("SELECT * FROM t FOR KEY SHARE", .postgresql) == .lockingRead(clause: "FOR KEY SHARE"))
        #expect(SQLGuard.reason("SELECT * FROM t LOCK IN SHARE MODE", .mysql) == .lockingRead(clause: "LOCK IN SHARE MODE"))
        for hint in ["TABLOCKX", "UPDLOCK", "XLOCK", "HOLDLOCK", "TABLOCK", "PAGLOCK", "ROWLOCK", "SERIALIZABLE"] {
            #expect(SQLGuard.reason("SELECT * FROM t WITH (\(hint)) WHERE a = 1", .sqlserver) == .lockingRead(clause: "table hint \(hint)"))
        }
        #expect(SQLGuard.reason("SELECT * FROM t (UPDLOCK)", .sqlserver) == .lockingRead(clause: "table hint UPDLOCK"))
        #expect(SQLGuard.verdict("SELECT * FROM t WITH (NOLOCK)", .sqlserver).isAllowed)
        #expect(SQLGuard.verdict("SELECT a FROM t FOR XML PATH('r')", .sqlserver).isAllowed)
        #expect(SQLGuard.verdict("SELECT * FROM t FOR SYSTEM_TIME AS OF '2024-01-01' AS x, u", .sqlserver).statement?.tables == ["t", "u"])
        #expect(SQLGuard.verdict("SELECT * FROM t ORDER BY a OFFSET 5 ROWS FETCH NEXT 5 ROWS ONLY", .sqlserver).isAllowed)
        #expect(SQLGuard.verdict("SELECT * FROM t FETCH FIRST 5 ROWS ONLY", .postgresql).isAllowed)
    }

    @Test("Denied functions, in any spelling", arguments: [
        ("SELECT pg_read_file('/etc/passwd')", SQLDialect.postgresql, "pg_read_file"),
        ("SELECT pg_catalog.pg_read_binary_file('x')", .postgresql, "pg_read_binary_file"),
        ("SELECT \"pg_ls_dir\"('.')", .postgresql, "pg_ls_dir"),
        ("SELECT * FROM pg_ls_dir('.') AS f", .postgresql, "pg_ls_dir"),
        ("SELECT lo_import('/etc/passwd')", .postgresql, "lo_import"),
        ("SELECT lo_export(1, '/tmp/x')", .postgresql, "lo_export"),
        ("SELECT * FROM dblink('host=evil', 'SELECT 1') AS t(a int)", .postgresql, "dblink"),
        ("SELECT PG_SLEEP(30)", .postgresql, "PG_SLEEP"),
        ("SELECT pg_sleep_for('5 minutes')", .postgresql, "pg_sleep_for"),
        ("SELECT set_config('role', 'admin', false)", .postgresql, "set_config"),
        ("SELECT nextval('s'), 1", .postgresql, "nextval"),
        ("SELECT setval('s', 1)", .postgresql, "setval"),
        ("SELECT pg_terminate_backend(1)", .postgresql, "pg_terminate_backend"),
        ("SELECT pg_advisory_lock(1)", .postgresql, "pg_advisory_lock"),
        ("SELECT query_to_xml('select * from pg_shadow', true, true, '')", .postgresql, "query_to_xml"),
        ("SELECT txid_current()", .postgresql, "txid_current"),
        ("SELECT LOAD_FILE('/etc/passwd')", .mysql, "LOAD_FILE"),
        ("SELECT SLEEP (5)", .mysql, "SLEEP"),
        ("SELECT `sleep`(5)", .mysql, "sleep"),
        ("SELECT BENCHMARK(100000000, MD5('a'))", .mysql, "BENCHMARK"),
        ("SELECT GET_LOCK('a', 10)", .mysql, "GET_LOCK"),
        ("SELECT sys_exec('id')", .mysql, "sys_exec"),
        ("SELECT UPDATEXML(1, CONCAT(0x7e, USER()), 1)", .mysql, "UPDATEXML"),
        ("SELECT EXTRACTVALUE(1, 'x')", .mysql, "EXTRACTVALUE"),
        ("SELECT 1 /*!50000 , SLEEP(5) */", .mysql, "SLEEP"),
        ("SELECT load_extension('/tmp/evil.so')", .sqlite, "load_extension"),
        ("SELECT readfile('/etc/passwd')", .sqlite, "readfile"),
        ("SELECT writefile('/tmp/x', 'y')", .sqlite, "writefile"),
        ("SELECT fts3_tokenizer('simple')", .sqlite, "fts3_tokenizer"),
        ("SELECT * FROM fsdir('/')", .sqlite, "fsdir"),
        ("SELECT * FROM OPENROWSET('SQLNCLI', 'Server=evil;', 'SELECT 1')", .sqlserver, "OPENROWSET"),
        ("SELECT * FROM OPENQUERY(evil, 'SELECT 1')", .sqlserver, "OPENQUERY"),
        ("SELECT * FROM master.dbo.xp_dirtree('c:\\')", .sqlserver, "xp_dirtree"),
        ("SELECT * FROM sys.fn_get_audit_file('x', default, default)", .sqlserver, "fn_get_audit_file"),
        ("SELECT [xp_cmdshell]('id')", .sqlserver, "xp_cmdshell"),
        ("SELECT NEXT VALUE FOR dbo.seq", .sqlserver, "NEXT VALUE FOR"),
    ])
    func deniedFunctions(sql: String, dialect: SQLDialect, name: String) {
        #expect(SQLGuard.reason(sql, dialect) == .deniedFunction(name: name))
    }

    @Test("Denied system catalogs; schema listings stay readable")
    func catalogs() {
        let denied: [(String, SQLDialect, String)] = [
            ("SELECT usename, passwd FROM pg_shadow", .postgresql, "pg_shadow"),
            ("SELECT * FROM pg_catalog.pg_authid", .postgresql, "pg_catalog.pg_authid"),
            ("SELECT * FROM \"pg_user\"", .postgresql, "pg_user"),
            ("SELECT (SELECT rolpassword FROM pg_authid LIMIT 1)", .postgresql, "pg_authid"),
            ("TABLE pg_shadow", .postgresql, "pg_shadow"),
            ("SELECT * FROM pg_stat_activity", .postgresql, "pg_stat_activity"),
            ("SELECT user, authentication_string FROM mysql.user", .mysql, "mysql.user"),
            ("SELECT * FROM `mysql`.`db`", .mysql, "mysql.db"),
            ("SELECT * FROM performance_schema.events_statements_history", .mysql, "performance_schema.events_statements_history"),
            ("SELECT * FROM information_schema.user_privileges", .mysql, "information_schema.user_privileges"),
            ("SELECT * FROM sys.processlist", .mysql, "sys.processlist"),
            ("SELECT name, password_hash FROM sys.sql_logins", .sqlserver, "sys.sql_logins"),
            ("SELECT * FROM master..syslogins", .sqlserver, "master..syslogins"),
            ("SELECT * FROM [sys].[server_principals]", .sqlserver, "sys.server_principals"),
            ("SELECT * FROM sys.dm_exec_sessions", .sqlserver, "sys.dm_exec_sessions"),
            ("SELECT * FROM sqlite_dbpage", .sqlite, "sqlite_dbpage"),
        ]
        for (sql, dialect, name) in denied {
            #expect(SQLGuard.reason(sql, dialect) == .deniedCatalog(name: name), "\(sql)")
        }
        let allowed: [(String, SQLDialect)] = [
            ("SELECT name FROM sqlite_master WHERE type = 'table'", .sqlite),
            ("SELECT name FROM pragma_table_info('customers')", .sqlite),
            ("SELECT table_name FROM information_schema.tables", .postgresql),
            ("SELECT column_name FROM information_schema.columns WHERE table_name = 't'", .mysql),
            ("SELECT name FROM sys.tables", .sqlserver),
            ("SELECT * FROM pg_catalog.pg_tables", .postgresql),
            ("SELECT 1 FROM DUAL", .mysql),
        ]
        for (sql, dialect) in allowed {
            let verdict = SQLGuard.verdict(sql, dialect)
            #expect(verdict.isAllowed, "\(sql): \(verdict.rejection?.message ?? "")")
        }
    }

    @Test("Other stateful or ambiguous syntax is refused")
    func otherSyntax() {
        #expect(SQLGuard.reason("SELECT @a := 1", .mysql) == .unsupportedSyntax(description: "MySQL variable assignment (:=) changes session state"))
        #expect(SQLGuard.reason("SELECT a FROM t PROCEDURE ANALYSE()", .mysql) == .notARead(kind: "PROCEDURE"))
        #expect(SQLGuard.reason("SELECT 1\nGO\nSELECT 2", .sqlserver) == .unsupportedSyntax(description: "the GO batch separator (send a single statement)"))
        #expect(SQLGuard.reason("SELECT (1", .sqlite) == .unbalancedParentheses)
        #expect(SQLGuard.reason("SELECT 1)", .sqlite) == .unbalancedParentheses)
        #expect(SQLGuard.reason("SELECT 1 /*! ; DROP TABLE t */", .mysql) == .multipleStatements)
        #expect(SQLGuard.reason("SELECT 1 /*! -- */ FROM t */", .mysql) == .unsupportedSyntax(description: "a line comment inside a MySQL executable comment"))
        #expect(SQLGuard.verdict("SELECT INSERT('abc', 1, 1, 'x'), TRUNCATE(1.5, 0), IF(a, 1, 2) FROM t", .mysql).isAllowed)
    }

    @Test("Rejection values describe themselves")
    func rejectionValue() throws {
        let rejection = try #require(SQLGuard.verdict("SELECT 1;\nDELETE FROM t", .sqlite).rejection)
        #expect(rejection.code == "multiple_statements")
        #expect(rejection.description == rejection.message)
        #expect(rejection.line == 2 && rejection.column == 1 && rejection.offset == 10)
    }
}
