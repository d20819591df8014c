package io.sluice.connector.type.debezium;

import io.sluice.connector.type.ColumnType;
import io.sluice.connector.type.LogicalType;
import java.time.LocalTime;
import org.apache.kafka.connect.data.Schema;

/**
 * {@code io.debezium.time.Time}, {@code MicroTime} and {@code NanoTime}: time since midnight, in the
 * unit the type's name says. PostgreSQL's {@code 24:00:00} arrives as a full day and is kept as the
 * last representable microsecond, since no warehouse time type holds it.
 */
public final class TimeOfDayType implements LogicalType {

    private final long nanosPerUnit;

    private TimeOfDayType(long nanosPerUnit) {
        this.nanosPerUnit = nanosPerUnit;
    }

    public static TimeOfDayType millis() {
        return new TimeOfDayType(1_000_000L);
    }

    public static TimeOfDayType micros() {
        return new TimeOfDayType(1_000L);
    }

    public static TimeOfDayType nanos() {
        return new TimeOfDayType(1L);
    }

    @Override
    public ColumnType columnType(Schema schema) {
        return ColumnType.of(ColumnType.Kind.TIME);
    }

    @Override
    public Object convert(Object value, Schema schema) {
        long nanos = ((Number) value).longValue() * nanosPerUnit;
        return nanos >= 86_400_000_000_000L ? LocalTime.MAX.withNano(999_999_000) : LocalTime.ofNanoOfDay(nanos);
    }
}
