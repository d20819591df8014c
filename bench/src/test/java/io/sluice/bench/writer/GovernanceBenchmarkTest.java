package io.sluice.bench.writer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.bench.GovernanceEndToEnd;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Given a small run of the governance benchmark (its figures are measured outside the suite), then both
 * parts run to the end: the writer path with and without the five rules, and the end-to-end loads by
 * {@code sluice run}, each of which checks that the warehouse holds every row before it is timed.
 */
class GovernanceBenchmarkTest {

    @Test
    void writerPathAndEndToEndRunsAreMeasured() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

        GovernanceBenchmark.Result writerPath = GovernanceBenchmark.run(5_000, 1, 42, out);
        assertThat(writerPath.plain().count()).isEqualTo(5_000);
        assertThat(writerPath.governed().count()).isEqualTo(5_000);
        assertThat(writerPath.governed().perSecond()).isPositive();

        GovernanceEndToEnd.Result endToEnd = GovernanceEndToEnd.run(2_000, 1, out);
        assertThat(endToEnd.plainRowsPerSecond()).isPositive();
        assertThat(endToEnd.governedRowsPerSecond()).isPositive();
        assertThat(endToEnd.valueRulesRowsPerSecond()).isPositive();
        assertThat(endToEnd.columnRulesRowsPerSecond()).isPositive();
        // The engine JVM's own CPU time, read in the child: at least its start-up's, so well above zero.
        assertThat(endToEnd.plainCpuMicros()).isPositive();
        assertThat(endToEnd.governedCpuMicros()).isPositive();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("round 1  plain", "round 1  governed",
                "governed, no new column", "only the new columns", "µs/row");
    }
}
