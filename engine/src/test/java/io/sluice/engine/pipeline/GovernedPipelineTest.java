package io.sluice.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.PipelineConfig;
import io.sluice.config.PipelineLoader;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a pipeline file that uses every governance transform, when rows are snapshotted, updated and
 * deleted at the source, then the warehouse holds exactly the governed rows, the quarantine table the
 * rows a quality rule rejected, and no clear personal data anywhere — not even from a delete.
 */
class GovernedPipelineTest {

    private static final String HASH_KEY = "governed-pipeline-test-key-0123456789";

    @Test
    void everyTransformFromThePipelineFile(@TempDir Path folder) throws Exception {
        try (TestDatabase source = TestDatabases.postgres().createDatabase();
             TestDatabase warehouse = TestDatabases.postgres().createDatabase()) {
            source.execute("""
                    CREATE TABLE customers (id int PRIMARY KEY, email text, name text, card text, amount numeric(10,2),
                      status text, internal_note text)""",
                    "ALTER TABLE customers REPLICA IDENTITY FULL",
                    "INSERT INTO customers VALUES"
                            + " (1, 'ada@example.com', 'Ada Lovelace', '4111111111111111', 10.00, 'live', 'vip'),"
                            + " (2, 'test@example.com', 'Tess Ting', '5500005555555559', 20.00, 'test', 'qa'),"
                            + " (3, 'grace@example.com', 'Grace Hopper', '340000000000009', -5.00, 'live', 'refund')");
            Path file = Files.writeString(folder.resolve("governed.yaml"), """
                    pipeline: governed
                    sources:
                      - name: shop
                        type: postgres
                        host: ${env:PG_HOST}
                        port: ${env:PG_PORT}
                        user: ${env:PG_USER}
                        password: ${env:PG_PASSWORD}
                        database: ${env:PG_DATABASE}
                        tables: [public.customers]
                    warehouse:
                      type: postgres
                      url: ${env:WH_URL}
                      user: ${env:PG_USER}
                      password: ${env:PG_PASSWORD}
                    flush: {max-age: 100ms}
                    governance:
                      - type: filter
                        condition: "status <> 'test'"
                        action: keep
                      - type: quality
                        rules: "amount_positive:range(amount, 0, 100000):quarantine"
                      - type: hash
                        tables: [public\\.customers]
                        columns: [email]
                        key: ${env:HASH_KEY}
                      - type: partial
                        columns: [card]
                        keep.first: 0
                        keep.last: 4
                      - type: mask
                        columns: [name]
                      - type: columns
                        exclude: [internal_note]
                      - type: lineage
                        columns: [op, table]
                    """);
            PipelineConfig config = PipelineLoader.load(file, Map.of("PG_HOST", source.host(),
                    "PG_PORT", Integer.toString(source.port()), "PG_USER", source.user(), "PG_PASSWORD", source.password(),
                    "PG_DATABASE", source.name(), "WH_URL", warehouse.jdbcUrl(), "HASH_KEY", HASH_KEY));

            try (Pipeline pipeline = Pipeline.start(config)) {
                Await.until("the governed snapshot", Duration.ofSeconds(60), () -> count(warehouse, "customers") == 1
                        && count(warehouse, "_sluice_quarantine") == 1);
                source.execute("UPDATE customers SET email = 'ada.l@example.com' WHERE id = 1",
                        "INSERT INTO customers VALUES (4, 'alan@example.com', 'Alan Turing', '6011000990139424', 1.50,"
                                + " 'live', 'x')",
                        "DELETE FROM customers WHERE id = 4");
                Await.until("the governed changes", Duration.ofSeconds(60), () -> pipeline.stats().changes() >= 5);
            }

            assertThat(warehouse.query("SELECT id, email, name, card, amount, status, __op, __table FROM customers"))
                    .containsExactly(java.util.Arrays.asList(1, hmac("ada.l@example.com"), null, "************1111",
                            new java.math.BigDecimal("10.00"), "live", "u", "customers"));
            assertThat(warehouse.query("SELECT count(*) FROM information_schema.columns WHERE table_name = 'customers'"
                    + " AND column_name = 'internal_note'").get(0).get(0)).isEqualTo(0L);
            List<List<Object>> quarantined = warehouse.query("SELECT rule, reason, payload FROM _sluice_quarantine");
            assertThat(quarantined).hasSize(1);
            assertThat(quarantined.get(0).get(0)).isEqualTo("amount_positive");
            assertThat((String) quarantined.get(0).get(2)).contains("\"id\":3");
            // No clear personal data reached the warehouse, not even the deleted row's.
            List<String> everything = new ArrayList<>();
            for (String table : List.of("customers", "_sluice_quarantine")) {
                warehouse.query("SELECT * FROM " + table).forEach(row -> everything.add(row.toString()));
            }
            assertThat(String.join("\n", everything)).doesNotContain("ada@example.com", "ada.l@example.com",
                    "alan@example.com", "Ada Lovelace", "Alan Turing", "4111111111111111", "6011000990139424", "vip");

            // The data owner decides refunds (negative amounts) are fine: fix the rule, then replay.
            Files.writeString(file, Files.readString(file).replace("range(amount, 0, 100000)", "range(amount, -100, 100000)"));
            Map<String, String> environment = Map.of("PG_HOST", source.host(), "PG_PORT", Integer.toString(source.port()),
                    "PG_USER", source.user(), "PG_PASSWORD", source.password(), "PG_DATABASE", source.name(),
                    "WH_URL", warehouse.jdbcUrl(), "HASH_KEY", HASH_KEY);
            PipelineConfig fixed = PipelineLoader.load(file, environment);
            java.io.StringWriter listed = new java.io.StringWriter();
            new io.sluice.engine.quarantine.QuarantineReport(fixed, new java.io.PrintWriter(listed, true)).list(null, List.of(), 10);
            assertThat(listed.toString()).contains("amount_positive").contains("key={\"id\":3}").contains("1 quarantined record(s)");

            java.io.StringWriter replayed = new java.io.StringWriter();
            new io.sluice.engine.quarantine.QuarantineReport(fixed, new java.io.PrintWriter(replayed, true)).replay(null, List.of(), 10);

            assertThat(replayed.toString()).contains("replayed 1 record(s): 1 row(s) upserted, 0 deleted, 0 quarantined again");
            assertThat(count(warehouse, "_sluice_quarantine")).isZero();
            assertThat(warehouse.query("SELECT email, name, card, amount FROM customers WHERE id = 3")).containsExactly(
                    java.util.Arrays.asList(hmac("grace@example.com"), null, "***********0009", new java.math.BigDecimal("-5.00")));
        }
    }

    private static long count(TestDatabase database, String table) {
        return ((Number) database.query("SELECT count(*) FROM " + table).get(0).get(0)).longValue();
    }

    private static String hmac(String value) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(HASH_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }
}
