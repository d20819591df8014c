package io.sluice.connector.dialect.postgres;

import io.sluice.connector.change.RowKey;
import io.sluice.connector.dialect.GeneralDialect;
import io.sluice.connector.type.Column;
import io.sluice.connector.type.ColumnType;
import io.sluice.connector.writer.WarehouseTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * PostgreSQL as a warehouse. Large flushes stream their rows with COPY into a temporary staging table
 * and apply them with one {@code INSERT … SELECT … ON CONFLICT} and one {@code DELETE … USING}; small
 * ones (the steady trickle of streaming) use one multi-row statement, which costs fewer round trips.
 */
public final class PostgresDialect extends GeneralDialect {

    /** From this many rows on, COPY through a staging table beats a multi-row statement. */
    static final int COPY_THRESHOLD = 256;
    /** Encoded bytes handed to the server at a time, so a large flush never sits in memory twice. */
    private static final int COPY_CHUNK_BYTES = 1 << 20;
    private static final String STAGE = "sluice_stage";

    public PostgresDialect() {
        super('"', 63);
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    protected String currentSchemaSql() {
        return "SELECT current_schema()";
    }

    @Override
    public String sqlType(ColumnType type) {
        return switch (type.kind()) {
            case BOOLEAN -> "boolean";
            case INT16 -> "smallint";
            case INT32 -> "integer";
            case INT64 -> "bigint";
            case FLOAT32 -> "real";
            case FLOAT64 -> "double precision";
            case DECIMAL -> "numeric(" + type.precision() + "," + type.scale() + ")";
            case NUMERIC -> "numeric";
            case TEXT -> "text";
            case BYTES -> "bytea";
            case DATE -> "date";
            case TIME -> "time(6)";
            case TIMESTAMP -> "timestamp(6)";
            case TIMESTAMPTZ -> "timestamptz(6)";
            case JSON -> "jsonb";
            case UUID -> "uuid";
            case INTERVAL -> "interval";
        };
    }

    @Override
    public void upsert(Connection connection, WarehouseTable table, List<Object[]> rows) throws SQLException {
        if (rows.size() < COPY_THRESHOLD) {
            super.upsert(connection, table, rows);
            return;
        }
        stage(connection, table, table.columns(), rows);
        execute(connection, "INSERT INTO " + qualified(table.name()) + " (" + columnList(table.columns()) + ") SELECT "
                + columnList(table.columns()) + " FROM " + quote(STAGE) + " " + onConflictUpdate(table));
        execute(connection, "DROP TABLE " + quote(STAGE));
    }

    @Override
    public void delete(Connection connection, WarehouseTable table, List<RowKey> keys) throws SQLException {
        if (keys.size() < COPY_THRESHOLD) {
            super.delete(connection, table, keys);
            return;
        }
        List<Object[]> rows = new ArrayList<>(keys.size());
        for (RowKey key : keys) {
            rows.add(key.values());
        }
        stage(connection, table, table.key(), rows);
        StringJoiner match = new StringJoiner(" AND ");
        for (Column column : table.key()) {
            match.add("t." + quote(column.name()) + " = s." + quote(column.name()));
        }
        execute(connection, "DELETE FROM " + qualified(table.name()) + " t USING " + quote(STAGE) + " s WHERE " + match);
        execute(connection, "DROP TABLE " + quote(STAGE));
    }

    /** Creates a temporary table with the target's types for these columns and COPYs the rows into it. */
    private void stage(Connection connection, WarehouseTable table, List<Column> columns, List<Object[]> rows)
            throws SQLException {
        String columnList = columnList(columns);
        execute(connection, "CREATE TEMPORARY TABLE " + quote(STAGE) + " ON COMMIT DROP AS SELECT " + columnList
                + " FROM " + qualified(table.name()) + " WITH NO DATA");
        ColumnType[] types = columns.stream().map(Column::type).toArray(ColumnType[]::new);
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + quote(STAGE) + " (" + columnList + ") FROM STDIN");
        try {
            CopyTextEncoder encoder = new CopyTextEncoder();
            for (Object[] row : rows) {
                encoder.row(row, types);
                if (encoder.length() >= COPY_CHUNK_BYTES) {
                    copy.writeToCopy(encoder.buffer(), 0, encoder.length());
                    encoder.reset();
                }
            }
            copy.writeToCopy(encoder.buffer(), 0, encoder.length());
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    @Override
    protected void bind(PreparedStatement statement, int index, Object value, ColumnType type) throws SQLException {
        if (value != null && (type.kind() == ColumnType.Kind.JSON || type.kind() == ColumnType.Kind.INTERVAL)) {
            // Sent untyped so the server reads the text as jsonb or interval.
            statement.setObject(index, value, Types.OTHER);
        } else {
            super.bind(statement, index, value, type);
        }
    }
}
