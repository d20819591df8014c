package io.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SizesAndDurationsTest {

    @Test
    void sizesAreBinaryMultiples() {
        assertThat(Sizes.parseBytes("512B")).isEqualTo(512);
        assertThat(Sizes.parseBytes("64KB")).isEqualTo(64 * 1024);
        assertThat(Sizes.parseBytes("16MB")).isEqualTo(16L * 1024 * 1024);
        assertThat(Sizes.parseBytes("2 gb")).isEqualTo(2L * 1024 * 1024 * 1024);
    }

    @Test
    void aSizeWithoutUnitOrTooLargeIsRejected() {
        assertThatThrownBy(() -> Sizes.parseBytes("16")).hasMessage(Sizes.EXPECTED);
        assertThatThrownBy(() -> Sizes.parseBytes("16 TB")).hasMessage(Sizes.EXPECTED);
        assertThatThrownBy(() -> Sizes.parseBytes("99999999999999GB")).hasMessage("expected a size below 8192PB");
    }

    @Test
    void durationsTakeMillisecondsSecondsMinutesAndHours() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("1 h")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aDurationWithoutUnitOrWithAnAmbiguousOneIsRejected() {
        assertThatThrownBy(() -> Durations.parse("500")).hasMessage(Durations.EXPECTED);
        assertThatThrownBy(() -> Durations.parse("5M")).hasMessage(Durations.EXPECTED);
        assertThatThrownBy(() -> Durations.parse("1.5s")).hasMessage(Durations.EXPECTED);
    }
}
