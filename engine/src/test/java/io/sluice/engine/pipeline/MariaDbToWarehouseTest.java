package io.sluice.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.PipelineConfig;
import io.sluice.config.SnapshotMode;
import io.sluice.config.SourceConfig;
import io.sluice.config.TableRules;
import io.sluice.engine.demo.TableComparison;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Given a MariaDB source table, when the pipeline snapshots it, streams inserts, updates and deletes,
 * sees an ALTER TABLE ADD COLUMN mid-stream and is restarted, then the warehouse table equals the source
 * row for row — the schema history kept in the warehouse decodes old and new rows after the restart.
 * And a row that two statements of one transaction change keeps both versions in its history table.
 */
class MariaDbToWarehouseTest {

    private static final AtomicInteger PIPELINES = new AtomicInteger();

    @ParameterizedTest(name = "into {0}")
    @ValueSource(strings = {"postgres", "duckdb"})
    void snapshotStreamingSchemaChangeAndRestart(String warehouseKind) throws Exception {
        try (TestDatabase source = TestDatabases.mariadb().createDatabase();
             TestDatabase bystander = TestDatabases.mariadb().createDatabase();
             Warehouses.Warehouse warehouse = Warehouses.create(warehouseKind)) {
            bystander.execute("CREATE TABLE elsewhere (id INT PRIMARY KEY)");
            source.execute("""
                    CREATE TABLE items (
                      id BIGINT PRIMARY KEY,
                      name VARCHAR(100) NOT NULL,
                      price DECIMAL(12,2),
                      qty INT,
                      active TINYINT(1),
                      made DATETIME(6),
                      day DATE,
                      notes TEXT,
                      attrs JSON,
                      raw BLOB)""",
                    "INSERT INTO items VALUES (1, 'Zoë 李 🚀', 1234.50, -7, 1, '2024-01-02 03:04:05.123456', '2024-02-29',"
                            + " 'note', '{\"a\": [1, 2]}', X'00FF10')",
                    "INSERT INTO items (id, name) VALUES (2, 'nulls')");
            PipelineConfig config = Pipelines.mariadbSource("maria" + PIPELINES.incrementAndGet(), source,
                    List.of("items"), warehouse.config());

            try (Pipeline pipeline = Pipeline.start(config)) {
                awaitEqual(pipeline, source, 2);
                assertThat(historyMentions(warehouse, source.name())).as("DDL history of the captured database")
                        .isPositive();
                assertThat(historyMentions(warehouse, bystander.name()))
                        .as("DDL history of a database the pipeline does not capture").isZero();
                source.execute("INSERT INTO items (id, name, price) VALUES (3, 'three', 3.00)",
                        "UPDATE items SET price = 99.99, notes = NULL WHERE id = 1",
                        "DELETE FROM items WHERE id = 2",
                        "ALTER TABLE items ADD COLUMN color VARCHAR(20)",
                        "INSERT INTO items (id, name, color) VALUES (4, 'four', 'red')",
                        "UPDATE items SET color = 'blue' WHERE id = 3");
                awaitEqual(pipeline, source, 3);
            }

            source.execute("INSERT INTO items (id, name, color) VALUES (5, 'while down', 'green')",
                    "UPDATE items SET name = 'changed while down' WHERE id = 1");

            try (Pipeline restarted = Pipeline.start(config)) {
                awaitEqual(restarted, source, 4);
                assertThat(restarted.stats().changes()).as("only the changes made while down; no second snapshot")
                        .isEqualTo(2);
            }
        }
    }

    @Test
    void aRowChangedByTwoStatementsOfOneTransactionKeepsBothVersionsInHistory() throws Exception {
        try (TestDatabase source = TestDatabases.mariadb().createDatabase();
             Warehouses.Warehouse warehouse = Warehouses.create("postgres")) {
            source.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, qty INT)", "INSERT INTO items VALUES (1, 0)");
            PipelineConfig plain = Pipelines.mariadbSource("twice" + PIPELINES.incrementAndGet(), source, List.of("items"),
                    warehouse.config());
            SourceConfig withHistory = new SourceConfig(
                    plain.sources().get(0).name(), plain.sources().get(0).type(), source.host(), source.port(),
                    source.user(), source.password(), null, plain.sources().get(0).tables(),
                    SnapshotMode.INITIAL, null, null, Map.of(),
                    new TableRules(Map.of(), plain.sources().get(0).tables(), List.of(), List.of()), null);
            PipelineConfig config = new PipelineConfig(plain.name(), List.of(withHistory), warehouse.config(),
                    plain.flush(), null);

            try (Pipeline pipeline = Pipeline.start(config)) {
                awaitEqual(pipeline, source, 1);
                try (Connection connection = source.connect()) {
                    connection.setAutoCommit(false);
                    connection.createStatement().execute("UPDATE items SET qty = 1 WHERE id = 1");
                    connection.createStatement().execute("UPDATE items SET qty = 2 WHERE id = 1");
                    connection.commit();
                }
                Await.until("both versions in items_history", Duration.ofSeconds(60), () -> {
                    try (Connection w = warehouse.connect();
                         var rows = w.createStatement().executeQuery("SELECT count(*) FROM items_history")) {
                        rows.next();
                        return rows.getInt(1) == 3;
                    }
                });
                awaitEqual(pipeline, source, 1);
            }
            try (Connection w = warehouse.connect();
                 var rows = w.createStatement().executeQuery(
                         "SELECT qty, __op, __current FROM items_history ORDER BY __valid_from, qty")) {
                List<String> versions = new ArrayList<>();
                while (rows.next()) {
                    versions.add(rows.getInt(1) + " " + rows.getString(2) + (rows.getBoolean(3) ? " current" : ""));
                }
                assertThat(versions).containsExactly("0 r", "1 u", "2 u current");
            }
        }
    }

    /** How many records of the warehouse's schema history name {@code database} as a JSON string. */
    private static int historyMentions(Warehouses.Warehouse warehouse, String database) throws Exception {
        int mentions = 0;
        try (Connection w = warehouse.connect();
             var rows = w.createStatement().executeQuery("SELECT record FROM _sluice_schema_history")) {
            while (rows.next()) {
                mentions += rows.getString(1).contains("\"" + database + "\"") ? 1 : 0;
            }
        }
        return mentions;
    }

    private static void awaitEqual(Pipeline pipeline, TestDatabase source, long expectedRows) throws Exception {
        List<TableComparison.Result> last = new ArrayList<>();
        try {
            Await.until("warehouse table items to equal the MariaDB source", Duration.ofSeconds(60), () -> {
                try (Connection s = source.connect(); Connection w = pipeline.warehouse().getConnection()) {
                    last.clear();
                    last.add(TableComparison.compare("items", s, "items", w, pipeline.dialect().quote("items"),
                            pipeline.dialect()::quote));
                }
                return last.get(0).equal() && last.get(0).sourceRows() == expectedRows;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last comparison: " + last, e.getCause());
        }
    }
}
