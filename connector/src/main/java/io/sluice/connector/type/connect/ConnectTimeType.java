package io.sluice.connector.type.connect;

import io.sluice.connector.type.ColumnType;
import io.sluice.connector.type.LogicalType;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Date;
import org.apache.kafka.connect.data.Schema;

/** {@code org.apache.kafka.connect.data.Time}: milliseconds since midnight as a java.util.Date. */
public final class ConnectTimeType implements LogicalType {

    @Override
    public ColumnType columnType(Schema schema) {
        return ColumnType.of(ColumnType.Kind.TIME);
    }

    @Override
    public Object convert(Object value, Schema schema) {
        return LocalTime.ofInstant(((Date) value).toInstant(), ZoneOffset.UTC);
    }
}
