package io.sluice.connector.type.connect;

import io.sluice.connector.type.ColumnType;
import io.sluice.connector.type.LogicalType;
import java.time.LocalDate;
import java.util.Date;
import org.apache.kafka.connect.data.Schema;

/** {@code org.apache.kafka.connect.data.Date}: a java.util.Date at midnight UTC. */
public final class ConnectDateType implements LogicalType {

    private static final long MILLIS_PER_DAY = 86_400_000L;

    @Override
    public ColumnType columnType(Schema schema) {
        return ColumnType.of(ColumnType.Kind.DATE);
    }

    @Override
    public Object convert(Object value, Schema schema) {
        // Days since the epoch, not through ZoneOffset.UTC's rules (a ZoneRules built per call).
        return LocalDate.ofEpochDay(Math.floorDiv(((Date) value).getTime(), MILLIS_PER_DAY));
    }
}
