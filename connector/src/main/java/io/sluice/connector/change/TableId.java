package io.sluice.connector.change;

import java.util.Objects;

/**
 * Where a change comes from: the pipeline's source name plus the source's own schema (PostgreSQL
 * schema, or MySQL/MariaDB database) and table. The warehouse table name is derived from it.
 */
public record TableId(String source, String schema, String table) {

    public TableId {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(table, "table");
    }

    @Override
    public String toString() {
        return source + ":" + (schema == null ? "" : schema + ".") + table;
    }
}
