package io.sluice.connector.type;

import org.apache.kafka.connect.data.Schema;

/** One column of a row: its name, warehouse type, nullability, and how its Connect values convert. */
public record Column(String name, ColumnType type, boolean optional, Schema schema, LogicalType logicalType) {

    public static Column of(String name, Schema schema) {
        LogicalType logical = LogicalTypes.forSchema(schema);
        return new Column(name, logical.columnType(schema), schema.isOptional(), schema, logical);
    }

    /** The warehouse-ready value of a Connect value of this column; {@link Unavailable#VALUE} for Debezium's placeholder. */
    public Object convert(Object value) {
        if (value == null) {
            return null;
        }
        return Unavailable.isPlaceholder(value) ? Unavailable.VALUE : logicalType.convert(value, schema);
    }
}
