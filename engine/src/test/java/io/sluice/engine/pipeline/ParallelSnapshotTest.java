package io.sluice.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.FlushConfig;
import io.sluice.config.PipelineConfig;
import io.sluice.config.SnapshotMode;
import io.sluice.config.SourceConfig;
import io.sluice.config.SourceType;
import io.sluice.engine.demo.TableComparison;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Given PostgreSQL tables (a large one read in several ctid ranges, a small one and an empty one) written to while
 * the snapshot runs, when Sluice's parallel snapshot reads them under the slot's exported snapshot and Debezium
 * then streams from the slot, then the warehouse equals the source exactly: nothing lost, nothing doubled. A
 * snapshot stopped half way is taken again on restart, and a slot left behind before anything was committed is
 * replaced.
 */
class ParallelSnapshotTest {

    private static final int BIG = 60_000;
    private static final List<String> TABLES = List.of("public.big", "public.small", "public.empty");
    private static final FlushConfig SMALL_FLUSHES = new FlushConfig(2_000, 4L << 20, Duration.ofMillis(100));

    @Test
    void tablesWrittenDuringTheSnapshotEndEqualToTheSource() throws Exception {
        try (TestDatabase source = TestDatabases.postgres().createDatabase();
             Warehouses.Warehouse warehouse = Warehouses.create("postgres")) {
            createTables(source);
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong writes = new AtomicLong();
            Thread writer = new Thread(() -> write(source, writing, writes), "test-writer");
            writer.start();
            try (Pipeline pipeline = Pipeline.start(pipeline("parallel", source, warehouse, 3))) {
                Await.until("the snapshot to complete", Duration.ofSeconds(120), () -> {
                    failIfStopped(pipeline);
                    return pipeline.stats().source("src").snapshotCompleted();
                });
                long atSnapshotEnd = writes.get();
                Await.until("more writes after the snapshot", Duration.ofSeconds(60),
                        () -> writes.get() > atSnapshotEnd + 200);
                writing.set(false);
                writer.join();
                assertThat(writes.get()).as("writes while the snapshot ran and after").isGreaterThan(200);
                // An empty table has no rows to create its warehouse table from (as with Debezium's snapshot).
                awaitEqual(pipeline, source, "big", "small");
                // And streaming goes on: changes after the handover arrive once.
                source.execute("INSERT INTO empty VALUES (1, 'first')", "DELETE FROM big WHERE id % 7 = 0",
                        "UPDATE small SET label = 'streamed'");
                awaitEqual(pipeline, source, "big", "small", "empty");
            }
        }
    }

    @Test
    void aSnapshotStoppedHalfWayIsTakenAgainAndASlotLeftBeforeAnyCommitIsReplaced() throws Exception {
        try (TestDatabase source = TestDatabases.postgres().createDatabase();
             Warehouses.Warehouse warehouse = Warehouses.create("postgres")) {
            createTables(source);
            // A run that died after creating its slot and before committing anything left this behind.
            source.execute("SELECT pg_create_logical_replication_slot('sluice_restarted_src', 'pgoutput')");
            PipelineConfig config = pipeline("restarted", source, warehouse, 2);
            try (Pipeline first = Pipeline.start(config)) {
                Await.until("the snapshot's first flush", Duration.ofSeconds(60), () -> {
                    failIfStopped(first);
                    return first.stats().flushes() >= 1;
                });
            }
            try (Connection connection = warehouse.connect(); Statement statement = connection.createStatement();
                 var offset = statement.executeQuery("SELECT offset_value FROM _sluice_offsets WHERE pipeline = 'restarted'")) {
                assertThat(offset.next()).isTrue();
                assertThat(offset.getString(1)).as("stopped during the snapshot").contains("\"snapshot\":\"INITIAL\"")
                        .doesNotContain("\"last_snapshot_record\":true");
            }
            source.execute("DELETE FROM big WHERE id <= 100", "UPDATE big SET label = 'changed' WHERE id = 101",
                    "INSERT INTO small VALUES (1000, 'while stopped')");
            try (Pipeline second = Pipeline.start(config)) {
                awaitEqual(second, source, "big", "small");
                source.execute("INSERT INTO big VALUES (" + (BIG + 1) + ", 'after')");
                awaitEqual(second, source, "big", "small");
            }
            try (Connection connection = warehouse.connect(); Statement statement = connection.createStatement();
                 var offset = statement.executeQuery("SELECT offset_value FROM _sluice_offsets WHERE pipeline = 'restarted'")) {
                assertThat(offset.next()).isTrue();
                assertThat(offset.getString(1)).as("streaming after the snapshot").doesNotContain("\"snapshot\":\"INITIAL\"");
            }
        }
    }

    @Test
    void aSourceWithASnapshotQueryOverrideIsSnapshottedByDebeziumWithTheOverride() throws Exception {
        try (TestDatabase source = TestDatabases.postgres().createDatabase();
             Warehouses.Warehouse warehouse = Warehouses.create("postgres")) {
            createTables(source);
            // Sluice's parallel reader would copy every row; the user asked Debezium for a part of the table.
            SourceConfig config = new SourceConfig("src", SourceType.POSTGRES, source.host(), source.port(),
                    source.user(), source.password(), source.name(), List.of("public.small"), SnapshotMode.INITIAL,
                    null, null, Map.of("snapshot.select.statement.overrides", "public.small",
                    "snapshot.select.statement.overrides.public.small", "SELECT * FROM public.small WHERE id <= 10"));
            PipelineConfig pipeline = new PipelineConfig("overridden", List.of(config), warehouse.config(), SMALL_FLUSHES,
                    null).withSnapshotThreads(2);
            try (Pipeline running = Pipeline.start(pipeline)) {
                Await.until("the snapshot to complete", Duration.ofSeconds(120), () -> {
                    failIfStopped(running);
                    return running.stats().source("src").snapshotCompleted();
                });
                source.execute("INSERT INTO small VALUES (1000, 'streamed')");
                Await.until("the streamed row", Duration.ofSeconds(60), () -> {
                    failIfStopped(running);
                    return count(running, "SELECT count(*) FROM small WHERE id = 1000") == 1;
                });
                assertThat(count(running, "SELECT count(*) FROM small"))
                        .as("the override's 10 rows of the snapshot, then the streamed one").isEqualTo(11);
            }
        }
    }

    private static long count(Pipeline pipeline, String sql) throws Exception {
        try (Connection connection = pipeline.warehouse().getConnection(); Statement statement = connection.createStatement();
             var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (java.sql.SQLException notYet) {
            return -1; // the table is not there yet
        }
    }

    private static void createTables(TestDatabase source) throws Exception {
        source.execute("CREATE TABLE big (id int PRIMARY KEY, label text, amount numeric(12,2), at timestamptz)",
                "INSERT INTO big SELECT g, 'item ' || g, g / 100.0, timestamptz '2024-01-01 00:00:00+00' + g * interval '1 s'"
                        + " FROM generate_series(1, " + BIG + ") g",
                "CREATE TABLE small (id int PRIMARY KEY, label text)",
                "INSERT INTO small SELECT g, 'small ' || g FROM generate_series(1, 50) g",
                "CREATE TABLE empty (id int PRIMARY KEY, label text)");
    }

    /** Inserts, updates and deletes across the tables, in small transactions, until told to stop. */
    private static void write(TestDatabase source, AtomicBoolean writing, AtomicLong writes) {
        try (Connection connection = source.connect(); Statement statement = connection.createStatement()) {
            int next = BIG + 1_000;
            while (writing.get()) {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                int id = 1 + random.nextInt(BIG);
                switch (random.nextInt(4)) {
                    case 0 -> statement.execute("INSERT INTO big VALUES (" + next++ + ", 'new', 1.5, now())");
                    case 1 -> statement.execute("UPDATE big SET label = 'updated " + random.nextInt() + "' WHERE id = " + id);
                    case 2 -> statement.execute("DELETE FROM big WHERE id = " + id);
                    default -> statement.execute("INSERT INTO small VALUES (" + next++ + ", 'new') ON CONFLICT DO NOTHING");
                }
                writes.incrementAndGet();
                Thread.sleep(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static PipelineConfig pipeline(String name, TestDatabase source, Warehouses.Warehouse warehouse, int threads) {
        SourceConfig config = new SourceConfig("src", SourceType.POSTGRES, source.host(), source.port(), source.user(),
                source.password(), source.name(), TABLES, SnapshotMode.INITIAL, null, null, Map.of());
        return new PipelineConfig(name, List.of(config), warehouse.config(), SMALL_FLUSHES, null)
                .withSnapshotThreads(threads);
    }

    private static void failIfStopped(Pipeline pipeline) throws Exception {
        if (pipeline.completion().isDone()) {
            pipeline.completion().get();
            throw new AssertionError("the pipeline stopped");
        }
    }

    private static void awaitEqual(Pipeline pipeline, TestDatabase source, String... tables) throws Exception {
        List<TableComparison.Result> last = new ArrayList<>();
        try {
            Await.until("every table to equal the source", Duration.ofSeconds(120), () -> {
                failIfStopped(pipeline);
                last.clear();
                try (Connection from = source.connect(); Connection to = pipeline.warehouse().getConnection()) {
                    for (String table : tables) {
                        last.add(TableComparison.compare(table, from, table, to, table, pipeline.dialect()::quote));
                    }
                } catch (java.sql.SQLException notYet) {
                    return false; // a table the snapshot has not created yet
                }
                return last.stream().allMatch(TableComparison.Result::equal);
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last comparison: " + last, e.getCause());
        }
    }
}
