package io.sluice.connector.dialect;

import io.sluice.connector.change.RowKey;
import io.sluice.connector.type.Column;
import io.sluice.connector.type.ColumnType;
import io.sluice.connector.writer.TableName;
import io.sluice.connector.writer.WarehouseTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What most SQL databases share: catalog look-ups through {@code information_schema}, DDL, and
 * set-based writes as multi-row statements with bound parameters, chunked to the database's
 * parameter limit. Dialects override what their database does differently or faster.
 */
public abstract class GeneralDialect implements DatabaseDialect {

    /** Parameters per statement; below PostgreSQL's 65,535 and friendly to every driver's buffers. */
    protected static final int MAX_PARAMETERS = 30_000;

    private final char quoteChar;
    private final int maxIdentifierBytes;

    protected GeneralDialect(char quoteChar, int maxIdentifierBytes) {
        this.quoteChar = quoteChar;
        this.maxIdentifierBytes = maxIdentifierBytes;
    }

    @Override
    public String quote(String identifier) {
        if (identifier == null || identifier.isEmpty()) {
            throw new IllegalArgumentException("an empty name cannot be a " + name() + " identifier");
        }
        if (identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("identifier '" + identifier.replace("\0", "\\0")
                    + "' contains a NUL character, which " + name() + " does not allow");
        }
        if (identifier.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > maxIdentifierBytes) {
            throw new IllegalArgumentException("identifier '" + identifier + "' is longer than " + name()
                    + "'s limit of " + maxIdentifierBytes + " bytes");
        }
        String q = String.valueOf(quoteChar);
        return q + identifier.replace(q, q + q) + q;
    }

    /** SQL that yields the connection's default schema, used when a table name has none. */
    protected abstract String currentSchemaSql();

    @Override
    public Map<String, ColumnType> existingColumnTypes(Connection connection, TableName table) throws SQLException {
        String sql = "SELECT column_name, data_type, numeric_precision, numeric_scale FROM information_schema.columns"
                + " WHERE table_schema = " + (table.schema() == null ? "(" + currentSchemaSql() + ")" : "?")
                + " AND table_name = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            if (table.schema() != null) {
                statement.setString(index++, table.schema());
            }
            statement.setString(index, table.table());
            Map<String, ColumnType> columns = new LinkedHashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    columns.put(rows.getString(1), numericType(rows.getString(2), (Number) rows.getObject(3),
                            (Number) rows.getObject(4)));
                }
            }
            return columns;
        }
    }

    /** The numeric type a catalog's {@code data_type} names, or null for anything else. */
    static ColumnType numericType(String dataType, Number precision, Number scale) {
        String name = dataType.toLowerCase(java.util.Locale.ROOT).replaceAll("\\(.*", "").trim();
        return switch (name) {
            case "tinyint", "smallint", "int2" -> ColumnType.of(ColumnType.Kind.INT16);
            case "mediumint", "int", "integer", "int4" -> ColumnType.of(ColumnType.Kind.INT32);
            case "bigint", "int8" -> ColumnType.of(ColumnType.Kind.INT64);
            case "real", "float", "float4" -> ColumnType.of(ColumnType.Kind.FLOAT32);
            case "double", "double precision", "float8" -> ColumnType.of(ColumnType.Kind.FLOAT64);
            case "numeric", "decimal" -> precision == null || precision.intValue() == 0
                    ? ColumnType.of(ColumnType.Kind.NUMERIC)
                    : ColumnType.decimal(precision.intValue(), scale == null ? 0 : scale.intValue());
            default -> null;
        };
    }

    @Override
    public void alterColumnType(Connection connection, TableName table, Column column) throws SQLException {
        execute(connection, "ALTER TABLE " + qualified(table) + " ALTER COLUMN " + quote(column.name()) + " TYPE "
                + sqlType(column.type()));
    }

    @Override
    public void createTable(Connection connection, TableName table, List<Column> columns, List<Column> key)
            throws SQLException {
        StringJoiner definition = new StringJoiner(", ", "CREATE TABLE IF NOT EXISTS " + qualified(table) + " (", ")");
        for (Column column : columns) {
            boolean inKey = key.contains(column);
            definition.add(quote(column.name()) + " " + columnType(column.type(), inKey) + (inKey ? " NOT NULL" : ""));
        }
        if (!key.isEmpty()) {
            definition.add("PRIMARY KEY (" + columnList(key) + ")");
        }
        execute(connection, definition.toString());
    }

    @Override
    public void addColumn(Connection connection, TableName table, Column column) throws SQLException {
        // Always nullable: rows already in the table have no value for it.
        execute(connection, "ALTER TABLE " + qualified(table) + " ADD COLUMN " + quote(column.name()) + " "
                + columnType(column.type(), false));
    }

    /**
     * The SQL type of a column in a table definition. Key columns may need a bounded type where a
     * database cannot index an unbounded one (MariaDB's TEXT); by default they get {@link #sqlType}.
     */
    protected String columnType(ColumnType type, boolean inKey) {
        return sqlType(type);
    }

    /**
     * The most bytes one statement may take on the wire, or {@link Long#MAX_VALUE} when only the
     * parameter count limits a statement. MariaDB rejects any statement larger than its
     * {@code max_allowed_packet}.
     */
    protected long maxStatementBytes(Connection connection) throws SQLException {
        return Long.MAX_VALUE;
    }

    @Override
    public void upsert(Connection connection, WarehouseTable table, List<Object[]> rows) throws SQLException {
        writeRows(connection, table, rows, " " + onConflictUpdate(table));
    }

    @Override
    public void insert(Connection connection, WarehouseTable table, List<Object[]> rows) throws SQLException {
        writeRows(connection, table, rows, "");
    }

    /**
     * SQLSTATE classes of errors caused by the data or its fit with the table: 21 cardinality, 22 data
     * exception, 23 integrity constraint, 42 syntax or access rule (e.g. an undefined column), 44 check
     * option, 54 program limit (e.g. a row too big), 0A feature not supported.
     */
    private static final java.util.Set<String> DATA_ERROR_CLASSES = java.util.Set.of("21", "22", "23", "42", "44", "54", "0A");

    @Override
    public boolean isDataError(SQLException error) {
        String state = error.getSQLState();
        return state != null && state.length() >= 2 && DATA_ERROR_CLASSES.contains(state.substring(0, 2));
    }

    /** {@code INSERT INTO t (cols) VALUES (?, …), …} plus {@code suffix}, in chunks below the parameter limit. */
    private void writeRows(Connection connection, WarehouseTable table, List<Object[]> rows, String suffix)
            throws SQLException {
        List<Column> columns = table.columns();
        long maxBytes = maxStatementBytes(connection);
        String sql = null;
        int sqlRows = 0;
        for (int start = 0, count; start < rows.size(); start += count) {
            count = rowsInStatement(rows, start, columns.size(), maxBytes);
            if (count != sqlRows) {
                sql = insertSql(table, count) + suffix;
                sqlRows = count;
            }
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int index = 1;
                for (int r = start; r < start + count; r++) {
                    Object[] row = rows.get(r);
                    for (int c = 0; c < row.length; c++) {
                        bind(statement, index++, row[c], columns.get(c).type());
                    }
                }
                statement.executeUpdate();
            }
        }
    }

    @Override
    public void delete(Connection connection, WarehouseTable table, List<RowKey> keys) throws SQLException {
        List<Column> key = table.key();
        List<Object[]> values = keys.stream().map(RowKey::values).toList();
        long maxBytes = maxStatementBytes(connection);
        for (int start = 0, count; start < keys.size(); start += count) {
            count = rowsInStatement(values, start, key.size(), maxBytes);
            try (PreparedStatement statement = connection.prepareStatement(deleteSql(table, count))) {
                int index = 1;
                for (int k = start; k < start + count; k++) {
                    index = bindAll(statement, index, values.get(k), key);
                }
                statement.executeUpdate();
            }
        }
    }

    /**
     * How many rows from {@code start} on fit into one statement: at most {@link #MAX_PARAMETERS}
     * parameters and, when {@code maxBytes} is finite, at most that many bytes of values as the text
     * protocol sends them (an upper bound; always at least one row).
     */
    private static int rowsInStatement(List<Object[]> rows, int start, int width, long maxBytes) {
        int limit = Math.min(Math.max(1, MAX_PARAMETERS / width), rows.size() - start);
        if (maxBytes == Long.MAX_VALUE) {
            return limit;
        }
        long bytes = 0;
        for (int count = 0; count < limit; count++) {
            for (Object value : rows.get(start + count)) {
                bytes += maxWireBytes(value);
            }
            if (bytes > maxBytes) {
                return Math.max(1, count);
            }
        }
        return limit;
    }

    /**
     * An upper bound of a bound value's size in a statement text: a char is at most 3 UTF-8 bytes (a
     * surrogate pair 4 for 2 chars), and escaping at most doubles an ASCII char or a byte.
     */
    private static long maxWireBytes(Object value) {
        if (value instanceof String text) {
            return 3L * text.length() + 4;
        }
        if (value instanceof byte[] bytes) {
            return 2L * bytes.length + 12;
        }
        return value instanceof java.math.BigDecimal decimal ? decimal.precision() + Math.abs((long) decimal.scale()) + 8 : 48;
    }

    /** {@code INSERT INTO t (cols) VALUES (?, …), …} for {@code rowCount} rows. */
    protected String insertSql(WarehouseTable table, int rowCount) {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(qualified(table.name()))
                .append(" (").append(columnList(table.columns())).append(") VALUES ");
        appendTuples(sql, table.columns().size(), rowCount);
        return sql.toString();
    }

    /**
     * The clause that turns an insert into an upsert: {@code ON CONFLICT (k) DO UPDATE SET c = EXCLUDED.c},
     * as PostgreSQL and DuckDB write it.
     */
    protected String onConflictUpdate(WarehouseTable table) {
        StringJoiner set = new StringJoiner(", ");
        for (Column column : table.columns()) {
            if (!table.key().contains(column)) {
                set.add(quote(column.name()) + " = EXCLUDED." + quote(column.name()));
            }
        }
        String target = "ON CONFLICT (" + columnList(table.key()) + ")";
        return set.length() == 0 ? target + " DO NOTHING" : target + " DO UPDATE SET " + set;
    }

    @Override
    public void deleteAll(Connection connection, TableName table) throws SQLException {
        execute(connection, "DELETE FROM " + qualified(table));
    }

    @Override
    public void update(Connection connection, WarehouseTable table, List<Column> columns, Object[] values,
                       List<RowKey> keys) throws SQLException {
        StringJoiner set = new StringJoiner(", ", "UPDATE " + qualified(table.name()) + " SET ", "");
        for (Column column : columns) {
            set.add(quote(column.name()) + " = ?");
        }
        if (keys == null) {
            try (PreparedStatement statement = connection.prepareStatement(set.toString())) {
                bindAll(statement, 1, values, columns);
                statement.executeUpdate();
            }
            return;
        }
        List<Column> key = table.key();
        int keysPerStatement = Math.max(1, (MAX_PARAMETERS - columns.size()) / key.size());
        for (int start = 0; start < keys.size(); start += keysPerStatement) {
            int count = Math.min(keysPerStatement, keys.size() - start);
            String sql = set + " WHERE " + keyMatch(table, count);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int index = bindAll(statement, 1, values, columns);
                for (int k = start; k < start + count; k++) {
                    index = bindAll(statement, index, keys.get(k).values(), key);
                }
                statement.executeUpdate();
            }
        }
    }

    /** Staged: the keys and end times go into a temporary table, then one {@code UPDATE … FROM} closes them all. */
    @Override
    public void closeVersions(Connection connection, TableName history, List<Column> keyColumns, Column validTo,
                              Column current, List<Object[]> keysAndEnds, java.time.OffsetDateTime allEndAt)
            throws SQLException {
        String target = qualified(history);
        String stillCurrent = target + "." + quote(current.name()) + " = ?";
        if (keysAndEnds == null) {
            try (PreparedStatement statement = connection.prepareStatement("UPDATE " + target + " SET "
                    + quote(validTo.name()) + " = ?, " + quote(current.name()) + " = ? WHERE " + stillCurrent)) {
                bind(statement, 1, allEndAt, validTo.type());
                bind(statement, 2, false, current.type());
                bind(statement, 3, true, current.type());
                statement.executeUpdate();
            }
            return;
        }
        if (keysAndEnds.isEmpty()) {
            return;
        }
        List<Column> staged = new ArrayList<>(keyColumns);
        staged.add(validTo);
        String stage = quote("sluice_close");
        execute(connection, "CREATE TEMPORARY TABLE " + stage + " AS SELECT " + columnList(staged) + " FROM " + target
                + " WHERE 1 = 0");
        insert(connection, new WarehouseTable(new TableName(null, "sluice_close"), staged, List.of()), keysAndEnds);
        StringJoiner match = new StringJoiner(" AND ");
        for (Column column : keyColumns) {
            match.add(target + "." + quote(column.name()) + " = s." + quote(column.name()));
        }
        try (PreparedStatement statement = connection.prepareStatement(updateFromSql(target, stage, validTo, current,
                match.toString(), stillCurrent))) {
            bind(statement, 1, false, current.type());
            bind(statement, 2, true, current.type());
            statement.executeUpdate();
        }
        execute(connection, dropTemporaryTableSql(stage));
    }

    /** Drops a temporary table without ending the transaction (MySQL-family dialects need {@code TEMPORARY}). */
    protected String dropTemporaryTableSql(String quotedName) {
        return "DROP TABLE " + quotedName;
    }

    /**
     * {@code UPDATE target SET validTo = s.validTo, current = ? FROM stage s WHERE match AND stillCurrent}, as
     * PostgreSQL and DuckDB write it; MySQL-family dialects write it as a join.
     */
    protected String updateFromSql(String target, String stage, Column validTo, Column current, String match,
                                   String stillCurrent) {
        return "UPDATE " + target + " SET " + quote(validTo.name()) + " = s." + quote(validTo.name()) + ", "
                + quote(current.name()) + " = ? FROM " + stage + " s WHERE " + match + " AND " + stillCurrent;
    }

    private int bindAll(PreparedStatement statement, int index, Object[] values, List<Column> columns) throws SQLException {
        for (int c = 0; c < values.length; c++) {
            bind(statement, index++, values[c], columns.get(c).type());
        }
        return index;
    }

    /** {@code DELETE FROM t WHERE (k1, k2) IN ((?, ?), …)}. */
    protected String deleteSql(WarehouseTable table, int keyCount) {
        return "DELETE FROM " + qualified(table.name()) + " WHERE " + keyMatch(table, keyCount);
    }

    /** {@code k IN (?, …)} or {@code (k1, k2) IN ((?, ?), …)} for {@code keyCount} keys. */
    protected String keyMatch(WarehouseTable table, int keyCount) {
        StringBuilder sql = new StringBuilder();
        int width = table.key().size();
        if (width == 1) {
            sql.append(quote(table.key().get(0).name())).append(" IN (");
            for (int i = 0; i < keyCount; i++) {
                sql.append(i == 0 ? "?" : ", ?");
            }
            return sql.append(')').toString();
        }
        sql.append('(').append(columnList(table.key())).append(") IN (");
        appendTuples(sql, width, keyCount);
        return sql.append(')').toString();
    }

    /** Binds one value; dialects override for types their driver needs told about. */
    protected void bind(PreparedStatement statement, int index, Object value, ColumnType type) throws SQLException {
        if (value == null) {
            statement.setNull(index, jdbcType(type));
        } else {
            statement.setObject(index, value);
        }
    }

    protected static int jdbcType(ColumnType type) {
        return switch (type.kind()) {
            case BOOLEAN -> Types.BOOLEAN;
            case INT16 -> Types.SMALLINT;
            case INT32 -> Types.INTEGER;
            case INT64 -> Types.BIGINT;
            case FLOAT32 -> Types.REAL;
            case FLOAT64 -> Types.DOUBLE;
            case DECIMAL, NUMERIC -> Types.NUMERIC;
            case TEXT -> Types.VARCHAR;
            case BYTES -> Types.BINARY;
            case DATE -> Types.DATE;
            case TIME -> Types.TIME;
            case TIMESTAMP -> Types.TIMESTAMP;
            case TIMESTAMPTZ -> Types.TIMESTAMP_WITH_TIMEZONE;
            case JSON, UUID, INTERVAL -> Types.OTHER;
        };
    }

    protected String columnList(List<Column> columns) {
        StringJoiner list = new StringJoiner(", ");
        for (Column column : columns) {
            list.add(quote(column.name()));
        }
        return list.toString();
    }

    private static void appendTuples(StringBuilder sql, int width, int count) {
        StringBuilder tuple = new StringBuilder("(");
        for (int i = 0; i < width; i++) {
            tuple.append(i == 0 ? "?" : ", ?");
        }
        tuple.append(')');
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                sql.append(", ");
            }
            sql.append(tuple);
        }
    }

    protected static void execute(Connection connection, String sql) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
