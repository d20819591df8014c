package io.sluice.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.bench.EngineProcess;
import io.sluice.engine.bench.LoadedPipeline;
import io.sluice.engine.bench.TestBenchDatabases;
import io.sluice.testing.PostgresServer;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given {@code sluice run} streaming a PostgreSQL source under load, when the source server stops for
 * 10 s (its replication connection cut) and starts again, then the engine reconnects by itself — it does
 * not exit — and, once the load has gone on and stopped, every table equals the source and the history
 * tables hold each change exactly once.
 */
class SourceRestartTest {

    private static final Duration DOWN = Duration.ofSeconds(10);

    @Test
    void aSourceServerRestartIsReconnectedAndNothingIsLostOrDoubled(@TempDir Path work) throws Exception {
        try (PostgresServer sourceServer = TestDatabases.startPostgres(Map.of());
             TestDatabase source = sourceServer.createDatabase();
             TestDatabase warehouse = TestDatabases.postgres().createDatabase()) {
            LoadedPipeline pipeline = LoadedPipeline.prepare("source_restart", TestBenchDatabases.of(source),
                    TestBenchDatabases.of(warehouse), work, 1_000, 100, 13, "  max-age: 200ms\n");
            try (EngineProcess engine = pipeline.startEngine()) {
                pipeline.awaitCommit(engine, "", false);
                // The snapshot's commit comes before Debezium starts streaming from the slot (ParallelSnapshot):
                // the outage is meant for a streaming source, so a streamed change is committed first.
                String snapshotted = pipeline.committedOffset();
                pipeline.startLoad();
                pipeline.awaitCommit(engine, snapshotted, false);
                Thread.sleep(3_000);

                // The load's own connection would die with the server: it pauses, and goes on afterwards.
                pipeline.stopLoad();
                sourceServer.stopServer();
                Thread.sleep(DOWN.toMillis());
                pipeline.requireRunning(engine);
                sourceServer.startServer();
                pipeline.startLoad();

                String before = pipeline.committedOffset();
                pipeline.awaitCommit(engine, before, false);
                Thread.sleep(2_000);
                pipeline.stopLoad();
                assertThat(pipeline.awaitCatchUp(engine, Duration.ofSeconds(180))).as("tables that differ after the catch-up")
                        .isEmpty();
                assertThat(engine.terminate(30)).as("exit code after SIGTERM").isZero();
            }
            WarehouseOutageTest.assertExactlyOnce(pipeline.verify());
        }
    }
}
