package io.sluice.connector.type.debezium;

import io.sluice.connector.type.ColumnType;
import io.sluice.connector.type.LogicalType;
import java.util.UUID;
import org.apache.kafka.connect.data.Schema;

/** {@code io.debezium.data.Uuid}: a UUID in its text form. */
public final class UuidType implements LogicalType {

    @Override
    public ColumnType columnType(Schema schema) {
        return ColumnType.of(ColumnType.Kind.UUID);
    }

    @Override
    public Object convert(Object value, Schema schema) {
        return UUID.fromString((String) value);
    }
}
