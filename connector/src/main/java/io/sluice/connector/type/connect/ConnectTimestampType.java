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
        // From the epoch milliseconds, not through an Instant and ZoneOffset.UTC's rules: getRules() builds
        // a ZoneRules (with a map) per call, once per row of every timestamp column.
        long millis = ((Date) value).getTime();
        return LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000), (int) Math.floorMod(millis, 1000) * 1_000_000,
                ZoneOffset.UTC);
    }
}
