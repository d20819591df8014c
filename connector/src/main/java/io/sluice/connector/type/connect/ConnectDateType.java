package io.sluice.connector.type.connect;

import io.sluice.connector.type.ColumnType;
import io.sluice.connector.type.LogicalType;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import org.apache.kafka.connect.data.Schema;

/** {@code org.apache.kafka.connect.data.Date}: a java.util.Date at midnight UTC. */
public final class ConnectDateType implements LogicalType {

    @Override
    public ColumnType columnType(Schema schema) {
        return ColumnType.of(ColumnType.Kind.DATE);
    }

    @Override
    public Object convert(Object value, Schema schema) {
        return LocalDate.ofInstant(((Date) value).toInstant(), ZoneOffset.UTC);
    }
}
