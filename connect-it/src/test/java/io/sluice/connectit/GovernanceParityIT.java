package io.sluice.connectit;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given one PostgreSQL source and one list of governance rules (hash, partial, mask, columns, filter,
 * quality, lineage), when the standalone engine ({@code sluice run}, the rules in its pipeline file) and
 * a Kafka Connect worker (Debezium's source connector, Sluice's sink with the same rules as
 * {@code transforms=}) capture the same snapshot and the same stream of changes into two warehouses,
 * then the two warehouses are identical: the same tables with the same column types, the same rows, and
 * the same quarantined records. Only what differs by nature is left out: the snapshot's log position
 * (each runtime has its own slot, so its own snapshot point).
 */
class GovernanceParityIT {

    private static final Duration CONVERGE = Duration.ofSeconds(120);
    private static final long MARKER = 1_000_000;
    private static final List<String> TABLES = List.of("customers", "orders", "order_items", "events");

    /** One rule: its type, the transform class Connect names, and its settings as Connect takes them. */
    private record Rule(String type, String transform, Map<String, String> settings) {
    }

    private static final List<Rule> RULES = List.of(
            rule("hash", "Hash", "tables", "public\\.customers", "columns", "email", "key", "parity-hash-key-0123456789"),
            rule("partial", "Partial", "tables", "public\\.customers", "columns", "name", "keep.last", "2"),
            rule("mask", "Mask", "tables", "public\\.order_items", "columns", "sku", "replacement", "same-length"),
            rule("columns", "Columns", "tables", "public\\.orders", "exclude", "status"),
            rule("filter", "Filter", "tables", "public\\.orders", "condition", "total >= 50", "action", "keep"),
            rule("quality", "Quality", "tables", "public\\.events", "rules", "kind_known:allowed(kind, click, view):quarantine"),
            rule("lineage", "Lineage", "columns", "source,table,op,position"));

    @Test
    void theEngineAndAConnectWorkerWithTheSameRulesFillIdenticalWarehouses(@TempDir Path work) throws Exception {
        try (ConnectStack stack = new ConnectStack(1);
             TestDatabase engineWarehouse = TestDatabases.postgres().createDatabase()) {
            Shop shop = new Shop(stack.source);
            shop.seed(200, 150);

            Path pipeline = work.resolve("parity.yaml");
            Files.writeString(pipeline, pipelineFile(stack, engineWarehouse));
            Process engine = startEngine(pipeline, work.resolve("engine.log"));
            try {
                // One partition per topic, so a table's last change arriving means all of it arrived.
                stack.connect.configureConnector("parity-source", stack.debeziumSource(1));
                stack.awaitTopics(TABLES.toArray(String[]::new));
                Map<String, String> sink = stack.sluiceSink(1);
                sink.putAll(connectTransforms());
                stack.connect.configureConnector("parity-sink", sink);
                stack.awaitRunning("parity-sink", 1);

                // Both snapshots first: a row changed before one runtime's snapshot point and after the other's
                // is a read there and an update here, and lineage would rightly say so.
                for (TestDatabase warehouse : List.of(engineWarehouse, stack.warehouse)) {
                    ConnectStack.awaitEqual("the snapshot in " + warehouse.name(),
                            () -> Shop.rows(stack.source, "SELECT count(*) FROM order_items"),
                            () -> Shop.rows(warehouse, "SELECT count(*) FROM order_items"), CONVERGE);
                    ConnectStack.awaitEqual("the snapshot in " + warehouse.name(),
                            () -> Shop.rows(stack.source, "SELECT count(*) FROM customers"),
                            () -> Shop.rows(warehouse, "SELECT count(*) FROM customers"), CONVERGE);
                }
                Shop.Workload workload = shop.stream(300);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (shop.changes() < 1_500 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                workload.stop();
                stack.source.execute(
                        "INSERT INTO customers VALUES (" + MARKER + ", 'Marker', 'marker@example.com', 1, true, now())",
                        "INSERT INTO orders VALUES (" + MARKER + ", 1, 999, 'new')",
                        "INSERT INTO order_items VALUES (" + MARKER + ", 1, 'SKU-MARK', 1)",
                        "INSERT INTO events VALUES (" + MARKER + ", 'click', 'marker')");

                for (String table : TABLES) {
                    awaitMarker(engineWarehouse, table, engine, work.resolve("engine.log"));
                    awaitMarker(stack.warehouse, table, engine, work.resolve("engine.log"));
                }
                for (String table : TABLES) {
                    assertThat(columns(engineWarehouse, table)).as("columns and types of " + table)
                            .isEqualTo(columns(stack.warehouse, table)).isNotEmpty();
                    String query = comparable(engineWarehouse, table);
                    ConnectStack.awaitEqual("rows of " + table + " (engine = Connect)",
                            () -> Shop.rows(stack.warehouse, query), () -> Shop.rows(engineWarehouse, query), CONVERGE);
                }
                String quarantined = "SELECT source_table, record_key, rule, reason FROM _sluice_quarantine ORDER BY 1, 2, 3";
                ConnectStack.awaitEqual("quarantined records (engine = Connect)",
                        () -> Shop.rows(stack.warehouse, quarantined), () -> Shop.rows(engineWarehouse, quarantined),
                        CONVERGE);

                // The rules did their work (so the equality above is not that of two ungoverned copies).
                assertThat(Shop.rows(engineWarehouse, "SELECT count(*) FROM customers WHERE email LIKE '%@%'"))
                        .as("clear e-mail addresses").containsExactly(List.of("0"));
                assertThat(Shop.rows(engineWarehouse, "SELECT name FROM customers WHERE id = " + MARKER))
                        .containsExactly(List.of("M***er"));
                assertThat(Shop.rows(engineWarehouse, "SELECT count(*) FROM orders WHERE total < 50"))
                        .containsExactly(List.of("0"));
                assertThat(columnNames(engineWarehouse, "orders")).doesNotContain("status").contains("__op", "__position");
                assertThat(Shop.rows(engineWarehouse, "SELECT count(*) > 0 FROM _sluice_quarantine WHERE rule = 'kind_known'"))
                        .containsExactly(List.of("true"));
                assertThat(Shop.rows(engineWarehouse, "SELECT DISTINCT __op FROM customers ORDER BY 1"))
                        .as("snapshot reads and streamed changes both present").contains(List.of("r"), List.of("c"));
            } finally {
                engine.destroy(); // SIGTERM: the engine commits its flush and exits
                if (!engine.waitFor(30, TimeUnit.SECONDS)) {
                    engine.destroyForcibly();
                }
            }
        }
    }

    private static Rule rule(String type, String transform, String... settings) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            map.put(settings[i], settings[i + 1]);
        }
        return new Rule(type, "io.sluice.connector.transforms." + transform, map);
    }

    /** The rules as a pipeline file's {@code governance:} list; a comma-separated setting as a YAML list. */
    private static String pipelineFile(ConnectStack stack, TestDatabase warehouse) {
        StringBuilder yaml = new StringBuilder("""
                pipeline: parity
                sources:
                  - name: %s
                    type: postgres
                    host: %s
                    port: %d
                    user: %s
                    password: '%s'
                    database: %s
                    tables: [%s]
                warehouse:
                  type: postgres
                  url: %s
                  user: %s
                  password: '%s'
                flush:
                  max-age: 200ms
                http:
                  port: 0
                governance:
                """.formatted(stack.id, stack.source.host(), stack.source.port(), stack.source.user(),
                stack.source.password(), stack.source.name(), Shop.tableList(), warehouse.jdbcUrl(), warehouse.user(),
                warehouse.password()));
        for (Rule rule : RULES) {
            yaml.append("  - type: ").append(rule.type()).append('\n');
            rule.settings().forEach((key, value) -> {
                // A secret only by reference, as the pipeline file wants it: the engine gets it from its environment.
                String text = key.equals("key") ? "${env:PARITY_HASH_KEY}"
                        : key.equals("columns") || key.equals("tables") || key.equals("exclude") ? "[" + value + "]"
                        : "'" + value.replace("'", "''") + "'";
                yaml.append("    ").append(key).append(": ").append(text).append('\n');
            });
        }
        return yaml.toString();
    }

    /** The same rules as the sink's {@code transforms=}, in the same order. */
    private static Map<String, String> connectTransforms() {
        Map<String, String> config = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < RULES.size(); i++) {
            String name = "g" + i;
            names.add(name);
            config.put("transforms." + name + ".type", RULES.get(i).transform());
            RULES.get(i).settings().forEach((key, value) -> config.put("transforms." + name + "." + key, value));
        }
        config.put("transforms", String.join(",", names));
        return config;
    }

    private static Process startEngine(Path pipeline, Path log) throws IOException {
        Path jar = Path.of(System.getProperty("sluice.engine.jar", "../engine/target/sluice-engine.jar"))
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("the engine jar " + jar + " is missing: build it with ./mvnw -pl engine -am package"
                    + " -DskipTests (./mvnw verify builds it before these tests)");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString(), "run", pipeline.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PARITY_HASH_KEY", RULES.get(0).settings().get("key"));
        return builder.start();
    }

    private static void awaitMarker(TestDatabase warehouse, String table, Process engine, Path log) throws Exception {
        String key = table.equals("order_items") ? "order_id" : "id";
        long deadline = System.nanoTime() + CONVERGE.toNanos();
        while (Shop.rows(warehouse, "SELECT 1 FROM " + table + " WHERE " + key + " = " + MARKER).isEmpty()) {
            if (!engine.isAlive()) {
                throw new AssertionError("the engine exited (" + engine.exitValue() + "):\n" + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the last change of " + table + " did not reach " + warehouse.name()
                        + " within " + CONVERGE.toSeconds() + " s; engine log:\n" + Files.readString(log));
            }
            Thread.sleep(250);
        }
    }

    /** Column name and type of a warehouse table, in order. */
    private static List<List<String>> columns(TestDatabase warehouse, String table) {
        return Shop.rows(warehouse, "SELECT column_name, data_type, numeric_precision, numeric_scale"
                + " FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '" + table + "'"
                + " ORDER BY ordinal_position");
    }

    private static List<String> columnNames(TestDatabase warehouse, String table) {
        return columns(warehouse, table).stream().map(row -> row.get(0)).toList();
    }

    /**
     * Every column of the table, ordered by the key; the lineage position of a snapshot read left out: it is
     * where that runtime's own slot took its snapshot.
     */
    private static String comparable(TestDatabase warehouse, String table) {
        String select = columnNames(warehouse, table).stream()
                .map(column -> column.equals("__position") ? "CASE WHEN __op = 'r' THEN NULL ELSE __position END" : column)
                .collect(Collectors.joining(", "));
        return "SELECT " + select + " FROM " + table + " ORDER BY 1, 2";
    }
}
