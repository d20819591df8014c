package io.sluice.connector.type;

import io.sluice.connector.type.connect.ConnectDateType;
import io.sluice.connector.type.connect.ConnectDecimalType;
import io.sluice.connector.type.connect.ConnectTimeType;
import io.sluice.connector.type.connect.ConnectTimestampType;
import io.sluice.connector.type.connect.PrimitiveType;
import io.sluice.connector.type.debezium.DateType;
import io.sluice.connector.type.debezium.EpochTimestampType;
import io.sluice.connector.type.debezium.IntervalType;
import io.sluice.connector.type.debezium.JsonType;
import io.sluice.connector.type.debezium.TimeOfDayType;
import io.sluice.connector.type.debezium.UuidType;
import io.sluice.connector.type.debezium.VariableScaleDecimalType;
import io.sluice.connector.type.debezium.ZonedTimestampType;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;

/** Finds the {@link LogicalType} for a Connect schema by its name; plain types otherwise. */
public final class LogicalTypes {

    private static final Map<String, LogicalType> BY_SCHEMA_NAME = Map.ofEntries(
            Map.entry("org.apache.kafka.connect.data.Decimal", new ConnectDecimalType()),
            Map.entry("org.apache.kafka.connect.data.Date", new ConnectDateType()),
            Map.entry("org.apache.kafka.connect.data.Time", new ConnectTimeType()),
            Map.entry("org.apache.kafka.connect.data.Timestamp", new ConnectTimestampType()),
            Map.entry("io.debezium.time.Date", new DateType()),
            Map.entry("io.debezium.time.Time", TimeOfDayType.millis()),
            Map.entry("io.debezium.time.MicroTime", TimeOfDayType.micros()),
            Map.entry("io.debezium.time.NanoTime", TimeOfDayType.nanos()),
            Map.entry("io.debezium.time.Timestamp", EpochTimestampType.millis()),
            Map.entry("io.debezium.time.MicroTimestamp", EpochTimestampType.micros()),
            Map.entry("io.debezium.time.NanoTimestamp", EpochTimestampType.nanos()),
            Map.entry("io.debezium.time.ZonedTimestamp", new ZonedTimestampType()),
            Map.entry("io.debezium.data.VariableScaleDecimal", new VariableScaleDecimalType()),
            Map.entry("io.debezium.data.Json", new JsonType()),
            Map.entry("io.debezium.data.Uuid", new UuidType()),
            Map.entry("io.debezium.time.Interval", new IntervalType()));

    private LogicalTypes() {
    }

    public static LogicalType forSchema(Schema schema) {
        String name = schema.name();
        LogicalType type = name == null ? null : BY_SCHEMA_NAME.get(name);
        return type != null ? type : PrimitiveType.INSTANCE;
    }
}
