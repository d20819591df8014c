package io.sluice.connector.dialect.duckdb;

import io.sluice.connector.dialect.GeneralDialect;
import io.sluice.connector.type.ColumnType;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** DuckDB, the embedded default warehouse: one file, one writer. */
public final class DuckDbDialect extends GeneralDialect {

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
        };
    }

    /**
     * DuckDB's JDBC driver sets no SQLSTATE; its messages start with the error type. These types are
     * about the data or its fit with the table; IO, connection, memory and interrupt errors are not.
     */
    private static final java.util.List<String> DATA_ERROR_TYPES = java.util.List.of("Conversion Error",
            "Constraint Error", "Invalid Input Error", "Out of Range Error", "Binder Error", "Catalog Error",
            "Parser Error", "Not implemented Error", "Mismatch Type Error", "Invalid Error");

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
        } else if (value != null && (type.kind() == ColumnType.Kind.JSON || type.kind() == ColumnType.Kind.UUID)) {
            statement.setString(index, value.toString());
        } else {
            super.bind(statement, index, value, type);
        }
    }
}
