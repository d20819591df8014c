package io.sluice.connectit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Given a PostgreSQL source captured by Debezium's connector in a Connect worker, when Sluice's sink (with
 * the Mask and Quality transforms) writes the topics into a PostgreSQL warehouse while the source keeps
 * changing and the sink is restarted mid-stream, then the warehouse equals the source (masked where the
 * rule says), every rejected change is in the quarantine table exactly once, and a record the converter
 * cannot read goes to the dead-letter topic.
 */
class PostgresThroughConnectIT {

    private static final Duration CONVERGE = Duration.ofSeconds(90);
    private static final String SOURCE = "shop-source";
    private static final String SINK = "warehouse-sink";

    private ConnectStack stack;

    @BeforeEach
    void start() {
        stack = new ConnectStack(1);
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void snapshotStreamingAndASinkRestartLeaveTheWarehouseEqualToTheSource() throws Exception {
        Shop shop = new Shop(stack.source);
        shop.seed(200, 150);
        stack.connect.configureConnector(SOURCE, stack.debeziumSource(2));
        stack.awaitTopics("customers", "orders", "order_items", "events");
        Map<String, String> sink = stack.sluiceSink(1);
        sink.put("transforms", "mask,quality");
        sink.put("transforms.mask.type", "io.sluice.connector.transforms.Mask");
        sink.put("transforms.mask.columns", "email");
        sink.put("transforms.quality.type", "io.sluice.connector.transforms.Quality");
        sink.put("transforms.quality.rules", "kind_known:allowed(kind, click, view):quarantine");
        sink.put("transforms.quality.tables", "public\\.events");
        String dlq = "dlq-" + stack.id;
        sink.put("errors.tolerance", "all");
        sink.put("errors.deadletterqueue.topic.name", dlq);
        sink.put("errors.deadletterqueue.topic.replication.factor", "1");
        sink.put("errors.log.enable", "true");
        Map<String, String> named = new HashMap<>(sink);
        named.put("name", SINK); // the REST API's validation wants it in the body
        assertThat(errors(stack.connect.validateConnectorConfig(ConnectStack.SINK_CLASS, named)))
                .as("the worker's validation of the sink, including reaching the warehouse").isEmpty();
        Map<String, String> unreachable = new HashMap<>(named);
        unreachable.put("connection.url", "jdbc:postgresql://127.0.0.1:1/nowhere");
        assertThat(urlErrors(stack.connect.validateConnectorConfig(ConnectStack.SINK_CLASS, unreachable)))
                .singleElement().asString().startsWith("cannot connect to the warehouse at jdbc:postgresql://127.0.0.1:1/nowhere");
        stack.connect.configureConnector(SINK, sink);
        stack.awaitRunning(SOURCE, 1);
        stack.awaitRunning(SINK, 1);

        // The snapshot.
        awaitWarehouseEqualsSource();

        // Streaming, with the sink connector and its task restarted in the middle of it.
        Shop.Workload workload = shop.stream(200);
        awaitSomeStreamedChanges(shop, shop.changes() + 600);
        stack.connect.restartConnectorAndTasks(SINK, false, true, false);
        stack.awaitRunning(SINK, 1);
        awaitSomeStreamedChanges(shop, shop.changes() + 600);
        // Bytes that are not JSON on a topic the sink reads: the converter's error, for Connect's DLQ.
        stack.connect.kafka().produce(stack.topic("events"), 0, null, "this is not JSON");
        awaitSomeStreamedChanges(shop, shop.changes() + 400);
        workload.stop();

        awaitWarehouseEqualsSource();
        ConsumerRecords<byte[], byte[]> dead = stack.connect.kafka().consume(1, 30_000, dlq);
        assertThat(dead.count()).isEqualTo(1);
        for (ConsumerRecord<byte[], byte[]> record : dead) {
            assertThat(new String(record.value())).isEqualTo("this is not JSON");
        }
        assertThat(stack.connect.connectorStatus(SINK).tasks()).allSatisfy(task ->
                assertThat(task.state()).isEqualTo("RUNNING"));
    }

    private void awaitWarehouseEqualsSource() throws InterruptedException {
        stack.awaitTablesEqual(List.of("orders", "order_items"), CONVERGE);
        ConnectStack.awaitEqual("customers, email masked",
                () -> Shop.rows(stack.source, "SELECT id, name, NULL AS email, balance, active, updated_at FROM customers ORDER BY id"),
                () -> Shop.rows(stack.warehouse, "SELECT id, name, email, balance, active, updated_at FROM customers ORDER BY id"),
                CONVERGE);
        ConnectStack.awaitEqual("events that pass the rule",
                () -> Shop.rows(stack.source, "SELECT * FROM events WHERE kind <> '" + Shop.BOGUS_KIND + "' ORDER BY id"),
                () -> Shop.rows(stack.warehouse, "SELECT * FROM events ORDER BY id"),
                CONVERGE);
        // Duplicates would show here: the quarantine table only ever gains rows.
        ConnectStack.awaitEqual("quarantined events, each once",
                () -> Shop.rows(stack.source, "SELECT id FROM events WHERE kind = '" + Shop.BOGUS_KIND + "' ORDER BY id"),
                () -> Shop.rows(stack.warehouse, "SELECT (record_key::jsonb ->> 'id')::bigint FROM _sluice_quarantine"
                        + " WHERE rule = 'kind_known' ORDER BY 1"),
                CONVERGE);
        ConnectStack.awaitEqual("the sink's origin on quarantined rows", () -> List.of(List.of(SINK)),
                () -> Shop.rows(stack.warehouse, "SELECT DISTINCT origin FROM _sluice_quarantine"), CONVERGE);
    }

    private static List<String> errors(ConfigInfos validation) {
        return validation.values().stream().map(ConfigInfo::configValue)
                .flatMap(value -> value.errors().stream().map(error -> value.name() + ": " + error)).toList();
    }

    private static List<String> urlErrors(ConfigInfos validation) {
        return validation.values().stream().map(ConfigInfo::configValue)
                .filter(value -> value.name().equals("connection.url"))
                .flatMap(value -> value.errors().stream()).toList();
    }

    private static void awaitSomeStreamedChanges(Shop shop, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (shop.changes() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }
}
