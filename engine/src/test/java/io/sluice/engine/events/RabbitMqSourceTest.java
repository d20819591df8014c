package io.sluice.engine.events;

import static io.sluice.engine.events.QueuePipelines.await;
import static io.sluice.engine.events.QueuePipelines.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.sluice.engine.forward.TestBrokers;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Given RabbitMQ queues feeding a PostgreSQL warehouse, when messages arrive, then the warehouse holds
 * exactly the rows they say — in both formats, with deletes — a message that does not fit is in quarantine,
 * a redelivered or repeated message applies once, and every message is acknowledged only once committed.
 */
class RabbitMqSourceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void rowsAndDebeziumEventsBecomeRowsAndMisfitsGoToQuarantine() throws Exception {
        String rows = unique("rows");
        String changes = unique("changes");
        try (TestDatabase warehouse = TestDatabases.postgres().createDatabase();
             Connection rabbit = TestBrokers.connectRabbitMq(); Channel channel = rabbit.createChannel()) {
            declare(channel, rows, changes);
            try {
                publish(channel, rows, null, """
                        {"id": 1, "kind": "click", "amount": 12.50}""", """
                        {"id": 2, "kind": "view", "amount": "0.1"}""", """
                        {"id": 3, "kind": "gone"}""", """
                        {"id": 3, "__op": "d"}""", """
                        {"id": 1, "kind": "click2", "amount": 7}""", "not json at all", """
                        {"id": "four", "kind": "x"}""");
                publish(channel, changes, null, """
                        {"before": null, "after": {"id": 10, "status": "new"}, "op": "c"}""", """
                        {"schema": {}, "payload": {"before": null, "after": {"id": 11, "status": "new"}, "op": "r"}}""", """
                        {"before": {"id": 10}, "after": {"id": 10, "status": "paid"}, "op": "u"}""", """
                        {"before": {"id": 11}, "after": null, "op": "d"}""", """
                        {"before": null, "after": {"id": 12}, "op": "x"}""");
                try (Pipeline pipeline = QueuePipelines.start("rabbit-formats", warehouse, """
                          - name: rows-in
                            type: rabbitmq
                            host: 127.0.0.1
                            user: guest
                            password: ${env:AMQP_PASSWORD}
                            tables:
                              - {name: events, queue: %s, key: [id], columns: {id: bigint, kind: text, amount: numeric}}
                          - name: changes-in
                            type: rabbitmq
                            uri: amqp://guest:guest@127.0.0.1:5672
                            format: debezium
                            tables:
                              - {name: orders, queue: %s, key: [id], columns: {id: bigint, status: text}}
                        """.formatted(rows, changes), Map.of("AMQP_PASSWORD", "guest"))) {
                    await("all 12 messages are committed", WAIT, () -> pipeline.stats().changes() == 12);
                    assertThat(warehouse.query("SELECT id, kind, amount FROM events ORDER BY id")).containsExactly(
                            List.of(1L, "click2", new BigDecimal("7")), List.of(2L, "view", new BigDecimal("0.1")));
                    assertThat(warehouse.query("SELECT id, status FROM orders ORDER BY id"))
                            .containsExactly(List.of(10L, "paid"));
                    assertThat(warehouse.query("SELECT source_table, reason FROM _sluice_quarantine"))
                            .containsExactlyInAnyOrder(
                                    List.of("changes-in:orders", "line 1: field 'op': expected \"c\", \"r\", \"u\" or \"d\""),
                                    List.of("rows-in:events", "line 1: field 'id': expected a whole number, got a string"),
                                    List.of("rows-in:events", "line 1: not JSON: " + notJsonReason()));
                    await("the broker holds no message", WAIT,
                            () -> ready(channel, rows) + ready(channel, changes) == 0);
                }
                // Closed: anything taken but not acknowledged would be back in the queue now.
                assertThat(ready(channel, rows) + ready(channel, changes)).isZero();
            } finally {
                channel.queueDelete(rows);
                channel.queueDelete(changes);
            }
        }
    }

    @Test
    void aRestartMidStreamLosesNothingAndARepeatedMessageIdAppliesOnce() throws Exception {
        String queue = unique("ticks");
        int messages = 2_000;
        String source = """
                  - name: ticks-in
                    type: rabbitmq
                    host: 127.0.0.1
                    user: guest
                    password: guest
                    batch-size: 50
                    tables:
                      - {name: ticks, queue: %s, key: [seq], columns: {seq: bigint, value: text}}
                """.formatted(queue);
        try (TestDatabase warehouse = TestDatabases.postgres().createDatabase();
             Connection rabbit = TestBrokers.connectRabbitMq(); Channel channel = rabbit.createChannel()) {
            declare(channel, queue);
            try {
                for (int seq = 0; seq < messages; seq++) {
                    publish(channel, queue, "m-" + seq, "{\"seq\": " + seq + ", \"value\": \"first\"}");
                }
                long firstRun;
                try (Pipeline pipeline = QueuePipelines.start("rabbit-restart", warehouse, source, Map.of())) {
                    await("some messages are committed", WAIT, () -> pipeline.stats().changes() >= 200);
                    // Mid-stream: the batch in hand commits and is acknowledged; what was prefetched is requeued.
                }
                firstRun = count(warehouse, "SELECT count(*) FROM ticks");
                assertThat(firstRun).isBetween(200L, (long) messages - 1);
                // The publisher retries a message it already sent (same id, a later body): it must not apply.
                publish(channel, queue, "m-7", "{\"seq\": 7, \"value\": \"retried\"}");
                try (Pipeline pipeline = QueuePipelines.start("rabbit-restart", warehouse, source, Map.of())) {
                    await("every message is committed", WAIT, () -> count(warehouse, "SELECT count(*) FROM ticks")
                            == messages && ready(channel, queue) == 0);
                    await("the repeat is taken", WAIT, () -> ready(channel, queue) == 0);
                    // Applied once each over both runs: the second applied exactly what the first had not.
                    assertThat(firstRun + pipeline.stats().changes()).isEqualTo(messages);
                }
                assertThat(warehouse.query("SELECT value FROM ticks WHERE seq = 7")).containsExactly(List.of("first"));
                assertThat(warehouse.query("SELECT count(DISTINCT value), min(seq), max(seq) FROM ticks"))
                        .containsExactly(List.of(1L, 0L, (long) messages - 1));
                assertThat(count(warehouse, "SELECT count(*) FROM _sluice_event_ids")).isEqualTo(messages);
                assertThat(ready(channel, queue)).isZero();
            } finally {
                channel.queueDelete(queue);
            }
        }
    }

    @Test
    void aQueueThatDoesNotExistFailsTheStartNamingIt() throws Exception {
        String queue = unique("missing");
        try (TestDatabase warehouse = TestDatabases.postgres().createDatabase()) {
            assertThatThrownBy(() -> QueuePipelines.start("rabbit-missing", warehouse, """
                      - name: jobs-in
                        type: rabbitmq
                        uri: amqp://guest:guest@127.0.0.1:5672
                        tables:
                          - {name: jobs, queue: %s, key: [id], columns: {id: bigint}}
                    """.formatted(queue), Map.of()).close())
                    .hasMessageContaining("source 'jobs-in' (rabbitmq) cannot start")
                    .hasStackTraceContaining("no queue '" + queue + "'");
        }
    }

    private static String unique(String what) {
        return "sluice-test-" + what + "-" + UUID.randomUUID();
    }

    private static void declare(Channel channel, String... queues) throws Exception {
        for (String queue : queues) {
            channel.queueDeclare(queue, false, false, false, null);
        }
    }

    private static void publish(Channel channel, String queue, String messageId, String... bodies) throws Exception {
        for (String body : bodies) {
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().messageId(messageId)
                    .contentType("application/json").build();
            channel.basicPublish("", queue, properties, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static long ready(Channel channel, String queue) throws Exception {
        return channel.queueDeclarePassive(queue).getMessageCount();
    }

    /** Jackson's own words for the first unexpected character; pinned loosely, its wording is not ours. */
    private static String notJsonReason() {
        return "Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
    }
}
