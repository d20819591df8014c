package io.sluice.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.config.PipelineConfig;
import io.sluice.config.SnapshotMode;
import io.sluice.config.SourceConfig;
import io.sluice.config.SourceType;
import io.sluice.engine.demo.TableComparison;
import io.sluice.testing.MariaDbServer;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Given a MariaDB source captured up to some binlog position, when the server purges the binary logs
 * that position points into while the pipeline is down, then a restart with {@code snapshot: initial}
 * stops the source with a message that says the changes are gone and how to recover — it never resumes
 * silently past the gap — and a restart with {@code snapshot: when_needed} copies the tables again,
 * leaving the warehouse equal to the source (deletes made during the gap included).
 */
class BinlogPurgedTest {

    @Test
    void aPurgedBinlogStopsTheSourceUnlessSnapshotWhenNeededCopiesTheTablesAgain() throws Exception {
        // A server of its own: purging binary logs would pull the ground from under other tests' pipelines.
        try (MariaDbServer server = TestDatabases.startMariaDb(List.of());
             TestDatabase source = server.createDatabase();
             Warehouses.Warehouse warehouse = Warehouses.create("postgres")) {
            source.execute("CREATE TABLE items (id INT PRIMARY KEY, label VARCHAR(40))");
            for (int i = 1; i <= 200; i += 50) {
                StringBuilder insert = new StringBuilder("INSERT INTO items VALUES ");
                for (int id = i; id < i + 50; id++) {
                    insert.append(id == i ? "" : ", ").append("(").append(id).append(", 'item ").append(id).append("')");
                }
                source.execute(insert.toString());
            }
            try (Pipeline first = Pipeline.start(pipeline(source, SnapshotMode.INITIAL, warehouse))) {
                awaitEqual(first, source, 200);
            }

            source.execute("DELETE FROM items WHERE id <= 10", "INSERT INTO items VALUES (201, 'while down')",
                    "FLUSH BINARY LOGS");
            // MariaDB 11.4 keeps binary logs while fewer replicas than this are connected (default 1).
            source.execute("SET GLOBAL slave_connections_needed_for_purge = 0");
            String current = currentBinlog(source);
            // The stopped pipeline's binlog dump thread may linger a moment, and a log in use is not purged.
            Await.until("binary logs before " + current + " purged", Duration.ofSeconds(30), () -> {
                source.execute("PURGE BINARY LOGS TO '" + current + "'");
                return binaryLogs(source).equals(List.of(current));
            });

            try (Pipeline second = Pipeline.start(pipeline(source, SnapshotMode.INITIAL, warehouse))) {
                assertThatThrownBy(() -> second.completion().get(60, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .cause().hasMessageStartingWith("source 'maria' failed: the server no longer has the binary log"
                                + " the warehouse's committed position points into: it was purged")
                        .hasMessageContaining("set 'snapshot: when_needed' on the source and restart")
                        .hasMessageContaining("DELETE FROM _sluice_offsets WHERE pipeline = 'purged' AND source = 'maria'");
            }
            try (Connection w = warehouse.connect(); Statement statement = w.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) FROM items")) {
                rows.next();
                assertThat(rows.getInt(1)).as("the warehouse untouched by the refused start").isEqualTo(200);
            }

            try (Pipeline third = Pipeline.start(pipeline(source, SnapshotMode.WHEN_NEEDED, warehouse))) {
                awaitEqual(third, source, 191);
            }
        }
    }

    private static String currentBinlog(TestDatabase source) throws Exception {
        try (Connection connection = source.connect(); Statement statement = connection.createStatement();
             ResultSet status = statement.executeQuery("SHOW MASTER STATUS")) {
            assertThat(status.next()).as("the server writes a binary log").isTrue();
            return status.getString(1);
        }
    }

    private static List<String> binaryLogs(TestDatabase source) throws Exception {
        List<String> logs = new java.util.ArrayList<>();
        try (Connection connection = source.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW BINARY LOGS")) {
            while (rows.next()) {
                logs.add(rows.getString(1));
            }
        }
        return logs;
    }

    private static PipelineConfig pipeline(TestDatabase source, SnapshotMode snapshot, Warehouses.Warehouse warehouse) {
        SourceConfig config = new SourceConfig("maria", SourceType.MARIADB, source.host(), source.port(), source.user(),
                source.password(), null, List.of(source.name() + ".items"), snapshot, null, null, Map.of());
        return new PipelineConfig("purged", List.of(config), warehouse.config(), Pipelines.FAST_FLUSH, null);
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
}
