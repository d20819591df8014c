package io.sluice.connector.dialect.duckdb;

import io.sluice.connector.dialect.GeneralDialect;
import io.sluice.connector.type.Column;
import io.sluice.connector.type.ColumnType;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;
import io.sluice.connector.writer.WarehouseTable;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * DuckDB, the embedded default warehouse: one file, one writer. Large flushes go through DuckDB's
 * appender into a temporary staging table, then one {@code INSERT … SELECT … ON CONFLICT}; small ones use
 * one multi-row statement.
 */
public final class DuckDbDialect extends GeneralDialect {

    /** From this many rows on, the appender and a staging table beat a multi-row statement. */
    static final int APPENDER_THRESHOLD = 256;
    private static final String STAGE = "sluice_stage";

    /** DuckDB's DECIMAL holds at most 38 digits. */
    private static final int MAX_DECIMAL_PRECISION = 38;

    public DuckDbDialect() {
        super('"', 1024);
    }

    @Override
    public String name() {
        return "duckdb";
    }

    @Override
    protected String currentSchemaSql() {
        return "SELECT current_schema()";
    }

    @Override
    public String sqlType(ColumnType type) {
        return switch (type.kind()) {
            case BOOLEAN -> "BOOLEAN";
            case INT16 -> "SMALLINT";
            case INT32 -> "INTEGER";
            case INT64 -> "BIGINT";
            case FLOAT32 -> "REAL";
            case FLOAT64 -> "DOUBLE";
            // Wider or unconstrained numbers are kept exact as text rather than rounded through a double.
            case DECIMAL -> type.precision() <= MAX_DECIMAL_PRECISION
                    ? "DECIMAL(" + type.precision() + "," + type.scale() + ")" : "VARCHAR";
            case NUMERIC -> "VARCHAR";
            case TEXT -> "VARCHAR";
            case BYTES -> "BLOB";
            case DATE -> "DATE";
            case TIME -> "TIME";
            case TIMESTAMP -> "TIMESTAMP";
            case TIMESTAMPTZ -> "TIMESTAMPTZ";
            case JSON -> "JSON";
            case UUID -> "UUID";
            case INTERVAL -> "INTERVAL";
        };
    }

    @Override
    public void upsert(Connection connection, WarehouseTable table, List<Object[]> rows) throws SQLException {
        if (rows.size() < APPENDER_THRESHOLD) {
            super.upsert(connection, table, rows);
            return;
        }
        String columns = columnList(table.columns());
        // The appender cannot write INTERVAL: such columns are staged as text and cast on the way in.
        StringJoiner staged = new StringJoiner(", ");
        StringJoiner fromStage = new StringJoiner(", ");
        for (Column column : table.columns()) {
            boolean interval = column.type().kind() == ColumnType.Kind.INTERVAL;
            staged.add(interval ? "CAST(" + quote(column.name()) + " AS VARCHAR) AS " + quote(column.name()) : quote(column.name()));
            fromStage.add(interval ? "CAST(" + quote(column.name()) + " AS INTERVAL)" : quote(column.name()));
        }
        execute(connection, "CREATE TEMPORARY TABLE " + quote(STAGE) + " AS SELECT " + staged + " FROM "
                + qualified(table.name()) + " WHERE 1 = 0");
        try (DuckDBAppender appender = connection.unwrap(DuckDBConnection.class).createAppender("temp", "main", STAGE)) {
            for (Object[] row : rows) {
                appender.beginRow();
                for (int i = 0; i < row.length; i++) {
                    append(appender, row[i], table.columns().get(i).type());
                }
                appender.endRow();
            }
        }
        execute(connection, "INSERT INTO " + qualified(table.name()) + " (" + columns + ") SELECT " + fromStage
                + " FROM " + quote(STAGE) + " " + onConflictUpdate(table));
        execute(connection, "DROP TABLE " + quote(STAGE));
    }

    /** Appends one value in the Java type its kind converts to (see {@link ColumnType.Kind}). */
    private void append(DuckDBAppender appender, Object value, ColumnType type) throws SQLException {
        if (value == null) {
            appender.appendNull();
            return;
        }
        switch (type.kind()) {
            case BOOLEAN -> appender.append((boolean) (Boolean) value);
            case INT16 -> appender.append((short) (Short) value);
            case INT32 -> appender.append((int) (Integer) value);
            case INT64 -> appender.append((long) (Long) value);
            case FLOAT32 -> appender.append((float) (Float) value);
            case FLOAT64 -> appender.append((double) (Double) value);
            case DECIMAL, NUMERIC -> {
                BigDecimal decimal = (BigDecimal) value;
                if (sqlType(type).equals("VARCHAR")) {
                    appender.append(decimal.toPlainString());
                } else {
                    appender.append(decimal);
                }
            }
            case TEXT, JSON, INTERVAL -> appender.append((String) value);
            case BYTES -> appender.append((byte[]) value);
            case DATE -> appender.append((LocalDate) value);
            case TIME -> appender.append((LocalTime) value);
            case TIMESTAMP -> appender.append((LocalDateTime) value);
            case TIMESTAMPTZ -> appender.append((OffsetDateTime) value);
            case UUID -> appender.append((UUID) value);
        }
    }

    /**
     * DuckDB's JDBC driver sets no SQLSTATE; its messages start with the error type. These types are
     * about the data or its fit with the table; IO, connection, memory and interrupt errors are not.
     */
    private static final java.util.List<String> DATA_ERROR_TYPES = java.util.List.of("Conversion Error",
            "Constraint Error", "Invalid Input Error", "Out of Range Error", "Binder Error", "Catalog Error",
            "Parser Error", "Not implemented Error", "Mismatch Type Error", "Invalid Error", "Appender error");

    @Override
    public boolean isDataError(SQLException error) {
        if (super.isDataError(error)) {
            return true;
        }
        String message = error.getMessage() == null ? "" : error.getMessage();
        return DATA_ERROR_TYPES.stream().anyMatch(message::contains);
    }

    @Override
    protected void bind(PreparedStatement statement, int index, Object value, ColumnType type) throws SQLException {
        if (value instanceof BigDecimal decimal && sqlType(type).equals("VARCHAR")) {
            statement.setString(index, decimal.toPlainString());
        } else if (value != null && (type.kind() == ColumnType.Kind.JSON || type.kind() == ColumnType.Kind.UUID
                || type.kind() == ColumnType.Kind.INTERVAL)) {
            statement.setString(index, value.toString());
        } else {
            super.bind(statement, index, value, type);
        }
    }
}
