package io.sluice.connector.type;

/**
 * A warehouse-neutral column type. Each dialect maps it to its own SQL type name, and the Java value
 * a converter produces for it is fixed per kind (see {@link Kind}).
 *
 * @param precision total digits for {@link Kind#DECIMAL}; 0 otherwise
 * @param scale     digits after the point for {@link Kind#DECIMAL}; 0 otherwise
 */
public record ColumnType(Kind kind, int precision, int scale) {

    /** The kinds a warehouse column can have, with the Java type of their converted values. */
    public enum Kind {
        BOOLEAN,      // Boolean
        INT16,        // Short (also Connect INT8)
        INT32,        // Integer
        INT64,        // Long
        FLOAT32,      // Float
        FLOAT64,      // Double
        DECIMAL,      // BigDecimal, fixed precision and scale
        NUMERIC,      // BigDecimal, any precision and scale (PostgreSQL NUMERIC without a typmod)
        TEXT,         // String
        BYTES,        // byte[]
        DATE,         // LocalDate
        TIME,         // LocalTime, microseconds
        TIMESTAMP,    // LocalDateTime, microseconds, no time zone
        TIMESTAMPTZ,  // OffsetDateTime: an instant
        JSON,         // String holding JSON text
        UUID,         // java.util.UUID
        INTERVAL      // String "<y> years <m> months <d> days [-]h:mm:ss.ffffff", which PostgreSQL and DuckDB parse
    }

    public static ColumnType of(Kind kind) {
        return new ColumnType(kind, 0, 0);
    }

    public static ColumnType decimal(int precision, int scale) {
        return new ColumnType(Kind.DECIMAL, precision, scale);
    }

    @Override
    public String toString() {
        return kind == Kind.DECIMAL ? "DECIMAL(" + precision + "," + scale + ")" : kind.name();
    }
}
