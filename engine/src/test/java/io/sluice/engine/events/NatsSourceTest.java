package io.sluice.engine.events;

import static io.sluice.engine.events.QueuePipelines.await;
import static io.sluice.engine.events.QueuePipelines.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
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
 * Given subjects of a NATS JetStream stream feeding a PostgreSQL warehouse, when messages arrive, then the
 * warehouse holds exactly the rows they say — in both formats, with deletes — a message that does not fit
 * is in quarantine, a restart mid-stream loses and repeats nothing, and a message sent again applies once.
 */
class NatsSourceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void rowsAndDebeziumEventsBecomeRowsAndMisfitsGoToQuarantine() throws Exception {
        String name = unique();
        try (TestDatabase warehouse = TestDatabases.postgres().createDatabase(); Connection nats = TestBrokers.nats()) {
            TestBrokers.createStream(nats, name, name + ".>");
            try {
                JetStream js = nats.jetStream();
                int id = 0;
                for (String body : List.of("""
                        {"id": 1, "kind": "click", "amount": 12.50}""", """
                        {"id": 2, "kind": "view", "amount": "0.1"}""", """
                        {"id": 3, "kind": "gone"}""", """
                        {"id": 3, "__op": "d"}""", """
                        {"id": 1, "kind": "click2", "amount": 7}""", "[1, 2", """
                        {"id": 5, "colour": "red"}""")) {
                    publish(js, name + ".rows", "r-" + id++, body);
                }
                for (String body : List.of("""
                        {"before": null, "after": {"id": 10, "status": "new"}, "op": "c"}""", """
                        {"before": {"id": 10}, "after": {"id": 10, "status": "paid"}, "op": "u"}""", """
                        {"before": null, "after": {"id": 11, "status": "new"}, "op": "c"}""", """
                        {"before": {"id": 11}, "after": null, "op": "d"}""", """
                        {"before": null, "after": null, "op": "c"}""")) {
                    publish(js, name + ".changes", null, body);
                }
                try (Pipeline pipeline = QueuePipelines.start("nats-formats", warehouse, """
                          - name: rows-in
                            type: nats
                            url: %1$s
                            stream: %2$s
                            tables:
                              - {name: events, subject: %2$s.rows, key: [id], columns: {id: bigint, kind: text, amount: numeric}}
                          - name: changes-in
                            type: nats
                            url: %1$s
                            stream: %2$s
                            format: debezium
                            tables:
                              - {name: orders, subject: %2$s.changes, key: [id], columns: {id: bigint, status: text}}
                        """.formatted(TestBrokers.NATS_URL, name), Map.of())) {
                    await("all 12 messages are committed", WAIT, () -> pipeline.stats().changes() == 12);
                    assertThat(warehouse.query("SELECT id, kind, amount FROM events ORDER BY id")).containsExactly(
                            List.of(1L, "click2", new BigDecimal("7")), List.of(2L, "view", new BigDecimal("0.1")));
                    assertThat(warehouse.query("SELECT id, status FROM orders ORDER BY id"))
                            .containsExactly(List.of(10L, "paid"));
                    assertThat(warehouse.query("SELECT source_table, reason FROM _sluice_quarantine"))
                            .extracting(row -> row.get(0) + " " + row.get(1).toString().replaceAll("\\(.*", ""))
                            .containsExactlyInAnyOrder(
                                    "changes-in:orders line 1: field 'after': a create or update needs the row in \"after\"",
                                    "rows-in:events line 1: not JSON: Unexpected end-of-input: expected close marker for Array ",
                                    "rows-in:events line 1: field 'colour': not a declared column of events ");
                    await("every message is acknowledged", WAIT, () -> pending(nats, name, "rows-in_events") == 0
                            && pending(nats, name, "changes-in_orders") == 0);
                }
            } finally {
                TestBrokers.deleteStream(nats, name);
            }
        }
    }

    @Test
    void aRestartMidStreamLosesNothingAndARepeatedEventAppliesOnce() throws Exception {
        String name = unique();
        int messages = 2_000;
        String source = """
                  - name: ticks-in
                    type: nats
                    url: %1$s
                    stream: %2$s
                    consumer: ticker
                    batch-size: 50
                    event-id-field: seq
                    tables:
                      - {name: ticks, subject: %2$s.ticks, key: [seq], columns: {seq: bigint, value: text}}
                """.formatted(TestBrokers.NATS_URL, name);
        try (TestDatabase warehouse = TestDatabases.postgres().createDatabase(); Connection nats = TestBrokers.nats()) {
            TestBrokers.createStream(nats, name, name + ".>");
            try {
                JetStream js = nats.jetStream();
                for (int seq = 0; seq < messages; seq++) {
                    publish(js, name + ".ticks", "m-" + seq, "{\"seq\": " + seq + ", \"value\": \"first\"}");
                }
                long firstRun;
                try (Pipeline pipeline = QueuePipelines.start("nats-restart", warehouse, source, Map.of())) {
                    await("some messages are committed", WAIT, () -> pipeline.stats().changes() >= 200);
                }
                firstRun = count(warehouse, "SELECT count(*) FROM ticks");
                assertThat(firstRun).isBetween(200L, (long) messages - 1);
                // Sent again by a producer that never learnt of the first (new Msg-Id, same event): not applied.
                publish(js, name + ".ticks", "again-7", "{\"seq\": 7, \"value\": \"retried\"}");
                try (Pipeline pipeline = QueuePipelines.start("nats-restart", warehouse, source, Map.of())) {
                    await("every message is committed and acknowledged", WAIT,
                            () -> count(warehouse, "SELECT count(*) FROM ticks") == messages
                                    && pending(nats, name, "ticker_ticks") == 0);
                    assertThat(firstRun + pipeline.stats().changes()).isEqualTo(messages);
                }
                assertThat(warehouse.query("SELECT value FROM ticks WHERE seq = 7")).containsExactly(List.of("first"));
                assertThat(warehouse.query("SELECT count(DISTINCT value), min(seq), max(seq) FROM ticks"))
                        .containsExactly(List.of(1L, 0L, (long) messages - 1));
            } finally {
                TestBrokers.deleteStream(nats, name);
            }
        }
    }

    @Test
    void aStreamThatDoesNotExistFailsTheStartNamingIt() throws Exception {
        String name = unique();
        try (TestDatabase warehouse = TestDatabases.postgres().createDatabase()) {
            assertThatThrownBy(() -> QueuePipelines.start("nats-missing", warehouse, """
                      - name: ticks-in
                        type: nats
                        url: %1$s
                        stream: %2$s
                        tables:
                          - {name: ticks, subject: %2$s.ticks, key: [id], columns: {id: bigint}}
                    """.formatted(TestBrokers.NATS_URL, name), Map.of()).close())
                    .hasMessageContaining("source 'ticks-in' (nats) cannot start")
                    .hasMessageContaining("stream not found");
        }
    }

    private static String unique() {
        return "SLUICE_TEST_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static void publish(JetStream js, String subject, String messageId, String body) throws Exception {
        PublishOptions.Builder options = PublishOptions.builder();
        if (messageId != null) {
            options.messageId(messageId);
        }
        js.publish(subject, body.getBytes(StandardCharsets.UTF_8), options.build());
    }

    /** Messages the durable consumer has not had acknowledged: not yet delivered, or delivered and unacknowledged. */
    private static long pending(Connection nats, String stream, String consumer) throws Exception {
        var info = nats.jetStreamManagement().getConsumerInfo(stream, consumer);
        return info.getNumPending() + info.getNumAckPending();
    }
}
