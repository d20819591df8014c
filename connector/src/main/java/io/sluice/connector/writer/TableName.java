package io.sluice.connector.writer;

import java.util.Objects;

/**
 * A warehouse table's name, unquoted.
 *
 * @param schema the warehouse schema (PostgreSQL, DuckDB) or database (MariaDB); null for the
 *               connection's default
 */
public record TableName(String schema, String table) {

    public TableName {
        Objects.requireNonNull(table, "table");
    }

    @Override
    public String toString() {
        return schema == null ? table : schema + "." + table;
    }
}
