package io.sluice.engine.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.sluice.config.PipelineConfig;
import io.sluice.config.PipelineLoader;
import io.sluice.engine.pipeline.Await;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a PostgreSQL source whose email column governance masks, and a pipeline that forwards to a Kafka
 * topic, a RabbitMQ exchange, a NATS JetStream subject and a signed webhook, when rows are snapshotted,
 * inserted, updated and deleted, then every target receives every committed change with its stable id,
 * the last change of each key equals the warehouse row, and no clear email leaves the pipeline.
 */
class ForwardingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "webhook-secret-for-forwarding-test";
    private static KafkaClusterTestKit kafka;

    @TempDir
    Path folder;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = TestBrokers.kafka();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyCommittedChangeReachesEveryTargetWithItsStableIdAndMaskedValuesStayMasked() throws Exception {
        String name = "fwd" + System.nanoTime() % 1_000_000;
        TestBrokers.declareRabbitMq(name);
        try (TestDatabase source = TestDatabases.postgres().createDatabase();
             TestDatabase warehouse = TestDatabases.postgres().createDatabase();
             Connection nats = TestBrokers.nats();
             WebhookReceiver webhook = new WebhookReceiver(SECRET, "X-Signature", 0)) {
            TestBrokers.createStream(nats, name.toUpperCase(), name + ".changes");
            source.execute("CREATE TABLE customers (id int PRIMARY KEY, email text, name text)",
                    "INSERT INTO customers SELECT i, 'user' || i || '@example.com', 'name ' || i"
                            + " FROM generate_series(1, 50) i");
            PipelineConfig config = load(name, source, warehouse, """
                    forward:
                      - {name: kafka, type: kafka, bootstrap-servers: "${env:KAFKA}", topic: %1$s}
                      - {name: rabbit, type: rabbitmq, host: 127.0.0.1, port: 5672, user: guest,
                         password: "${env:RABBIT_PASSWORD}", exchange: %1$s}
                      - {name: nats, type: nats, url: "nats://127.0.0.1:4222", stream: %2$s, subject: %1$s.changes}
                      - {name: hook, type: webhook, url: "${env:HOOK_URL}", secret: "${env:HOOK_SECRET}",
                         signature-header: X-Signature, batch-size: 7}
                    """.formatted(name, name.toUpperCase()), Map.of("KAFKA", kafka.bootstrapServers(),
                    "RABBIT_PASSWORD", "guest", "HOOK_URL", webhook.url(), "HOOK_SECRET", SECRET));

            try (Pipeline pipeline = Pipeline.start(config)) {
                awaitForwarded(pipeline, warehouse, 50);
                source.execute("INSERT INTO customers SELECT i, 'user' || i || '@example.com', 'name ' || i"
                                + " FROM generate_series(51, 120) i",
                        "UPDATE customers SET name = 'renamed ' || id WHERE id % 7 = 0",
                        "DELETE FROM customers WHERE id % 10 = 3",
                        "UPDATE customers SET name = 'again ' || id WHERE id % 14 = 0");
                awaitForwarded(pipeline, warehouse, 108);
            }

            Map<String, List<String>> warehouseRows = warehouseRows(warehouse);
            Map<String, List<TestBrokers.Received>> byTarget = new LinkedHashMap<>();
            byTarget.put("kafka", TestBrokers.readKafka(kafka.bootstrapServers(), name));
            byTarget.put("rabbitmq", TestBrokers.drainRabbitMq(name));
            byTarget.put("nats", TestBrokers.readStream(nats, name.toUpperCase()));
            byTarget.put("webhook", List.copyOf(webhook.received));

            Set<String> firstIds = null;
            for (Map.Entry<String, List<TestBrokers.Received>> target : byTarget.entrySet()) {
                List<TestBrokers.Received> received = target.getValue();
                Map<String, JsonNode> lastByKey = new HashMap<>();
                Set<String> ids = new HashSet<>();
                for (TestBrokers.Received message : received) {
                    JsonNode payload = JSON.readTree(message.payload());
                    assertThat(message.id()).as(target.getKey() + ": the broker's id is the message's id")
                            .isEqualTo(payload.get("id").asText());
                    assertThat(message.payload()).as(target.getKey() + ": masked stays masked")
                            .doesNotContain("@example.com");
                    ids.add(message.id());
                    lastByKey.put(payload.get("key").get("id").asText(), payload);
                }
                // Every key but those inserted and deleted after the snapshot: when the insert and the delete
                // land in one flush they merge into nothing, and nothing is committed or forwarded for them.
                List<String> mustShow = java.util.stream.IntStream.rangeClosed(1, 120)
                        .filter(id -> id <= 50 || id % 10 != 3).mapToObj(Integer::toString).toList();
                assertThat(lastByKey.keySet()).as(target.getKey() + ": every key, deleted ones too, in "
                                + received.size() + " messages").containsAll(mustShow);
                for (int id = 1; id <= 120; id++) {
                    JsonNode last = lastByKey.get(Integer.toString(id));
                    List<String> row = warehouseRows.get(Integer.toString(id));
                    if (last == null) {
                        assertThat(row).as(target.getKey() + " key " + id + ": no message, so no row").isNull();
                    } else if (row == null) {
                        assertThat(last.get("op").asText()).as(target.getKey() + " key " + id).isEqualTo("delete");
                    } else {
                        assertThat(last.get("op").asText()).as(target.getKey() + " key " + id).isEqualTo("upsert");
                        assertThat(List.of(last.get("values").get("email").asText(), last.get("values").get("name").asText()))
                                .as(target.getKey() + " key " + id).isEqualTo(row);
                    }
                }
                if (firstIds == null) {
                    firstIds = ids;
                } else {
                    assertThat(ids).as(target.getKey() + " got the same changes as kafka").isEqualTo(firstIds);
                }
            }
            assertThat(webhook.badSignatures.get()).as("webhook requests with a wrong signature").isZero();
            assertThat(warehouseRows.values()).allSatisfy(row -> assertThat(row.get(0)).isEqualTo("[masked]"));
        } finally {
            TestBrokers.deleteRabbitMq(name);
            try (Connection nats = TestBrokers.nats()) {
                TestBrokers.deleteStream(nats, name.toUpperCase());
            }
        }
    }

    /** Waits until the warehouse holds {@code rows} customers and no target has anything left to send. */
    static void awaitForwarded(Pipeline pipeline, TestDatabase warehouse, int rows) throws Exception {
        Await.until(rows + " warehouse rows, all forwarded", Duration.ofSeconds(90), () ->
                ((Number) warehouse.query("SELECT count(*) FROM customers").get(0).get(0)).intValue() == rows
                        && pipeline.forwarding().status().stream().allMatch(t -> Long.valueOf(0).equals(t.get("pending"))));
    }

    static Map<String, List<String>> warehouseRows(TestDatabase warehouse) {
        Map<String, List<String>> rows = new HashMap<>();
        for (List<Object> row : warehouse.query("SELECT id, email, name FROM customers")) {
            rows.put(row.get(0).toString(), List.of(String.valueOf(row.get(1)), String.valueOf(row.get(2))));
        }
        return rows;
    }

    PipelineConfig load(String name, TestDatabase source, TestDatabase warehouse, String forward,
                        Map<String, String> environment) throws Exception {
        Path file = Files.writeString(folder.resolve(name + ".yaml"), """
                pipeline: %s
                sources:
                  - name: shop
                    type: postgres
                    host: %s
                    port: %d
                    user: %s
                    password: ${env:PG_PASSWORD}
                    database: %s
                    tables: [public.customers]
                warehouse:
                  type: postgres
                  url: %s
                  user: %s
                  password: ${env:PG_PASSWORD}
                flush: {max-age: 100ms}
                governance:
                  - type: mask
                    columns: [email]
                    replacement: "[masked]"
                """.formatted(name, source.host(), source.port(), source.user(), source.name(), warehouse.jdbcUrl(),
                warehouse.user()) + forward);
        Map<String, String> env = new HashMap<>(environment);
        env.put("PG_PASSWORD", source.password() == null ? "" : source.password());
        return PipelineLoader.load(file, env);
    }
}
