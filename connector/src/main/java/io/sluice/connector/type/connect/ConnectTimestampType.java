package io.sluice.connector.type.connect;

import io.sluice.connector.type.ColumnType;
import io.sluice.connector.type.LogicalType;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import org.apache.kafka.connect.data.Schema;

/** {@code org.apache.kafka.connect.data.Timestamp}: milliseconds, no time zone. */
public final class ConnectTimestampType implements LogicalType {

    @Override
    public ColumnType columnType(Schema schema) {
        return ColumnType.of(ColumnType.Kind.TIMESTAMP);
    }

    @Override
    public Object convert(Object value, Schema schema) {
        return LocalDateTime.ofInstant(((Date) value).toInstant(), ZoneOffset.UTC);
    }
}
