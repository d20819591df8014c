package io.sluice.connector.dialect.postgres;

import io.sluice.connector.dialect.GeneralDialect;
import io.sluice.connector.type.ColumnType;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/** PostgreSQL as a warehouse. */
public final class PostgresDialect extends GeneralDialect {

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
        };
    }

    @Override
    protected void bind(PreparedStatement statement, int index, Object value, ColumnType type) throws SQLException {
        if (value != null && type.kind() == ColumnType.Kind.JSON) {
            // Sent untyped so the server reads the text as jsonb.
            statement.setObject(index, value, Types.OTHER);
        } else {
            super.bind(statement, index, value, type);
        }
    }
}
