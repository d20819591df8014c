package io.sluice.connector.type.debezium;

import io.sluice.connector.type.ColumnType;
import io.sluice.connector.type.LogicalType;
import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.connect.data.Schema;

/**
 * {@code io.debezium.time.Interval}: a PostgreSQL interval as ISO-8601 text ({@code P1Y2M3DT4H5M6.78S},
 * each part possibly negative), sent when {@code interval.handling.mode=string}. Kept exact — months,
 * days and microseconds apart, as PostgreSQL holds them — in the text form
 * {@code "1 years 2 months 3 days 4:05:06.780000"} that PostgreSQL and DuckDB both read.
 */
public final class IntervalType implements LogicalType {

    private static final Pattern ISO = Pattern.compile(
            "P(?:(-?\\d+)Y)?(?:(-?\\d+)M)?(?:(-?\\d+)D)?(?:T(?:(-?\\d+)H)?(?:(-?\\d+)M)?(?:(-?\\d+(?:\\.\\d+)?)S)?)?");

    @Override
    public ColumnType columnType(Schema schema) {
        return ColumnType.of(ColumnType.Kind.INTERVAL);
    }

    @Override
    public Object convert(Object value, Schema schema) {
        Matcher parts = ISO.matcher((String) value);
        if (!parts.matches()) {
            throw new IllegalArgumentException("not an ISO-8601 interval: '" + value + "'");
        }
        long months = 12 * number(parts.group(1)) + number(parts.group(2));
        long days = number(parts.group(3));
        BigDecimal seconds = parts.group(6) == null ? BigDecimal.ZERO : new BigDecimal(parts.group(6));
        long micros = (number(parts.group(4)) * 3600 + number(parts.group(5)) * 60) * 1_000_000L
                + seconds.movePointRight(6).longValueExact();
        // Years apart from months, and the time as h:mm:ss.ffffff: PostgreSQL 14 refuses month or microsecond
        // counts beyond 32 bits even when the interval fits.
        return months / 12 + " years " + months % 12 + " months " + days + " days " + clock(micros);
    }

    private static String clock(long micros) {
        long magnitude = Math.abs(micros);
        return String.format("%s%d:%02d:%02d.%06d", micros < 0 ? "-" : "", magnitude / 3_600_000_000L,
                magnitude / 60_000_000L % 60, magnitude / 1_000_000L % 60, magnitude % 1_000_000L);
    }

    private static long number(String text) {
        return text == null ? 0 : Long.parseLong(text);
    }
}
