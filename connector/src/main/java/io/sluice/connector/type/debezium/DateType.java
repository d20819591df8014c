package io.sluice.connector.type.debezium;

import io.sluice.connector.type.ColumnType;
import io.sluice.connector.type.LogicalType;
import java.time.LocalDate;
import org.apache.kafka.connect.data.Schema;

/** {@code io.debezium.time.Date}: days since the epoch. */
public final class DateType implements LogicalType {

    @Override
    public ColumnType columnType(Schema schema) {
        return ColumnType.of(ColumnType.Kind.DATE);
    }

    @Override
    public Object convert(Object value, Schema schema) {
        return LocalDate.ofEpochDay(((Number) value).longValue());
    }
}
