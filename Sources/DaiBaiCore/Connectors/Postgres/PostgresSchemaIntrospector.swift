import Logging
import PostgresNIO

/// Reads a PostgreSQL database's schema from `pg_catalog`.
///
/// Relations: tables, partitioned tables, views, materialized views and foreign tables that the
/// user may `SELECT` from, outside `pg_catalog`, `information_schema`, `pg_toast` and temporary
/// schemas, without partitions (their parent stands for them).
enum PostgresSchemaIntrospector {
    private static let relationFilter = """
        c.relkind IN ('r', 'p', 'v', 'm', 'f')
        AND NOT c.relispartition
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\\_toast%'
        AND n.nspname NOT LIKE 'pg\\_temp\\_%'
        AND has_table_privilege(c.oid, 'SELECT')
        """

    static func schema(on connection: PostgresConnection, logger: Logger) async throws(DatabaseError) -> DatabaseSchema {
        do {
            return try await read(connection, logger: logger)
        } catch let error as DatabaseError {
            throw error
        } catch {
            throw PostgresConnector.queryError(error, offset: 0)
        }
    }

    private static func read(_ connection: PostgresConnection, logger: Logger) async throws -> DatabaseSchema {
        var tables: [Int64: TableSchema] = [:]
        var order: [Int64] = []
        let relations = try await connection.query(PostgresQuery(unsafeSQL: """
            SELECT c.oid::int8, n.nspname::text, c.relname::text, c.relkind::text,
                   obj_description(c.oid, 'pg_class'), c.reltuples::float8
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE \(relationFilter)
            ORDER BY n.nspname, c.relname
            """), logger: logger)
        for try await (oid, schema, name, kind, comment, tuples) in relations.decode((Int64, String, String, String, String?, Double).self) {
            let isView = kind == "v" || kind == "m"
            // reltuples is -1 before the first VACUUM or ANALYZE (PostgreSQL 14+), and 0 for views.
            let rows: Int? = isView || tuples < 0 ? nil : Int(tuples.rounded())
            tables[oid] = TableSchema(
                schema: schema, name: name, columns: [], comment: comment, isView: isView, approximateRowCount: rows)
            order.append(oid)
        }
        let columns = try await connection.query(PostgresQuery(unsafeSQL: """
            SELECT a.attrelid::int8, a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   col_description(a.attrelid, a.attnum)
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE a.attnum > 0 AND NOT a.attisdropped AND \(relationFilter)
            ORDER BY a.attrelid, a.attnum
            """), logger: logger)
        for try await (oid, name, type, notNull, comment) in columns.decode((Int64, String, String, Bool, String?).self) {
            tables[oid]?.columns.append(ColumnSchema(name: name, type: type, isNullable: !notNull, comment: comment))
        }
        let constraints = try await connection.query(PostgresQuery(unsafeSQL: """
            SELECT con.conrelid::int8, con.contype::text,
                   ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, i)
                         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.i),
                   fn.nspname::text, fc.relname::text,
                   ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, i)
                         JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.i)
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_class fc ON fc.oid = con.confrelid LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
            WHERE con.contype IN ('p', 'f') AND \(relationFilter)
            ORDER BY con.conrelid, con.contype DESC, con.conname
            """), logger: logger)
        for try await (oid, kind, keyColumns, referencedSchema, referencedTable, referencedColumns)
            in constraints.decode((Int64, String, [String], String?, String?, [String]).self)
        {
            if kind == "p" {
                tables[oid]?.primaryKey = keyColumns
            } else if let referencedTable {
                tables[oid]?.foreignKeys.append(ForeignKey(
                    columns: keyColumns, referencedTable: referencedTable, referencedColumns: referencedColumns,
                    referencedSchema: referencedSchema))
            }
        }
        return DatabaseSchema(tables: order.compactMap { tables[$0] })
    }
}
