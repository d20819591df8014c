package io.sluice.connector.type.debezium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ZonedTimestampTypeTest {

    private final ZonedTimestampType type = new ZonedTimestampType();

    @Test
    void readsWhatDebeziumWritesExactlyAsTheIsoFormatterDoes() {
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            long seconds = random.nextLong(Instant.parse("0001-01-01T00:00:00Z").getEpochSecond(),
                    Instant.parse("9999-12-31T23:59:59Z").getEpochSecond());
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000_000) * 1000;
                case 2 -> random.nextInt(1000) * 1_000_000;
                default -> random.nextInt(1_000_000_000);
            };
            // Debezium formats ZonedTimestamp with ISO_OFFSET_DATE_TIME, in UTC.
            String text = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.ofEpochSecond(seconds, nanos).atOffset(ZoneOffset.UTC));
            assertThat(type.convert(text, null)).as(text).isEqualTo(OffsetDateTime.parse(text));
            assertThat(ZonedTimestampType.parseUtc(text)).as(text).isNotNull();
        }
    }

    @Test
    void leavesOtherFormsToTheFormatter() {
        for (String text : new String[] {"2024-01-01T10:00:00+02:00", "+10000-01-01T00:00:00Z", "2024-02-29T23:59:59.1Z",
                "2024-01-01T00:00Z"}) {
            assertThat(type.convert(text, null)).as(text).isEqualTo(OffsetDateTime.parse(text));
        }
        assertThat(ZonedTimestampType.parseUtc("2024-01-01T10:00:00+02:00")).isNull();
        assertThat(ZonedTimestampType.parseUtc("2023-02-29T00:00:00Z")).isNull();
        assertThat(ZonedTimestampType.parseUtc("2023-01-01T00:00:00.Z")).isNull();
        assertThat(ZonedTimestampType.parseUtc("2023-01-01T24:00:00Z")).isNull();
        assertThatThrownBy(() -> type.convert("2023-02-29T00:00:00Z", null)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> type.convert("infinity", null)).isInstanceOf(DateTimeParseException.class);
    }
}
