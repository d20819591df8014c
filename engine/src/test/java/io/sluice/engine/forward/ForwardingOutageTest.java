package io.sluice.engine.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.sluice.config.ForwardTarget;
import io.sluice.config.PipelineConfig;
import io.sluice.engine.pipeline.Await;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.Pipelines;
import io.sluice.engine.pipeline.Warehouses;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Given targets that are down when the changes commit — a RabbitMQ address nothing listens on, a NATS
 * subject no stream stores yet, a webhook that answers 500 — the warehouse takes every change at once
 * and the outbox keeps them; once each target is back (the address fixed and the pipeline restarted,
 * the stream created, the webhook healed) every change arrives, none lost.
 */
class ForwardingOutageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "outage-secret";

    @Test
    void aTargetThatIsDownDelaysItsForwardingOnlyAndLosesNothing() throws Exception {
        String name = "outage" + System.nanoTime() % 1_000_000;
        String stream = name.toUpperCase();
        TestBrokers.declareRabbitMq(name);
        try (TestDatabase source = TestDatabases.postgres().createDatabase();
             Warehouses.Warehouse warehouse = Warehouses.create("postgres");
             Connection nats = TestBrokers.nats();
             WebhookReceiver webhook = new WebhookReceiver(SECRET, ForwardTarget.DEFAULT_SIGNATURE_HEADER, 3)) {
            source.execute("CREATE TABLE items (id int PRIMARY KEY, label text)",
                    "INSERT INTO items SELECT i, 'item ' || i FROM generate_series(1, 40) i");
            ForwardTarget.Nats toNats = new ForwardTarget.Nats("nats", List.of(), 10, TestBrokers.NATS_URL, null,
                    name + ".items");
            ForwardTarget.Webhook toHook = new ForwardTarget.Webhook("hook", List.of(), 10, webhook.url(), SECRET,
                    ForwardTarget.DEFAULT_SIGNATURE_HEADER);
            PipelineConfig base = Pipelines.postgresSource(name, source, List.of("public.items"), warehouse.config());
            PipelineConfig down = base.withForward(List.of(rabbit(name, 1), toNats, toHook));

            try (Pipeline pipeline = Pipeline.start(down)) {
                Await.until("the warehouse holds all 40 rows while RabbitMQ and NATS are down", Duration.ofSeconds(60),
                        () -> count(warehouse) == 40);
                source.execute("UPDATE items SET label = 'changed' WHERE id <= 5", "DELETE FROM items WHERE id > 35");
                Await.until("the warehouse took the later changes too", Duration.ofSeconds(30),
                        () -> count(warehouse) == 35);
                Thread.sleep(2_000); // give the publishers time to fail a few times
                Map<String, Object> rabbitStatus = status(pipeline, "rabbit");
                assertThat((Long) rabbitStatus.get("pending")).as("waiting for RabbitMQ").isEqualTo(50L);
                assertThat((String) rabbitStatus.get("error")).as("RabbitMQ's failure").isNotNull();
                assertThat((Long) status(pipeline, "nats").get("pending")).as("waiting for a NATS stream").isEqualTo(50L);

                TestBrokers.createStream(nats, stream, name + ".items");
                Await.until("NATS and the healed webhook got everything", Duration.ofSeconds(60),
                        () -> (Long) status(pipeline, "nats").get("pending") == 0
                                && (Long) status(pipeline, "hook").get("pending") == 0);
            }
            assertThat(webhook.requests.get()).as("the webhook's 500s were tried again").isGreaterThan(3);

            // RabbitMQ's address fixed: the restarted pipeline sends what waited.
            try (Pipeline pipeline = Pipeline.start(base.withForward(List.of(rabbit(name, TestBrokers.RABBITMQ_PORT),
                    toNats, toHook)))) {
                Await.until("RabbitMQ got everything", Duration.ofSeconds(60),
                        () -> (Long) status(pipeline, "rabbit").get("pending") == 0);
            }

            for (List<TestBrokers.Received> received : List.of(TestBrokers.drainRabbitMq(name),
                    TestBrokers.readStream(nats, stream), List.copyOf(webhook.received))) {
                Set<String> ids = new HashSet<>();
                Set<String> keys = new HashSet<>();
                for (TestBrokers.Received message : received) {
                    ids.add(message.id());
                    keys.add(JSON.readTree(message.payload()).get("key").get("id").asText());
                }
                assertThat(keys).as("every key's changes arrived").hasSize(40);
                assertThat(ids).as("40 snapshot reads, 5 updates and 5 deletes, each once by id").hasSize(50);
            }
        } finally {
            TestBrokers.deleteRabbitMq(name);
            try (Connection nats = TestBrokers.nats()) {
                TestBrokers.deleteStream(nats, stream);
            }
        }
    }

    private static ForwardTarget.RabbitMq rabbit(String exchange, int port) {
        return new ForwardTarget.RabbitMq("rabbit", List.of(), 10, null, TestBrokers.RABBITMQ_HOST, port, "guest",
                "guest", null, exchange, null);
    }

    private static Map<String, Object> status(Pipeline pipeline, String target) {
        return pipeline.forwarding().status().stream().filter(t -> t.get("name").equals(target)).findFirst()
                .orElseThrow();
    }

    private static int count(Warehouses.Warehouse warehouse) throws Exception {
        try (var connection = warehouse.connect(); var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT count(*) FROM items")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
