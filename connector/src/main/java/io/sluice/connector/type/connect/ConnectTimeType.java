package io.sluice.connector.type.connect;

import io.sluice.connector.type.ColumnType;
import io.sluice.connector.type.LogicalType;
import java.time.LocalTime;
import java.util.Date;
import org.apache.kafka.connect.data.Schema;

/** {@code org.apache.kafka.connect.data.Time}: milliseconds since midnight as a java.util.Date. */
public final class ConnectTimeType implements LogicalType {

    private static final long MILLIS_PER_DAY = 86_400_000L;

    @Override
    public ColumnType columnType(Schema schema) {
        return ColumnType.of(ColumnType.Kind.TIME);
    }

    @Override
    public Object convert(Object value, Schema schema) {
        // Milliseconds into the day, not through ZoneOffset.UTC's rules (a ZoneRules built per call).
        return LocalTime.ofNanoOfDay(Math.floorMod(((Date) value).getTime(), MILLIS_PER_DAY) * 1_000_000L);
    }
}
