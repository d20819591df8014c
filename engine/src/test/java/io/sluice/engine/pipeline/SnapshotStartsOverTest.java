package io.sluice.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.config.FlushConfig;
import io.sluice.config.PipelineConfig;
import io.sluice.config.SnapshotMode;
import io.sluice.config.SourceConfig;
import io.sluice.config.SourceType;
import io.sluice.config.TableRules;
import io.sluice.engine.demo.TableComparison;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Given a warehouse that already holds part of a source's data, when a snapshot starts over — because
 * the last one was interrupted, or because the slot was lost and {@code snapshot: when_needed} copies
 * again — then rows deleted at the source meanwhile leave the warehouse too, and the history table
 * keeps each version once. With {@code snapshot: initial} a lost slot stops the source, saying what
 * happened and how to recover.
 */
class SnapshotStartsOverTest {

    private static final int ROWS = 30_000;
    /** Small flushes, so the snapshot takes many and can be stopped half way. */
    private static final FlushConfig SMALL_FLUSHES = new FlushConfig(500, 4L << 20, Duration.ofMillis(100));

    @Test
    void anInterruptedSnapshotIsTakenAgainOverEmptiedTablesAndKeepsEachVersionOnce() throws Exception {
        try (TestDatabase source = TestDatabases.postgres().createDatabase();
             Warehouses.Warehouse warehouse = Warehouses.create("postgres")) {
            source.execute("CREATE TABLE items (id int PRIMARY KEY, label text)",
                    "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, " + ROWS + ") g");
            PipelineConfig config = pipeline("interrupted", source, SnapshotMode.INITIAL, warehouse);

            try (Pipeline first = Pipeline.start(config)) {
                Await.until("the snapshot's first flush", Duration.ofSeconds(60), () -> first.stats().flushes() >= 1);
            }
            try (Connection connection = warehouse.connect()) {
                assertThat(offset(connection, "interrupted")).as("the pipeline stopped during its snapshot")
                        .contains("\"snapshot\":\"INITIAL\"").doesNotContain("\"last_snapshot_record\":true");
                assertThat(count(connection, "SELECT count(*) FROM items")).isBetween(1L, ROWS - 1L);
            }
            // Rows the first snapshot copied are deleted while the pipeline is down.
            source.execute("DELETE FROM items WHERE id <= 100", "UPDATE items SET label = 'changed' WHERE id = 101");

            try (Pipeline second = Pipeline.start(config)) {
                awaitEqual(second, source, ROWS - 100);
            }
            try (Connection connection = warehouse.connect()) {
                assertThat(count(connection, "SELECT count(*) FROM items_history")).as("one version per row")
                        .isEqualTo(ROWS - 100);
                assertThat(count(connection, "SELECT count(DISTINCT __position) FROM items_history"))
                        .as("every version from the second snapshot").isEqualTo(1);
            }
        }
    }

    @Test
    void aLostSlotStopsTheSourceUnlessSnapshotWhenNeededCopiesTheTablesAgain() throws Exception {
        try (TestDatabase source = TestDatabases.postgres().createDatabase();
             Warehouses.Warehouse warehouse = Warehouses.create("postgres")) {
            source.execute("CREATE TABLE items (id int PRIMARY KEY, label text)",
                    "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 200) g");
            PipelineConfig initial = pipeline("lostslot", source, SnapshotMode.INITIAL, warehouse);
            try (Pipeline first = Pipeline.start(initial)) {
                awaitEqual(first, source, 200);
            }
            source.execute("SELECT pg_drop_replication_slot('sluice_lostslot_src')",
                    "DELETE FROM items WHERE id <= 10", "INSERT INTO items VALUES (201, 'while the slot was gone')");

            try (Pipeline second = Pipeline.start(initial)) {
                assertThatThrownBy(() -> second.completion().get(60, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .cause().hasMessageStartingWith("source 'src' failed: PostgreSQL no longer keeps the changes"
                                + " after the position the warehouse committed: replication slot 'sluice_lostslot_src'"
                                + " was dropped")
                        .hasMessageContaining("set 'snapshot: when_needed' on the source and restart")
                        .hasMessageContaining("DELETE FROM _sluice_offsets WHERE pipeline = 'lostslot' AND source = 'src'");
            }

            try (Pipeline third = Pipeline.start(pipeline("lostslot", source, SnapshotMode.WHEN_NEEDED, warehouse))) {
                awaitEqual(third, source, 191);
            }
        }
    }

    private static PipelineConfig pipeline(String name, TestDatabase source, SnapshotMode snapshot,
                                           Warehouses.Warehouse warehouse) {
        SourceConfig config = new SourceConfig("src", SourceType.POSTGRES, source.host(), source.port(), source.user(),
                source.password(), source.name(), List.of("public.items"), snapshot, null, null, Map.of(),
                new TableRules(Map.of(), List.of("public.items"), List.of(), List.of()), null);
        return new PipelineConfig(name, List.of(config), warehouse.config(), SMALL_FLUSHES, null);
    }

    private static void awaitEqual(Pipeline pipeline, TestDatabase source, long rows) throws Exception {
        TableComparison.Result[] last = new TableComparison.Result[1];
        try {
            Await.until("items to equal the source with " + rows + " rows", Duration.ofSeconds(90), () -> {
                if (pipeline.completion().isCompletedExceptionally()) {
                    pipeline.completion().get();
                }
                try (Connection from = source.connect(); Connection to = pipeline.warehouse().getConnection()) {
                    last[0] = TableComparison.compare("items", from, "items", to, "items", pipeline.dialect()::quote);
                }
                return last[0].equal() && last[0].sourceRows() == rows;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last comparison: " + last[0], e.getCause());
        }
    }

    private static String offset(Connection connection, String pipeline) throws Exception {
        try (var statement = connection.prepareStatement("SELECT offset_value FROM _sluice_offsets WHERE pipeline = ?")) {
            statement.setString(1, pipeline);
            try (var rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : "";
            }
        }
    }

    private static long count(Connection connection, String sql) throws Exception {
        try (var statement = connection.createStatement(); var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
