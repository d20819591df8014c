package io.sluice.connector.type.debezium;

import io.sluice.connector.type.ColumnType;
import io.sluice.connector.type.LogicalType;
import java.time.OffsetDateTime;
import org.apache.kafka.connect.data.Schema;

/** {@code io.debezium.time.ZonedTimestamp}: an ISO-8601 instant with offset (Debezium sends UTC). */
public final class ZonedTimestampType implements LogicalType {

    @Override
    public ColumnType columnType(Schema schema) {
        return ColumnType.of(ColumnType.Kind.TIMESTAMPTZ);
    }

    @Override
    public Object convert(Object value, Schema schema) {
        return OffsetDateTime.parse((String) value);
    }
}
