package io.sluice.connector.type;

import org.apache.kafka.connect.data.Schema;

/**
 * How one Connect field type becomes a warehouse column: its {@link ColumnType} and the conversion of
 * its Connect value into the Java value that kind expects. One small implementation per logical type,
 * found by the schema's name in {@link LogicalTypes}.
 */
public interface LogicalType {

    ColumnType columnType(Schema schema);

    /** Converts a non-null Connect value; never called with null. */
    Object convert(Object value, Schema schema);
}
