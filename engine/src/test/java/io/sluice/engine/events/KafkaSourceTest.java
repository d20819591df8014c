package io.sluice.engine.events;

import static io.sluice.engine.events.QueuePipelines.await;
import static io.sluice.engine.events.QueuePipelines.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.engine.forward.TestBrokers;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Given Kafka topics feeding a PostgreSQL warehouse, when messages arrive, then the warehouse holds exactly
 * the rows they say — in both formats, with deletes — a message that does not fit is in quarantine, and
 * across a restart every message is applied exactly once, from the offsets the warehouse holds.
 */
class KafkaSourceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static KafkaClusterTestKit kafka;

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
    void rowsAndDebeziumEventsBecomeRowsAndMisfitsGoToQuarantine() throws Exception {
        String rows = unique("rows");
        String changes = unique("changes");
        createTopics(Map.of(rows, 1, changes, 1));
        try (TestDatabase warehouse = TestDatabases.postgres().createDatabase();
             KafkaProducer<String, String> producer = producer()) {
            for (String body : List.of("""
                    {"id": 1, "kind": "click", "amount": 12.50}""", """
                    {"id": 2, "kind": "view", "amount": "0.1"}""", """
                    {"id": 3, "kind": "gone"}""", """
                    {"id": 3, "__op": "d"}""", """
                    {"id": 1, "kind": "click2", "amount": 7}""", "{\"id\": 9,", """
                    {"id": 5, "amount": true}""")) {
                producer.send(new ProducerRecord<>(rows, body));
            }
            for (String body : java.util.Arrays.asList("""
                    {"schema": {}, "payload": {"before": null, "after": {"id": 10, "status": "new"}, "op": "c"}}""", """
                    {"before": {"id": 10}, "after": {"id": 10, "status": "paid"}, "op": "u"}""", """
                    {"before": null, "after": {"id": 11, "status": "new"}, "op": "r"}""", """
                    {"before": {"id": 11}, "after": null, "op": "d"}""", null, """
                    {"before": null, "after": {"id": 12}}""")) {
                producer.send(new ProducerRecord<>(changes, "k", body)); // null: Debezium's tombstone after a delete
            }
            producer.flush();
            try (Pipeline pipeline = QueuePipelines.start("kafka-formats", warehouse, """
                      - name: rows-in
                        type: kafka
                        bootstrap-servers: ${env:KAFKA}
                        tables:
                          - {name: events, topic: %s, key: [id], columns: {id: bigint, kind: text, amount: numeric}}
                      - name: changes-in
                        type: kafka
                        bootstrap-servers: ${env:KAFKA}
                        format: debezium
                        tables:
                          - {name: orders, topic: %s, key: [id], columns: {id: bigint, status: text}}
                    """.formatted(rows, changes), Map.of("KAFKA", kafka.bootstrapServers()))) {
                // 7 + 5 events; the tombstone is read past but is no change.
                await("all 12 events are committed", WAIT, () -> pipeline.stats().changes() == 12
                        && pipeline.sources().get(1).committedOffsets().values().contains("{\"offset\":6}"));
                assertThat(warehouse.query("SELECT id, kind, amount FROM events ORDER BY id")).containsExactly(
                        List.of(1L, "click2", new BigDecimal("7")), List.of(2L, "view", new BigDecimal("0.1")));
                assertThat(warehouse.query("SELECT id, status FROM orders ORDER BY id"))
                        .containsExactly(List.of(10L, "paid"));
                assertThat(warehouse.query("SELECT source_table, reason FROM _sluice_quarantine"))
                        .extracting(row -> row.get(0) + " " + row.get(1).toString().replaceAll("\\(.*|\\n.*", ""))
                        .containsExactlyInAnyOrder(
                                "changes-in:orders line 1: field 'op': a Debezium change event needs \"op\": \"c\", \"r\", \"u\" or \"d\"",
                                "rows-in:events line 1: not JSON: Unexpected end-of-input within/between Object entries",
                                "rows-in:events line 1: field 'amount': expected a number, got a boolean");
            }
        }
    }

    @Test
    void aRestartMidStreamAppliesEveryMessageExactlyOnceFromTheWarehouseOffsets() throws Exception {
        String topic = unique("ticks");
        int messages = 3_000;
        createTopics(Map.of(topic, 3));
        String source = """
                  - name: ticks-in
                    type: kafka
                    bootstrap-servers: ${env:KAFKA}
                    batch-size: 50
                    tables:
                      - {name: ticks, topic: %s, key: [seq], columns: {seq: bigint, value: text}}
                """.formatted(topic);
        Map<String, String> env = Map.of("KAFKA", kafka.bootstrapServers());
        try (TestDatabase warehouse = TestDatabases.postgres().createDatabase();
             KafkaProducer<String, String> producer = producer()) {
            for (int seq = 0; seq < messages; seq++) {
                producer.send(new ProducerRecord<>(topic, Integer.toString(seq), "{\"seq\": " + seq + ", \"value\": \"v\"}"));
            }
            producer.flush();
            long firstRun;
            try (Pipeline pipeline = QueuePipelines.start("kafka-restart", warehouse, source, env)) {
                await("some messages are committed", WAIT, () -> pipeline.stats().changes() >= 300);
            }
            firstRun = count(warehouse, "SELECT count(*) FROM ticks");
            assertThat(firstRun).isBetween(300L, (long) messages - 1);
            try (Pipeline pipeline = QueuePipelines.start("kafka-restart", warehouse, source, env)) {
                await("every message is committed", WAIT, () -> count(warehouse, "SELECT count(*) FROM ticks") == messages);
                // Exactly once: the second run read only what the first had not committed.
                assertThat(firstRun + pipeline.stats().changes()).isEqualTo(messages);
                Map<String, String> offsets = pipeline.sources().get(0).committedOffsets();
                assertThat(offsets).hasSize(3);
                assertThat(offsets.values().stream().mapToLong(o -> Long.parseLong(o.replaceAll("\\D", ""))).sum())
                        .isEqualTo(messages);
            }
            assertThat(warehouse.query("SELECT count(DISTINCT seq), min(seq), max(seq) FROM ticks"))
                    .containsExactly(List.of((long) messages, 0L, (long) messages - 1));
        }
    }

    @Test
    void aTopicThatDoesNotExistFailsTheStartNamingIt() throws Exception {
        String topic = unique("missing");
        try (TestDatabase warehouse = TestDatabases.postgres().createDatabase()) {
            assertThatThrownBy(() -> QueuePipelines.start("kafka-missing", warehouse, """
                      - name: stream-in
                        type: kafka
                        bootstrap-servers: ${env:KAFKA}
                        tables:
                          - {name: orders, topic: %s, key: [id], columns: {id: bigint}}
                    """.formatted(topic), Map.of("KAFKA", kafka.bootstrapServers())).close())
                    .hasMessageContaining("source 'stream-in' (kafka) cannot start: topic '" + topic + "' does not exist");
        }
    }

    private static String unique(String what) {
        return "sluice-test-" + what + "-" + UUID.randomUUID();
    }

    private static void createTopics(Map<String, Integer> partitions) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(partitions.entrySet().stream()
                    .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1)).toList()).all().get();
        }
    }

    private static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }
}
