package io.sluice.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.FlushConfig;
import io.sluice.config.PipelineConfig;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * Given a streaming PostgreSQL source whose flush.max-age is 2 s, when many small transactions arrive (Debezium
 * hands them over in many small batches, its poll interval being short), then they are gathered into few
 * flushes; and when the source then goes quiet, the last change still reaches the warehouse once it is
 * max-age old, though no further batch comes to flush it.
 */
class FlushGatheringTest {

    private static final Duration MAX_AGE = Duration.ofSeconds(2);

    @org.junit.jupiter.api.Test
    void smallBatchesAreGatheredUpToMaxAgeAndAQuietSourceIsFlushedByAge() throws Exception {
        try (TestDatabase source = TestDatabases.postgres().createDatabase();
             Warehouses.Warehouse warehouse = Warehouses.create("postgres")) {
            source.execute("CREATE TABLE ticks (id int PRIMARY KEY, note text)", "INSERT INTO ticks VALUES (0, 'seed')");
            PipelineConfig base = Pipelines.postgresSource("gather", source, List.of("public.ticks"), warehouse.config());
            PipelineConfig config = new PipelineConfig(base.name(), base.sources(), base.warehouse(),
                    new FlushConfig(10_000, 16L << 20, MAX_AGE), null);
            try (Pipeline pipeline = Pipeline.start(config)) {
                Await.until("the snapshot's row", Duration.ofSeconds(60), () -> count(pipeline) == 1);
                Thread.sleep(MAX_AGE.toMillis() + 500); // nothing left gathered from the snapshot
                long flushesBefore = pipeline.stats().flushes();

                // 40 transactions over about 800 ms: many of Debezium's 25 ms polls, less than one max-age.
                try (Connection connection = source.connect();
                     PreparedStatement insert = connection.prepareStatement("INSERT INTO ticks VALUES (?, ?)")) {
                    for (int i = 1; i <= 40; i++) {
                        insert.setInt(1, i);
                        insert.setString(2, "tick " + i);
                        insert.executeUpdate();
                        Thread.sleep(20);
                    }
                }
                long quietSince = System.nanoTime();
                Await.until("the 40 streamed rows", Duration.ofSeconds(60), () -> count(pipeline) == 41);
                long waitedMillis = (System.nanoTime() - quietSince) / 1_000_000;
                // Flushes are counted by the write-behind thread just after their commit.
                Await.until("the flush counted", Duration.ofSeconds(10), () -> pipeline.stats().flushes() > flushesBefore);

                long flushes = pipeline.stats().flushes() - flushesBefore;
                assertThat(flushes).as("flushes for 40 transactions within about one max-age").isBetween(1L, 3L);
                // The last rows came with no batch after them: the age flush wrote them, within max-age (+ slack).
                assertThat(waitedMillis).isLessThan(MAX_AGE.toMillis() + 3_000);
                assertThat(notes(pipeline)).hasSize(41).contains("seed", "tick 1", "tick 40");
            }
        }
    }

    private static long count(Pipeline pipeline) throws Exception {
        try (Connection connection = pipeline.warehouse().getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM ticks")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static List<String> notes(Pipeline pipeline) throws Exception {
        try (Connection connection = pipeline.warehouse().getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT note FROM ticks ORDER BY id")) {
            List<String> notes = new java.util.ArrayList<>();
            while (rows.next()) {
                notes.add(rows.getString(1));
            }
            return notes;
        }
    }
}
