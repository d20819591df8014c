package io.sluice.connector.dialect.postgres;

import io.sluice.connector.change.RowKey;
import io.sluice.connector.dialect.GeneralDialect;
import io.sluice.connector.type.Column;
import io.sluice.connector.type.ColumnType;
import io.sluice.connector.writer.WarehouseTable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.StringJoiner;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * PostgreSQL as a warehouse. Large flushes stream their rows with COPY into a temporary staging table
 * (one per connection, table and column list, kept for the session) and apply them with one {@code INSERT … SELECT … ON CONFLICT} and one {@code DELETE … USING}; small
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
        String stage = stage(connection, table, table.columns(), rows);
        execute(connection, "INSERT INTO " + qualified(table.name()) + " (" + columnList(table.columns()) + ") SELECT "
                + columnList(table.columns()) + " FROM " + stage + " " + onConflictUpdate(table));
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
        String stage = stage(connection, table, table.key(), rows);
        StringJoiner match = new StringJoiner(" AND ");
        for (Column column : table.key()) {
            match.add("t." + quote(column.name()) + " = s." + quote(column.name()));
        }
        execute(connection, "DELETE FROM " + qualified(table.name()) + " t USING " + stage + " s WHERE " + match);
    }

    /**
     * COPYs the rows into this connection's staging table for these columns of the table and returns its
     * quoted name. The staging table is temporary (private to the session) with the target's types, and is
     * kept for the connection's life: made once, emptied before each use, so a flush costs no catalog
     * writes. One per table and column list, named by their hash, so a table that gains columns gets a new
     * one. A staging table made in a transaction that was rolled back is gone, so every use makes it if it
     * is missing.
     */
    private String stage(Connection connection, WarehouseTable table, List<Column> columns, List<Object[]> rows)
            throws SQLException {
        String stage = quote(stageName(table, columns));
        String columnList = columnList(columns);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMPORARY TABLE IF NOT EXISTS " + stage + " AS SELECT " + columnList + " FROM "
                    + qualified(table.name()) + " WITH NO DATA; TRUNCATE " + stage);
        }
        ColumnType[] types = columns.stream().map(Column::type).toArray(ColumnType[]::new);
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + stage + " (" + columnList + ") FROM STDIN");
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
        return stage;
    }

    /** {@code sluice_stage_} and a hash of the table's name and these columns' names and types. */
    private static String stageName(WarehouseTable table, List<Column> columns) {
        StringBuilder definition = new StringBuilder().append(table.name().schema()).append('\0')
                .append(table.name().table());
        for (Column column : columns) {
            definition.append('\0').append(column.name()).append('\0').append(column.type());
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(definition.toString().getBytes(StandardCharsets.UTF_8));
            return STAGE + "_" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
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
