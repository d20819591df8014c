package io.sluice.engine.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.config.ForwardTarget;
import io.sluice.config.PipelineConfig;
import io.sluice.engine.pipeline.Await;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.Pipelines;
import io.sluice.engine.pipeline.Warehouses;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Given each kind of warehouse, the outbox is created there with the dialect's types and quoting, filled
 * in the flush's transaction and emptied as the target confirms: every change of a table the target
 * selects arrives with its values exact, the other table's changes do not.
 */
class OutboxOnEveryWarehouseTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb", "duckdb"})
    void theOutboxForwardsEveryChangeOfTheSelectedTables(String kind) throws Exception {
        String name = "outbox_" + kind + System.nanoTime() % 100_000;
        try (TestDatabase source = TestDatabases.postgres().createDatabase();
             Warehouses.Warehouse warehouse = Warehouses.create(kind);
             WebhookReceiver webhook = new WebhookReceiver("s", ForwardTarget.DEFAULT_SIGNATURE_HEADER, 0)) {
            source.execute("CREATE TABLE prices (id int PRIMARY KEY, label text, price numeric(12,4), at timestamptz,"
                            + " doc jsonb)",
                    "CREATE TABLE other (id int PRIMARY KEY)",
                    "INSERT INTO prices VALUES (1, 'it''s \"quoted\"', 12.3400, '2024-05-01 10:00:00+02', '{\"a\": [1, 2]}')",
                    "INSERT INTO other VALUES (1)");
            PipelineConfig config = Pipelines.postgresSource(name, source, List.of("public.prices", "public.other"),
                    warehouse.config()).withForward(List.of(new ForwardTarget.Webhook("hook", List.of("public.prices"),
                    100, webhook.url(), "s", ForwardTarget.DEFAULT_SIGNATURE_HEADER)));
            try (Pipeline pipeline = Pipeline.start(config)) {
                Await.until("the snapshot forwarded", Duration.ofSeconds(60), () -> webhook.received.size() == 1);
                source.execute("UPDATE prices SET price = 99.5 WHERE id = 1", "INSERT INTO other VALUES (2)",
                        "INSERT INTO prices VALUES (2, null, null, null, null)", "DELETE FROM prices WHERE id = 1");
                Await.until("the stream forwarded", Duration.ofSeconds(60), () -> pipeline.forwarding().status().get(0)
                        .get("pending").equals(0L) && lastByKey(webhook).size() == 2
                        && lastByKey(webhook).get("1").get("op").asText().equals("delete"));
                assertThat(pipeline.forwarding().feed().after(0)).as("the live feed shows committed changes").isNotEmpty();
            }
            Map<String, JsonNode> last = lastByKey(webhook);
            JsonNode first = JSON.readTree(webhook.received.get(0).payload());
            assertThat(first.get("table").asText()).isEqualTo("public.prices");
            assertThat(first.get("values").get("label").asText()).isEqualTo("it's \"quoted\"");
            assertThat(first.get("values").get("price").decimalValue()).isEqualByComparingTo("12.34");
            assertThat(first.get("values").get("at").asText()).isEqualTo("2024-05-01T08:00Z");
            assertThat(first.get("values").get("doc").get("a").get(1).asInt()).isEqualTo(2);
            assertThat(first.get("position").asText()).startsWith("snapshot@lsn:");
            assertThat(last.get("2").get("values").get("label").isNull()).isTrue();
            assertThat(webhook.received).allSatisfy(m -> assertThat(m.payload()).doesNotContain("\"public.other\""));
            assertThat(webhook.badSignatures.get()).isZero();
        }
    }

    private static Map<String, JsonNode> lastByKey(WebhookReceiver webhook) throws Exception {
        Map<String, JsonNode> last = new HashMap<>();
        for (TestBrokers.Received message : webhook.received) {
            JsonNode payload = JSON.readTree(message.payload());
            last.put(payload.get("key").get("id").asText(), payload);
        }
        return last;
    }
}
