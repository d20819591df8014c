package io.sluice.connector.type.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Date;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

/** Connect's Date, Time and Timestamp read as the same calendar values as through Instant in UTC, before the epoch too. */
class ConnectTemporalTypesTest {

    private static final long[] MILLIS = {0, 1, 999, 1000, -1, -999, -1000, -1001, 86_399_999, 86_400_000, -86_400_000,
            -86_400_001, 1_700_000_000_123L, -62_135_596_800_000L, 253_402_300_799_999L};

    @Test
    void everyValueReadsAsThroughInstantInUtc() {
        for (long millis : MILLIS) {
            Date date = new Date(millis);
            Instant instant = Instant.ofEpochMilli(millis);
            assertThat(new ConnectTimestampType().convert(date, Timestamp.SCHEMA)).as("timestamp %d", millis)
                    .isEqualTo(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
            assertThat(new ConnectTimeType().convert(date, Time.SCHEMA)).as("time %d", millis)
                    .isEqualTo(LocalTime.ofInstant(instant, ZoneOffset.UTC));
            assertThat(new ConnectDateType().convert(date, org.apache.kafka.connect.data.Date.SCHEMA)).as("date %d", millis)
                    .isEqualTo(LocalDate.ofInstant(instant, ZoneOffset.UTC));
        }
    }
}
