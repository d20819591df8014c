package io.sluice.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.PipelineConfig;
import io.sluice.config.SourceConfig;
import io.sluice.config.TableRules;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Per-table rules from the pipeline file, end to end from PostgreSQL: a table without a primary key is
 * kept by its configured key columns, a history table keeps every version, and an excluded column never
 * reaches the warehouse.
 */
class TableRulesTest {

    @Test
    void configuredKeysHistoryAndExcludedColumns() throws Exception {
        try (TestDatabase source = TestDatabases.postgres().createDatabase();
             Warehouses.Warehouse warehouse = Warehouses.create("postgres")) {
            source.execute("CREATE TABLE readings (sensor text NOT NULL, taken date NOT NULL, value int, secret text)",
                    "CREATE TABLE scratch (id int PRIMARY KEY)", "INSERT INTO scratch VALUES (1)",
                    "ALTER TABLE readings REPLICA IDENTITY FULL",
                    "INSERT INTO readings VALUES ('a', '2024-01-01', 1, 's1'), ('b', '2024-01-01', 2, 's2')");
            PipelineConfig base = Pipelines.postgresSource("rules", source, List.of("public\\..*"), warehouse.config());
            SourceConfig plain = base.sources().get(0);
            SourceConfig withRules = new SourceConfig(plain.name(), plain.type(), plain.host(), plain.port(), plain.user(),
                    plain.password(), plain.database(), plain.tables(), plain.snapshot(), null, null, Map.of(),
                    new TableRules(Map.of("public.readings", List.of("sensor", "taken")), List.of("public.readings"),
                            List.of(), List.of("public.readings.secret"), List.of("public\\.scratch")), null);
            PipelineConfig config = new PipelineConfig("rules", List.of(withRules), base.warehouse(), base.flush(), null);

            try (Pipeline pipeline = Pipeline.start(config)) {
                Await.until("the snapshot in the warehouse", Duration.ofSeconds(60),
                        () -> ((Number) query(warehouse, "SELECT count(*) FROM readings")).intValue() == 2);
                source.execute("UPDATE readings SET value = 10 WHERE sensor = 'a'",
                        "UPDATE readings SET value = 11 WHERE sensor = 'a'",
                        "DELETE FROM readings WHERE sensor = 'b'");
                Await.until("the changes in the warehouse", Duration.ofSeconds(60),
                        () -> ((Number) query(warehouse, "SELECT count(*) FROM readings_history")).intValue() == 4
                                && ((Number) query(warehouse, "SELECT count(*) FROM readings")).intValue() == 1);
            }
            try (var connection = warehouse.connect()) {
                var rows = connection.createStatement().executeQuery("SELECT sensor, value FROM readings");
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("a");
                assertThat(rows.getInt(2)).isEqualTo(11);
                var columns = connection.createStatement().executeQuery(
                        "SELECT count(*) FROM information_schema.columns WHERE table_name = 'readings' AND column_name = 'secret'");
                columns.next();
                assertThat(columns.getInt(1)).as("excluded column").isZero();
                var scratch = connection.createStatement().executeQuery(
                        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'scratch'");
                scratch.next();
                assertThat(scratch.getInt(1)).as("excluded table").isZero();
                var history = connection.createStatement().executeQuery("SELECT sensor, value, __op, __current"
                        + " FROM readings_history ORDER BY sensor, __valid_from, __position");
                StringBuilder versions = new StringBuilder();
                while (history.next()) {
                    versions.append(history.getString(1)).append(history.getInt(2)).append(history.getString(3))
                            .append(history.getBoolean(4) ? "*" : "").append(' ');
                }
                assertThat(versions.toString().trim()).isEqualTo("a1r a10u a11u* b2r");
            }
        }
    }

    private static Object query(Warehouses.Warehouse warehouse, String sql) throws Exception {
        try (var connection = warehouse.connect(); var rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getObject(1);
        }
    }
}
