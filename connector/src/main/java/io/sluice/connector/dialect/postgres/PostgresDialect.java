package io.sluice.connector.dialect.postgres;

import io.sluice.connector.change.RowKey;
import io.sluice.connector.dialect.GeneralDialect;
import io.sluice.connector.type.Column;
import io.sluice.connector.type.ColumnType;
import io.sluice.connector.writer.TableName;
import io.sluice.connector.writer.WarehouseTable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
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
    /**
     * Encoded bytes handed to the server at a time, so a large flush never sits in memory twice. Below the
     * encoders' 64 KB buffer, so that the row crossing it seldom makes the buffer grow: with 1 MB chunks each
     * COPY doubled a new buffer up to 2 MB, 100-150 bytes allocated and half of them copied per row (the
     * governance benchmark's allocation profile).
     */
    private static final int COPY_CHUNK_BYTES = 48 * 1024;
    private static final String STAGE = "sluice_stage";
    /**
     * Each column's name and, for a type of {@code pg_catalog}, its type name ({@code int8}, {@code numeric},
     * {@code timestamptz} …); null for types elsewhere (enums, domains), which are written as text.
     */
    private static final String COLUMN_TYPES_SQL = "SELECT a.attname, CASE WHEN t.typnamespace = 'pg_catalog'::regnamespace"
            + " THEN t.typname END FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
            + " WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped";

    /**
     * {@link #COLUMN_TYPES_SQL} with, on every row, whether a unique index that is checked at once, not
     * partial and not on expressions covers only key columns (parameter 1, their names): then the table
     * refuses a second row with the same key.
     */
    private static final String TARGET_SQL = "SELECT a.attname, CASE WHEN t.typnamespace = 'pg_catalog'::regnamespace"
            + " THEN t.typname END, EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = a.attrelid AND i.indisunique"
            + " AND i.indimmediate AND i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL"
            + " AND NOT EXISTS (SELECT 1 FROM pg_attribute k WHERE k.attrelid = i.indrelid"
            + " AND k.attnum = ANY (i.indkey::int2[]) AND k.attname <> ALL (?::text[])))"
            + " FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
            + " WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped";
    private static final String UNIQUE_VIOLATION = "23505";

    /** How rows go into a target table, and whether it refuses a duplicate key. */
    private record Target(Encoding encoding, boolean keyEnforced) {
    }

    /**
     * How COPY encodes rows for a relation's columns.
     *
     * @param kinds  the kinds of the values, for the text format
     * @param binary each column's binary encoding; null when one has none, and the text format is used
     */
    private record Encoding(ColumnType[] kinds, CopyBinaryEncoder.Field[] binary) {
    }

    /**
     * How long a target table's shape read from the catalog is used before it is read again. Read per
     * flush, it cost a round trip and a catalog query of about a millisecond of the server's time, as much
     * as COPYing a thousand rows. The writer's own DDL and a failed COPY forget it at once; the time bound
     * is for what others change (a key's unique index dropped while Sluice runs).
     */
    private static final long TARGET_TTL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

    private record CachedTarget(Target target, long readAt) {
    }

    /** Each target table's shape (for its column list), as last read, and when. */
    private final Map<WarehouseTable, CachedTarget> targets = new ConcurrentHashMap<>();

    /** Per physical connection, the encoding of each staging table it has made (by name). */
    private final Map<PGConnection, Map<String, Encoding>> stageEncodings = Collections.synchronizedMap(new WeakHashMap<>());

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

    /**
     * Many new rows are COPYed straight into the table, under a savepoint: a table that already has one of
     * their keys (changes delivered again after a crash, a snapshot taken again) refuses them with a unique
     * violation, and then the savepoint is rolled back and all rows take the staging table and the upsert.
     * Only into a table whose key the database enforces at once (a unique index on key columns, not
     * deferred): elsewhere a duplicate would go unnoticed.
     */
    @Override
    public void upsert(Connection connection, WarehouseTable table, List<Object[]> newRows, List<Object[]> otherRows)
            throws SQLException {
        if (newRows.size() >= COPY_THRESHOLD && insertDirectly(connection, table, newRows)) {
            if (!otherRows.isEmpty()) {
                upsert(connection, table, otherRows);
            }
            return;
        }
        super.upsert(connection, table, newRows, otherRows);
    }

    /** COPYs the rows into the table; false, with nothing written, when a key was there already or is not enforced. */
    private boolean insertDirectly(Connection connection, WarehouseTable table, List<Object[]> rows) throws SQLException {
        String target = qualified(table.name());
        CachedTarget cached = targets.get(table);
        boolean kept = cached != null && System.nanoTime() - cached.readAt() < TARGET_TTL_NANOS;
        Target shape = kept ? cached.target() : readTarget(connection, target, table);
        if (!shape.keyEnforced()) {
            return false;
        }
        Savepoint savepoint = connection.setSavepoint();
        try {
            copy(connection, target, table.columns(), shape.encoding(), rows);
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                connection.rollback(savepoint);
                return false;
            }
            targets.remove(table);
            if (!kept) {
                throw e;
            }
            // Someone may have changed a column's type since the shape was read: once more, read anew.
            try {
                connection.rollback(savepoint);
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
                throw e;
            }
            return insertDirectly(connection, table, rows);
        }
        connection.releaseSavepoint(savepoint);
        return true;
    }

    private Target readTarget(Connection connection, String target, WarehouseTable table) throws SQLException {
        long readAt = System.nanoTime();
        Target shape = targetOf(connection, target, table);
        targets.put(table, new CachedTarget(shape, readAt));
        return shape;
    }

    /** Forgets what was read of a table's shape, after changing it. */
    private void forgetTarget(TableName name) {
        targets.keySet().removeIf(table -> table.name().equals(name));
    }

    @Override
    public void createTable(Connection connection, TableName table, List<Column> columns, List<Column> key)
            throws SQLException {
        super.createTable(connection, table, columns, key);
        forgetTarget(table);
    }

    @Override
    public void addColumn(Connection connection, TableName table, Column column) throws SQLException {
        super.addColumn(connection, table, column);
        forgetTarget(table);
    }

    @Override
    public void alterColumnType(Connection connection, TableName table, Column column) throws SQLException {
        super.alterColumnType(connection, table, column);
        forgetTarget(table);
    }

    /** The table's encoding for these columns, and whether it enforces the key: one catalog query. */
    private Target targetOf(Connection connection, String target, WarehouseTable table) throws SQLException {
        Map<String, String> types = new HashMap<>();
        boolean keyEnforced = false;
        try (PreparedStatement statement = connection.prepareStatement(TARGET_SQL)) {
            statement.setArray(1, connection.createArrayOf("text", table.key().stream().map(Column::name).toArray()));
            statement.setString(2, target);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                    keyEnforced = rs.getBoolean(3);
                }
            }
        }
        return new Target(encoding(types, table.columns()), keyEnforced);
    }

    /**
     * By a one-column key, one statement with the keys bound as one array, whatever their number; by a
     * composite key, a few as one multi-row statement, many through the staging table and one
     * {@code DELETE … USING}.
     */
    @Override
    public void delete(Connection connection, WarehouseTable table, List<RowKey> keys) throws SQLException {
        String arrayType = table.key().size() == 1 ? arrayElementType(table.key().get(0).type()) : null;
        if (arrayType != null) {
            Object[] values = new Object[keys.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = keys.get(i).values()[0];
            }
            try (PreparedStatement statement = connection.prepareStatement("DELETE FROM " + qualified(table.name())
                    + " WHERE " + quote(table.key().get(0).name()) + " = ANY (?)")) {
                statement.setArray(1, connection.createArrayOf(arrayType, values));
                statement.executeUpdate();
            }
            return;
        }
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

    /** The array element type a key of this kind is bound as, or null for kinds deleted otherwise. */
    private static String arrayElementType(ColumnType type) {
        return switch (type.kind()) {
            case INT16 -> "int2";
            case INT32 -> "int4";
            case INT64 -> "int8";
            case TEXT -> "text";
            case UUID -> "uuid";
            default -> null;
        };
    }

    /**
     * COPYs the rows into this connection's staging table for these columns of the table and returns its
     * quoted name. The staging table is temporary (private to the session) with the target's types, and is
     * kept for the connection's life: made once, emptied before each use, so a flush costs no catalog
     * writes. One per table and column list, named by their hash, so a table that gains columns gets a new
     * one. A staging table made in a transaction that was rolled back is gone, so every use makes it if it
     * is missing, and reads its column types again when it had to make it.
     */
    private String stage(Connection connection, WarehouseTable table, List<Column> columns, List<Object[]> rows)
            throws SQLException {
        String name = stageName(table, columns);
        String stage = quote(name);
        boolean existed;
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMPORARY TABLE IF NOT EXISTS " + stage + " AS SELECT " + columnList(columns)
                    + " FROM " + qualified(table.name()) + " WITH NO DATA; TRUNCATE " + stage);
            existed = alreadyExisted(statement.getWarnings());
        }
        Map<String, Encoding> encodings = stageEncodings.computeIfAbsent(connection.unwrap(PGConnection.class),
                c -> new ConcurrentHashMap<>());
        Encoding encoding = existed ? encodings.get(name) : null;
        if (encoding == null) {
            encoding = encodingOf(connection, "pg_temp." + stage, columns);
            encodings.put(name, encoding);
        }
        copy(connection, stage, columns, encoding, rows);
        return stage;
    }

    /** True when the warnings hold the server's notice that the table already existed (SQLSTATE 42P07). */
    private static boolean alreadyExisted(SQLWarning warning) {
        for (SQLWarning w = warning; w != null; w = w.getNextWarning()) {
            if ("42P07".equals(w.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * How rows go into these columns of {@code relation}: binary when the catalog's type of every column
     * has a binary encoding for the values Sluice holds for it ({@link CopyBinaryEncoder#fieldsFor}), text
     * otherwise.
     */
    private static Encoding encodingOf(Connection connection, String relation, List<Column> columns) throws SQLException {
        Map<String, String> types = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(COLUMN_TYPES_SQL)) {
            statement.setString(1, relation);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return encoding(types, columns);
    }

    /** The encoding for these columns, given each column's {@code pg_catalog} type name by column name. */
    private static Encoding encoding(Map<String, String> types, List<Column> columns) {
        String[] pgTypes = new String[columns.size()];
        ColumnType[] kinds = new ColumnType[columns.size()];
        for (int i = 0; i < pgTypes.length; i++) {
            pgTypes[i] = types.get(columns.get(i).name());
            kinds[i] = columns.get(i).type();
        }
        return new Encoding(kinds, CopyBinaryEncoder.fieldsFor(pgTypes, kinds));
    }

    /** Streams the rows into {@code relation} (quoted) with COPY, in binary when the encoding allows. */
    private void copy(Connection connection, String relation, List<Column> columns, Encoding encoding,
                             List<Object[]> rows) throws SQLException {
        String sql = "COPY " + relation + " (" + columnList(columns) + ") FROM STDIN"
                + (encoding.binary() != null ? " (FORMAT binary)" : "");
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            if (encoding.binary() != null) {
                CopyBinaryEncoder encoder = new CopyBinaryEncoder(encoding.binary());
                encoder.header();
                for (Object[] row : rows) {
                    encoder.row(row);
                    if (encoder.length() >= COPY_CHUNK_BYTES) {
                        copy.writeToCopy(encoder.buffer(), 0, encoder.length());
                        encoder.reset();
                    }
                }
                encoder.trailer();
                copy.writeToCopy(encoder.buffer(), 0, encoder.length());
            } else {
                CopyTextEncoder encoder = new CopyTextEncoder();
                for (Object[] row : rows) {
                    encoder.row(row, encoding.kinds());
                    if (encoder.length() >= COPY_CHUNK_BYTES) {
                        copy.writeToCopy(encoder.buffer(), 0, encoder.length());
                        encoder.reset();
                    }
                }
                copy.writeToCopy(encoder.buffer(), 0, encoder.length());
            }
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
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
