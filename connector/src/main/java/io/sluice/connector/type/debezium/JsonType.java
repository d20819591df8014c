package io.sluice.connector.type.debezium;

import io.sluice.connector.type.ColumnType;
import io.sluice.connector.type.LogicalType;
import org.apache.kafka.connect.data.Schema;

/** {@code io.debezium.data.Json}: JSON document text, stored in the warehouse's JSON type. */
public final class JsonType implements LogicalType {

    @Override
    public ColumnType columnType(Schema schema) {
        return ColumnType.of(ColumnType.Kind.JSON);
    }

    @Override
    public Object convert(Object value, Schema schema) {
        return value;
    }
}
