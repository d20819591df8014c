package io.sluice.connector.type.debezium;

import io.sluice.connector.type.ColumnType;
import io.sluice.connector.type.LogicalType;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.kafka.connect.data.Schema;

/**
 * {@code io.debezium.time.Timestamp}, {@code MicroTimestamp} and {@code NanoTimestamp}: a local date-time
 * (no time zone) encoded as time since the epoch, in the unit the type's name says.
 */
public final class EpochTimestampType implements LogicalType {

    private final long unitsPerSecond;
    private final long nanosPerUnit;

    private EpochTimestampType(long unitsPerSecond) {
        this.unitsPerSecond = unitsPerSecond;
        this.nanosPerUnit = 1_000_000_000L / unitsPerSecond;
    }

    public static EpochTimestampType millis() {
        return new EpochTimestampType(1_000L);
    }

    public static EpochTimestampType micros() {
        return new EpochTimestampType(1_000_000L);
    }

    public static EpochTimestampType nanos() {
        return new EpochTimestampType(1_000_000_000L);
    }

    @Override
    public ColumnType columnType(Schema schema) {
        return ColumnType.of(ColumnType.Kind.TIMESTAMP);
    }

    @Override
    public Object convert(Object value, Schema schema) {
        long units = ((Number) value).longValue();
        long seconds = Math.floorDiv(units, unitsPerSecond);
        int nanos = (int) (Math.floorMod(units, unitsPerSecond) * nanosPerUnit);
        return LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC);
    }
}
