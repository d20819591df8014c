package io.sluice.engine.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Given an HTTP event source feeding a PostgreSQL warehouse, when clients POST events, then the answer
 * comes after the commit and the warehouse holds exactly the rows the events say — in both formats, with
 * deletes, across a restart, once per event id or idempotency key, and hostile requests get their status
 * without anything of them reaching SQL as text.
 */
class HttpIngestTest {

    private static final String EVENTS = """
                event-id-field: event_id
                tables:
                  - name: events
                    key: [id]
                    columns: {id: bigint, kind: text, amount: numeric, at: timestamptz, payload: json}
            """;

    @Test
    void plainRowsUpsertAndDeleteByKeyAndTheAnswerComesAfterTheCommit() throws Exception {
        try (TestDatabase warehouse = TestDatabases.postgres().createDatabase();
             IngestServer server = IngestServer.start("ingest-rows", warehouse, EVENTS)) {
            HttpResponse<String> array = server.post("events", """
                    [{"id": 1, "kind": "click", "amount": 12.50, "at": "2026-01-02T03:04:05.123456+02:00"},
                     {"id": 2, "kind": "view", "amount": "0.1", "payload": {"a": [1, 2]}},
                     {"id": 3, "kind": "gone"}]""");
            assertThat(array.statusCode()).as(array.body()).isEqualTo(200);
            assertThat(array.body()).contains("\"received\":3", "\"applied\":3", "\"quarantined\":0");
            // 2xx means durable: the rows are there the moment the answer is.
            assertThat(warehouse.query("SELECT count(*) FROM events")).containsExactly(List.of(3L));

            HttpResponse<String> ndjson = server.post("events", """
                    {"id": 3, "__op": "d"}
                    {"id": 1, "kind": "click2", "amount": 7}
                    """);
            assertThat(ndjson.statusCode()).as(ndjson.body()).isEqualTo(200);
            assertThat(warehouse.query("SELECT id, kind, amount, payload::text FROM events ORDER BY id")).containsExactly(
                    java.util.Arrays.asList(1L, "click2", new BigDecimal("7"), null),
                    List.of(2L, "view", new BigDecimal("0.1"), "{\"a\": [1, 2]}"));
            assertThat(warehouse.query("SELECT amount FROM events WHERE id = 1")).isNotEmpty();
        }
    }

    @Test
    void debeziumChangeEventsApplyCreatesUpdatesAndDeletes() throws Exception {
        try (TestDatabase warehouse = TestDatabases.postgres().createDatabase();
             IngestServer server = IngestServer.start("ingest-dbz", warehouse, "    format: debezium\n" + EVENTS)) {
            HttpResponse<String> response = server.post("events", """
                    {"before": null, "after": {"id": 1, "kind": "a", "amount": 1.5}, "op": "c", "source": {"table": "x"}, "ts_ms": 1}
                    {"schema": {}, "payload": {"before": null, "after": {"id": 2, "kind": "b"}, "op": "r"}}
                    {"before": {"id": 1}, "after": {"id": 1, "kind": "a2", "amount": 2.25}, "op": "u"}
                    {"before": {"id": 2, "kind": "b"}, "after": null, "op": "d"}
                    {"before": null, "after": {"id": 5, "kind": "e"}, "op": "c"}
                    """);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(warehouse.query("SELECT id, kind, amount FROM events ORDER BY id")).containsExactly(
                    List.of(1L, "a2", new BigDecimal("2.25")), java.util.Arrays.asList(5L, "e", null));
        }
    }

    @Test
    void eventsThatDoNotFitGoToQuarantineWithTheFieldAndTheRestIsApplied() throws Exception {
        try (TestDatabase warehouse = TestDatabases.postgres().createDatabase();
             IngestServer server = IngestServer.start("ingest-bad", warehouse, EVENTS)) {
            HttpResponse<String> response = server.post("events", """
                    [{"id": 1, "kind": "<script>alert(1)</script>", "amount": 1},
                     {"id": "two", "kind": "x"},
                     {"kind": "no key"},
                     {"id": 4, "amount": {"nested": true}},
                     {"id": 5, "kind": "x'); DROP TABLE events; --", "colour": "red"},
                     {"id": 6, "kind": "Robert'); DROP TABLE events;--"}]""");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).contains("\"applied\":2", "\"quarantined\":4",
                    "line 2: field 'id': expected a whole number, got a string",
                    "line 3: field 'id': the key column is missing or null",
                    "line 4: field 'amount': expected a number, got an object",
                    "line 5: field 'colour': not a declared column");
            assertThat(warehouse.query("SELECT id, kind FROM events ORDER BY id")).containsExactly(
                    List.of(1L, "<script>alert(1)</script>"), List.of(6L, "Robert'); DROP TABLE events;--"));
            assertThat(warehouse.query("SELECT count(*) FROM _sluice_quarantine WHERE rule = 'decode'"))
                    .containsExactly(List.of(4L));
        }
    }

    @Test
    void hostileRequestsGetTheirDocumentedStatus() throws Exception {
        try (TestDatabase warehouse = TestDatabases.postgres().createDatabase();
             IngestServer server = IngestServer.start("ingest-hostile", warehouse,
                     "    max-request-size: 64KB\n" + EVENTS)) {
            assertThat(server.post("events", "[{\"id\": 1}]", null, null).statusCode()).isEqualTo(401);
            assertThat(server.post("events", "[{\"id\": 1}]", "wrong-token", null).statusCode()).isEqualTo(401);
            assertThat(server.post("events%3B%20DROP%20TABLE%20events", "[{\"id\": 1}]").statusCode()).isEqualTo(404);
            assertThat(server.post("_sluice_offsets", "[{\"id\": 1}]").statusCode()).isEqualTo(404);
            assertThat(server.post("", "[{\"id\": 1}]").statusCode()).as("no table named").isEqualTo(404);
            assertThat(server.post("events", "x".repeat(70_000)).statusCode()).isEqualTo(413);
            HttpResponse<String> notJson = server.post("events", "{\"id\": 1,\n \"kind\": oops}");
            assertThat(notJson.statusCode()).isEqualTo(400);
            assertThat(notJson.body()).contains("line 2", "field 'kind'");
            String deep = "{\"id\": 1, \"payload\": " + "[".repeat(5000) + "]".repeat(5000) + "}";
            HttpResponse<String> nested = server.post("events", deep);
            assertThat(nested.statusCode()).as(nested.body()).isEqualTo(400);
            assertThat(server.post("events", "{\"id\": 1, \"id\": 2}").statusCode()).isEqualTo(400);
            assertThat(server.post("events", "").statusCode()).isEqualTo(400);
            // Nothing was written: not even the table exists, and the offsets table is still there.
            assertThat(warehouse.query("SELECT count(*) FROM information_schema.tables WHERE table_name = 'events'"))
                    .containsExactly(List.of(0L));
            assertThat(warehouse.query("SELECT count(*) FROM information_schema.tables WHERE table_name = '_sluice_offsets'"))
                    .containsExactly(List.of(1L));
        }
    }

    @Test
    void aRetriedRequestAndARepeatedEventIdApplyOnce() throws Exception {
        try (TestDatabase warehouse = TestDatabases.postgres().createDatabase();
             IngestServer server = IngestServer.start("ingest-once", warehouse, """
                         format: rows
                         event-id-field: event_id
                         tables:
                           - name: ledger
                             key: [event_id]
                             columns: {event_id: text, account: integer, amount: numeric}
                     """)) {
            String credit = "{\"event_id\": \"e1\", \"account\": 7, \"amount\": 10}";
            assertThat(server.post("ledger", credit).body()).contains("\"applied\":1");
            assertThat(server.post("ledger", credit).body()).contains("\"applied\":0", "\"duplicates\":1");
            assertThat(server.post("ledger", "{\"event_id\": \"e2\", \"account\": 7, \"amount\": 5}", IngestServer.TOKEN,
                    "req-1").body()).contains("\"applied\":1");
            // The same key with another body is the same request retried: not applied again.
            assertThat(server.post("ledger", "{\"event_id\": \"e3\", \"account\": 7, \"amount\": 5}", IngestServer.TOKEN,
                    "req-1").body()).contains("\"applied\":0");
            assertThat(warehouse.query("SELECT event_id FROM ledger ORDER BY event_id"))
                    .containsExactly(List.of("e1"), List.of("e2"));
            assertThat(warehouse.query("SELECT count(*) FROM _sluice_event_ids")).containsExactly(List.of(3L));
            // A misfit with an id, sent again because its answer was lost, is quarantined once.
            String misfit = "{\"event_id\": \"e4\", \"account\": \"seven\", \"amount\": 1}";
            assertThat(server.post("ledger", misfit).body()).contains("\"quarantined\":1", "\"duplicates\":0");
            assertThat(server.post("ledger", misfit).body()).contains("\"quarantined\":0", "\"duplicates\":1");
            assertThat(warehouse.query("SELECT count(*) FROM _sluice_quarantine WHERE rule = 'decode'"))
                    .containsExactly(List.of(1L));
        }
    }

    @Test
    void aCommitSlowerThanTheIdleTimeoutIsAnswered503AndTheRetryAppliesOnce() throws Exception {
        try (TestDatabase warehouse = TestDatabases.postgres().createDatabase();
             IngestServer server = IngestServer.start("ingest-slow", warehouse, EVENTS, "{port: 0, idle-timeout: 1s}")) {
            assertThat(server.post("events", "{\"id\": 1, \"event_id\": \"a\"}").statusCode()).isEqualTo(200);
            String slow = "{\"id\": 2, \"kind\": \"slow\", \"event_id\": \"b\"}";
            HttpResponse<String> timedOut;
            ExecutorService client = Executors.newSingleThreadExecutor();
            try (java.sql.Connection locker = warehouse.connect()) {
                locker.setAutoCommit(false);
                locker.createStatement().execute("LOCK TABLE events IN ACCESS EXCLUSIVE MODE"); // the commit waits
                long started = System.nanoTime();
                Future<HttpResponse<String>> sent = client.submit(() -> server.post("events", slow));
                try {
                    timedOut = sent.get(20, java.util.concurrent.TimeUnit.SECONDS);
                } finally {
                    locker.rollback();
                }
                assertThat((System.nanoTime() - started) / 1_000_000).as("answered after the idle timeout")
                        .isGreaterThanOrEqualTo(900L);
            } finally {
                client.shutdown();
            }
            // Not Jetty's bare 500: what happened, and what the client may do.
            assertThat(timedOut.statusCode()).as(timedOut.body()).isEqualTo(503);
            assertThat(timedOut.headers().firstValue("Retry-After")).isPresent();
            assertThat(timedOut.body()).contains("may still commit", "http.idle-timeout");

            HttpResponse<String> retried = server.post("events", slow);
            assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
            assertThat(retried.body()).contains("\"applied\":0", "\"duplicates\":1");
            assertThat(warehouse.query("SELECT id, kind FROM events ORDER BY id"))
                    .containsExactly(java.util.Arrays.asList(1L, null), List.of(2L, "slow"));
        }
    }

    /**
     * Two lanes: while a commit waits (its table locked by another transaction), a request for another
     * table commits beside it on the second lane; a request for the same key waits in the source, not in a
     * second lane, so that the key's changes commit in the order they came.
     */
    @Test
    void aDisjointRequestCommitsBesideASlowCommitAndOneForTheSameKeyWaitsItsTurn() throws Exception {
        String block = """
                    tables:
                      - name: a
                        key: [id]
                        columns: {id: bigint, v: text}
                      - name: b
                        key: [id]
                        columns: {id: bigint, v: text}
                """;
        try (TestDatabase warehouse = TestDatabases.postgres().createDatabase();
             IngestServer server = IngestServer.start("ingest-lanes", warehouse, block)) {
            assertThat(server.post("a", "{\"id\": 1, \"v\": \"a0\"}").statusCode()).isEqualTo(200);
            assertThat(server.post("b", "{\"id\": 1, \"v\": \"b0\"}").statusCode()).isEqualTo(200);
            ExecutorService clients = Executors.newFixedThreadPool(3);
            try (java.sql.Connection locker = warehouse.connect()) {
                locker.setAutoCommit(false);
                locker.createStatement().execute("LOCK TABLE a IN ACCESS EXCLUSIVE MODE");
                Future<HttpResponse<String>> first = clients.submit(() -> server.post("a", "{\"id\": 1, \"v\": \"a1\"}"));
                awaitWaitingLocks(warehouse, 1);

                HttpResponse<String> beside = clients.submit(() -> server.post("b", "{\"id\": 2, \"v\": \"b1\"}"))
                        .get(10, java.util.concurrent.TimeUnit.SECONDS); // on one lane it would wait for the lock
                assertThat(beside.statusCode()).as(beside.body()).isEqualTo(200);
                assertThat(first).as("the commit on table a still waits").isNotDone();

                Future<HttpResponse<String>> second = clients.submit(() -> server.post("a", "{\"id\": 1, \"v\": \"a2\"}"));
                Thread.sleep(500);
                assertThat(second).isNotDone();
                assertThat(waitingLocks(warehouse)).as("the same key is not written by a second commit meanwhile").isEqualTo(1L);
                locker.rollback();
                assertThat(first.get(20, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
                assertThat(second.get(20, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            } finally {
                clients.shutdown();
            }
            assertThat(warehouse.query("SELECT id, v FROM a ORDER BY id")).containsExactly(List.of(1L, "a2"));
            assertThat(warehouse.query("SELECT id, v FROM b ORDER BY id")).containsExactly(List.of(1L, "b0"), List.of(2L, "b1"));
        }
    }

    private static long waitingLocks(TestDatabase warehouse) throws Exception {
        return (Long) warehouse.query("SELECT count(*) FROM pg_locks WHERE NOT granted AND database ="
                + " (SELECT oid FROM pg_database WHERE datname = current_database())").get(0).get(0);
    }

    private static void awaitWaitingLocks(TestDatabase warehouse, long expected) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (waitingLocks(warehouse) < expected) {
            assertThat(System.nanoTime()).as("a commit waiting for the lock").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void aRestartWhileClientsSendLosesAndDuplicatesNothing() throws Exception {
        String block = """
                    event-id-field: event_id
                    tables:
                      - name: ticks
                        key: [event_id]
                        columns: {event_id: bigint, client: integer}
                """;
        int clients = 16;
        int perClient = 60;
        try (TestDatabase warehouse = TestDatabases.postgres().createDatabase()) {
            java.util.concurrent.atomic.AtomicReference<IngestServer> current =
                    new java.util.concurrent.atomic.AtomicReference<>(IngestServer.start("ingest-restart", warehouse, block));
            List<Long> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perClient; i++) {
                        long id = client * 1000L + i;
                        String body = "{\"event_id\": " + id + ", \"client\": " + client + "}";
                        // Like any client of a durable endpoint: until a 2xx, send the same event again.
                        while (true) {
                            try {
                                HttpResponse<String> response = current.get().post("ticks", body);
                                if (response.statusCode() == 200) {
                                    acknowledged.add(id);
                                    break;
                                }
                                assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
                            } catch (java.io.IOException stopped) {
                                // the server went away mid-request: the event may or may not be committed
                            }
                            refused.incrementAndGet();
                            Thread.sleep(20);
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(1500);
            IngestServer first = current.get();
            first.close(); // mid-stream: queued requests commit, new ones get 503 or a closed connection
            long firstFlushes = first.pipeline().stats().flushes();
            current.set(IngestServer.start("ingest-restart", warehouse, block));
            for (Future<?> future : done) {
                future.get();
            }
            pool.shutdown();
            current.get().close();

            assertThat(firstFlushes).as("the first engine committed some of the events").isPositive();
            assertThat(acknowledged).hasSize(clients * perClient);
            assertThat(warehouse.query("SELECT count(*), count(DISTINCT event_id) FROM ticks"))
                    .containsExactly(List.of((long) clients * perClient, (long) clients * perClient));
            assertThat(warehouse.query("SELECT count(*) FROM _sluice_event_ids"))
                    .containsExactly(List.of((long) clients * perClient));
            long flushes = firstFlushes + current.get().pipeline().stats().flushes();
            assertThat(flushes).as("group commit: fewer commits than requests").isLessThan(clients * perClient);
        }
    }
}
