package io.sluice.engine.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.engine.bench.EngineProcess;
import io.sluice.engine.bench.LoadedPipeline;
import io.sluice.engine.pipeline.Await;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given {@code sluice run} forwarding to RabbitMQ and a webhook while a load inserts and updates rows,
 * when the engine is killed with SIGKILL in the middle of forwarding, again and again, then after a last
 * restart every committed change was forwarded at least once: each warehouse row's current state is the
 * last message of its key on both targets, every key arrived, a repeated id always carries the same
 * message, and the outbox is empty.
 */
class ForwardingKillTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KILLS = Integer.getInteger("sluice.forward.kills", 3);

    @TempDir
    Path folder;

    @Test
    void afterKillsDuringForwardingEveryCommittedChangeWasForwardedAtLeastOnce() throws Exception {
        String name = "fwdkill" + System.nanoTime() % 1_000_000;
        TestBrokers.declareRabbitMq(name);
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicInteger loadTransactions = new AtomicInteger();
        try (TestDatabase source = TestDatabases.postgres().createDatabase();
             TestDatabase warehouse = TestDatabases.postgres().createDatabase();
             // Slow enough that a kill lands while batches are in flight.
             WebhookReceiver webhook = new WebhookReceiver("kill-secret", "X-Sluice-Signature", 0, 15)) {
            source.execute("CREATE TABLE events (id int PRIMARY KEY, version int NOT NULL, note text)",
                    "INSERT INTO events SELECT i, 0, 'seed' FROM generate_series(1, 200) i");
            Path file = Files.writeString(folder.resolve(name + ".yaml"), """
                    pipeline: %s
                    sources:
                      - {name: shop, type: postgres, host: %s, port: %d, user: %s, password: "${env:PG_PASSWORD}",
                         database: %s, tables: [public.events]}
                    warehouse: {type: postgres, url: "%s", user: %s, password: "${env:PG_PASSWORD}"}
                    flush: {max-age: 100ms}
                    http: {port: 0}
                    forward:
                      - {name: rabbit, type: rabbitmq, host: 127.0.0.1, user: guest, password: guest, exchange: %s,
                         batch-size: 50}
                      - {name: hook, type: webhook, url: "%s", secret: "${env:HOOK_SECRET}", batch-size: 20}
                    """.formatted(name, source.host(), source.port(), source.user(), source.name(), warehouse.jdbcUrl(),
                    warehouse.user(), name, webhook.url()));
            Map<String, String> env = Map.of("PG_PASSWORD", source.password() == null ? "" : source.password(),
                    "HOOK_SECRET", "kill-secret");
            Path log = folder.resolve(name + ".log");

            Thread load = new Thread(() -> runLoad(source, loading, loadTransactions), "load");
            load.start();
            Random random = new Random(7);
            for (int kill = 1; kill <= KILLS; kill++) {
                try (EngineProcess engine = EngineProcess.start(env, log, "run", file.toString())) {
                    int sentBefore = webhook.received.size();
                    Await.until("the webhook receiving (run " + kill + ")", Duration.ofSeconds(120),
                            () -> webhook.received.size() > sentBefore + 20 || !engine.isAlive());
                    assertThat(engine.isAlive()).as(LoadedPipeline.tail(engine.output())).isTrue();
                    Thread.sleep(random.nextInt(1_500));
                    engine.kill();
                }
            }
            loading.set(false);
            load.join();
            try (EngineProcess engine = EngineProcess.start(env, log, "run", file.toString())) {
                Await.until("the warehouse equal to the source and the outbox empty", Duration.ofSeconds(180), () ->
                        rows(warehouse).equals(rows(source)) && count(warehouse, "SELECT count(*) FROM _sluice_outbox") == 0);
                assertThat(engine.terminate(60)).isZero();
            }

            Map<Integer, Integer> expected = rows(warehouse);
            List<TestBrokers.Received> rabbit = TestBrokers.drainRabbitMq(name);
            for (List<TestBrokers.Received> received : List.of(rabbit, List.copyOf(webhook.received))) {
                Map<Integer, Integer> lastVersion = new HashMap<>();
                Map<String, String> payloadById = new HashMap<>();
                for (TestBrokers.Received message : received) {
                    JsonNode payload = JSON.readTree(message.payload());
                    assertThat(message.id()).isEqualTo(payload.get("id").asText());
                    String earlier = payloadById.putIfAbsent(message.id(), message.payload());
                    assertThat(earlier == null || earlier.equals(message.payload())).as("id " + message.id()
                            + " stands for one message").isTrue();
                    lastVersion.put(payload.get("key").get("id").asInt(), payload.get("values").get("version").asInt());
                }
                assertThat(lastVersion).as("the last forwarded version of every row is the warehouse's").isEqualTo(expected);
                System.out.printf("forwarded after %d kills: %d messages, %d distinct ids, %d repeats; %d rows,"
                                + " %d load transactions%n", KILLS, received.size(), payloadById.size(),
                        received.size() - payloadById.size(), expected.size(), loadTransactions.get());
            }
            assertThat(webhook.badSignatures.get()).isZero();
        } finally {
            loading.set(false);
            TestBrokers.deleteRabbitMq(name);
        }
    }

    /** Inserts new rows and updates existing ones, one short transaction at a time (about 100 a second). */
    private static void runLoad(TestDatabase source, AtomicBoolean loading, AtomicInteger transactions) {
        Random random = new Random(42);
        int nextId = 201;
        try (Connection connection = source.connect();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO events VALUES (?, 0, 'new')");
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE events SET version = version + 1, note = 'updated' WHERE id = ?")) {
            while (loading.get()) {
                if (random.nextBoolean()) {
                    insert.setInt(1, nextId++);
                    insert.executeUpdate();
                } else {
                    update.setInt(1, 1 + random.nextInt(nextId - 1));
                    update.executeUpdate();
                }
                transactions.incrementAndGet();
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException("the load failed", e);
        }
    }

    private static Map<Integer, Integer> rows(TestDatabase database) {
        Map<Integer, Integer> rows = new HashMap<>();
        try {
            for (List<Object> row : database.query("SELECT id, version FROM events")) {
                rows.put(((Number) row.get(0)).intValue(), ((Number) row.get(1)).intValue());
            }
        } catch (RuntimeException notYet) {
            return Map.of(-1, -1);
        }
        return rows;
    }

    private static long count(TestDatabase database, String sql) {
        return ((Number) database.query(sql).get(0).get(0)).longValue();
    }
}
