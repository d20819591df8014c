package io.sluice.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a small run of the ingest benchmark (its figures are measured outside the suite), then every event
 * its clients sent is in the warehouse (the benchmark refuses to report otherwise), and its RESULT line
 * carries a positive figure for each of the four ways in.
 */
class IngestBenchmarkTest {

    @Test
    void everyEventSentIsCommittedAndEachWayInIsMeasured(@TempDir Path work) throws Exception {
        try (TestDatabase warehouse = TestDatabases.postgres().createDatabase()) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            IngestBenchmark.Result result = IngestBenchmark.run(TestBenchDatabases.of(warehouse), 3_000, 300,
                    Duration.ofMillis(300), work, new PrintStream(printed, true, StandardCharsets.UTF_8));
            assertThat(result.batchedEventsPerSecond()).isPositive();
            assertThat(result.copyRowsPerSecond()).isPositive();
            assertThat(result.singleEventsPerSecond()).isPositive();
            assertThat(result.directCommitsPerSecond()).isPositive();
            assertThat(result.singleP99Millis()).isPositive();
            assertThat(result.resultLine()).startsWith("RESULT batched_events_s=").contains(" single_p99_ms=");
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("warm-up:", "(a) 3,000 events", "(c) 300 single-event");
        }
    }
}
