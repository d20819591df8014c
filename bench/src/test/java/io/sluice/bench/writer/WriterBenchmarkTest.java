package io.sluice.bench.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A small run of the writer benchmark on PostgreSQL: every part runs, and Sluice's and Debezium's
 * tables end identical (and equal to the final state). Only a smoke test: the figures are not checked.
 */
class WriterBenchmarkTest {

    @Test
    void sluiceAndDebeziumEndWithIdenticalTables() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        WriterBenchmark.Options options = new WriterBenchmark.Options(2_000, Warehouse.POSTGRES, 42,
                // Several flushes, large enough for the COPY path (256+ rows) and small ones too.
                700, 16L << 20, List.of(new DebeziumSinkRun.Settings(500, true, false)), 0,
                EnumSet.allOf(WriterBenchmark.Run.class));

        WriterBenchmark.Result result = new WriterBenchmark(options, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();

        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(result.complete()).as(output).isTrue();
        assertThat(result.allChecksPassed()).as(output).isTrue();
        assertThat(result.line()).as(output).matches("RESULT sluice_rows_s=\\d+ debezium_rows_s=\\d+ copy_rows_s=\\d+"
                + " sluice_vs_debezium=\\d+\\.\\d\\d sluice_vs_copy=\\d+\\.\\d\\d tables_identical=true");
        assertThat(output).contains("(a) sluice's and (b) debezium's tables: 1,225 and 1,225 rows, identical")
                .doesNotContain("DIFFER");
    }
}
