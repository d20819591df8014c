package io.sluice.connector.type.connect;

import io.sluice.connector.type.ColumnType;
import io.sluice.connector.type.LogicalType;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;

/** {@code org.apache.kafka.connect.data.Decimal}: exact, with the precision Debezium puts in the schema. */
public final class ConnectDecimalType implements LogicalType {

    /** Debezium's parameter for the source column's precision; absent when the source has none. */
    private static final String PRECISION_PARAMETER = "connect.decimal.precision";
    /** The widest DECIMAL all warehouses accept (MySQL's limit). */
    private static final int MAX_PRECISION = 65;

    @Override
    public ColumnType columnType(Schema schema) {
        int scale = Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD));
        String precision = schema.parameters().get(PRECISION_PARAMETER);
        if (precision == null) {
            return ColumnType.of(ColumnType.Kind.NUMERIC);
        }
        return ColumnType.decimal(Math.min(Integer.parseInt(precision), MAX_PRECISION), scale);
    }

    @Override
    public Object convert(Object value, Schema schema) {
        return value; // Connect already hands a BigDecimal
    }
}
