package io.sluice.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.bench.EngineProcess;
import io.sluice.engine.bench.LoadedPipeline;
import io.sluice.engine.bench.TestBenchDatabases;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given {@code sluice run} streaming a source under a steady load (a flush every 200 ms), when it gets
 * SIGTERM mid-stream, then it exits 0 within 20 s; and when it starts again while the load goes on, it
 * resumes where it stopped: every table equals the source and the history tables hold each change once
 * — no gap, no duplicate.
 */
class SigtermUnderLoadTest {

    @Test
    void sigtermUnderLoadExitsCleanlyAndARestartResumesWithoutGapOrDuplicate(@TempDir Path work) throws Exception {
        try (TestDatabase source = TestDatabases.postgres().createDatabase();
             TestDatabase warehouse = TestDatabases.postgres().createDatabase()) {
            LoadedPipeline pipeline = LoadedPipeline.prepare("sigterm_load", TestBenchDatabases.of(source),
                    TestBenchDatabases.of(warehouse), work, 1_000, 200, 3, "  max-age: 200ms\n");
            pipeline.startLoad();
            try (EngineProcess engine = pipeline.startEngine()) {
                pipeline.awaitCommit(engine, "", false);
                Thread.sleep(3_000);
                long started = System.nanoTime();
                int exit = engine.terminate(20);
                assertThat(exit).as("exit code after SIGTERM; output:\n" + LoadedPipeline.tail(engine.output())).isZero();
                System.out.printf("sluice stopped %d ms after SIGTERM%n", Duration.ofNanos(System.nanoTime() - started).toMillis());
                assertThat(engine.output()).contains("Pipeline 'sigterm_load' stopped after");
            }
            Thread.sleep(2_000); // the load goes on while the engine is down

            try (EngineProcess engine = pipeline.startEngine()) {
                pipeline.awaitCommit(engine, pipeline.committedOffset(), false);
                Thread.sleep(2_000);
                pipeline.stopLoad();
                assertThat(pipeline.awaitCatchUp(engine, Duration.ofSeconds(180))).as("tables that differ").isEmpty();
                assertThat(engine.terminate(20)).isZero();
            }
            WarehouseOutageTest.assertExactlyOnce(pipeline.verify());
        }
    }
}
