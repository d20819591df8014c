package io.sluice.engine.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.engine.bench.EngineProcess;
import io.sluice.engine.bench.LoadedPipeline;
import io.sluice.engine.pipeline.Await;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given {@code sluice run} with an HTTP source and 16 clients posting small batches of events with event ids
 * (retrying a failed request as it was, as a real client does, and now and then giving one up), when the
 * engine is killed with SIGKILL at random moments during ingest, four times, and started again, then every
 * event a 2xx answered for is in the warehouse with exactly the values sent, each request that was never
 * answered is there wholly or not at all, and nothing else is there; every answer counts each event of its
 * request once, as applied or as a duplicate.
 *
 * <p>Event tables keep one row per key (no history table), so a second application of an event would not
 * show as a second row: exact equality of every row with what was sent and the all-or-nothing check of the
 * unanswered requests are what can tell.
 */
class HttpIngestKillTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "kill-t0ken-never-shown";
    private static final int CLIENTS = 16;
    private static final int KILLS = 4;

    /** One request as a client sends it, again and again until it is answered or given up. */
    private record Request(int client, List<Long> ids, List<String> notes, String body, String idempotencyKey) {
    }

    @TempDir
    Path folder;

    @Test
    void afterKillsDuringIngestEveryAnsweredEventIsThereOnceAndNoUnansweredRequestIsHalfApplied() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        URI ingest = URI.create("http://127.0.0.1:" + port + "/ingest/events");
        try (TestDatabase warehouse = TestDatabases.postgres().createDatabase()) {
            Path file = Files.writeString(folder.resolve("httpkill.yaml"), """
                    pipeline: httpkill
                    sources:
                      - name: web
                        type: http
                        token: ${env:INGEST_TOKEN}
                        event-id-field: eid
                        tables:
                          - {name: events, key: [id], columns: {id: bigint, eid: text, client: integer, note: text}}
                    warehouse: {type: postgres, url: "%s", user: %s, password: "${env:PG_PASSWORD}"}
                    http: {port: %d}
                    """.formatted(warehouse.jdbcUrl(), warehouse.user(), port));
            Map<String, String> env = Map.of("PG_PASSWORD", warehouse.password() == null ? "" : warehouse.password(),
                    "INGEST_TOKEN", TOKEN);
            Path log = folder.resolve("httpkill.log");
            Files.writeString(log, "");

            Map<Long, String> answered = new ConcurrentHashMap<>();
            List<Request> givenUp = new CopyOnWriteArrayList<>();
            AtomicInteger failures = new AtomicInteger();
            AtomicInteger retried = new AtomicInteger();
            AtomicBoolean sending = new AtomicBoolean(true);
            List<Throwable> clientErrors = new CopyOnWriteArrayList<>();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                Thread thread = new Thread(() -> {
                    try {
                        runClient(client, http, ingest, sending, answered, givenUp, failures, retried);
                    } catch (Throwable e) {
                        clientErrors.add(e);
                    }
                }, "client-" + c);
                thread.start();
                clients.add(thread);
            }

            Random random = new Random(4711);
            try {
                for (int kill = 1; kill <= KILLS; kill++) {
                    try (EngineProcess engine = EngineProcess.start(env, log, "run", file.toString())) {
                        awaitServing(engine, kill);
                        int answeredBefore = answered.size();
                        Await.until("answers (run " + kill + ")", Duration.ofSeconds(30),
                                () -> answered.size() > answeredBefore + 50 || !engine.isAlive());
                        assertThat(engine.isAlive()).as(LoadedPipeline.tail(engine.output())).isTrue();
                        Thread.sleep(random.nextInt(700));
                        engine.kill();
                        System.out.printf("kill %d at %d answered events%n", kill, answered.size());
                    }
                    Thread.sleep(random.nextInt(300)); // the clients meet a closed port for a while
                }
                try (EngineProcess engine = EngineProcess.start(env, log, "run", file.toString())) {
                    awaitServing(engine, KILLS + 1);
                    int answeredBefore = answered.size();
                    Await.until("answers after the last start", Duration.ofSeconds(30),
                            () -> answered.size() > answeredBefore + 50 || !engine.isAlive());
                    sending.set(false);
                    for (Thread client : clients) {
                        client.join(30_000);
                    }
                    assertThat(engine.terminate(30)).as(LoadedPipeline.tail(engine.output())).isZero();
                }
            } finally {
                sending.set(false);
            }
            assertThat(clientErrors).isEmpty();
            assertThat(clients).noneMatch(Thread::isAlive);

            Map<Long, List<Object>> rows = new HashMap<>();
            for (List<Object> row : warehouse.query("SELECT id, eid, client, note FROM events")) {
                rows.put(((Number) row.get(0)).longValue(), row);
            }
            for (Map.Entry<Long, String> event : answered.entrySet()) {
                long id = event.getKey();
                assertThat(rows.get(id)).as("answered event " + id)
                        .isEqualTo(List.of(id, "e-" + id, (int) (id / 1_000_000), event.getValue()));
            }
            int halfApplied = 0;
            int givenUpThere = 0;
            for (Request request : givenUp) {
                long there = request.ids().stream().filter(rows::containsKey).count();
                if (there != 0 && there != request.ids().size()) {
                    halfApplied++;
                }
                if (there == request.ids().size()) {
                    givenUpThere++;
                    for (int i = 0; i < request.ids().size(); i++) {
                        long id = request.ids().get(i);
                        assertThat(rows.get(id)).isEqualTo(List.of(id, "e-" + id, request.client(), request.notes().get(i)));
                    }
                }
            }
            assertThat(halfApplied).as("requests never answered yet partly in the warehouse").isZero();
            long sent = answered.size() + givenUp.stream().mapToLong(r -> r.ids().size()).sum();
            assertThat(rows.keySet()).as("only events that were sent").allMatch(id -> answered.containsKey(id)
                    || givenUp.stream().anyMatch(r -> r.ids().contains(id)));
            System.out.printf("http ingest after %d kills: %d events answered, %d requests given up (%d of them"
                            + " applied), %d failed attempts, %d retries, %d rows of %d sent%n", KILLS, answered.size(),
                    givenUp.size(), givenUpThere, failures.get(), retried.get(), rows.size(), sent);
            assertThat(failures.get()).as("the kills met requests in flight").isPositive();
        }
    }

    /**
     * Posts requests of 1 to 5 events until told to stop; a failed one is sent again as it was after a pause
     * (nine times in ten) or given up. Half the requests carry an Idempotency-Key besides the event ids.
     */
    private static void runClient(int client, HttpClient http, URI ingest, AtomicBoolean sending,
                                  Map<Long, String> answered, List<Request> givenUp,
                                  AtomicInteger failures, AtomicInteger retried) throws Exception {
        Random random = new Random(client);
        long next = (long) client * 1_000_000;
        int number = 0;
        while (sending.get()) {
            int size = 1 + random.nextInt(5);
            List<Long> ids = new ArrayList<>(size);
            List<String> notes = new ArrayList<>(size);
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < size; i++) {
                long id = next++;
                String note = "n" + random.nextInt(1_000_000);
                ids.add(id);
                notes.add(note);
                body.append(i == 0 ? "" : ",").append("{\"id\":").append(id).append(",\"eid\":\"e-").append(id)
                        .append("\",\"client\":").append(client).append(",\"note\":\"").append(note).append("\"}");
            }
            body.append(']');
            String key = random.nextBoolean() ? "req-" + client + "-" + number : null;
            number++;
            Request request = new Request(client, ids, notes, body.toString(), key);
            while (true) {
                Attempt attempt = send(http, ingest, request);
                HttpResponse<String> response = attempt.response();
                if (response != null && response.statusCode() / 100 == 2) {
                    JsonNode answer = JSON.readTree(response.body());
                    assertThat(answer.get("received").asInt()).isEqualTo(size);
                    assertThat(answer.get("applied").asInt() + answer.get("duplicates").asInt()).isEqualTo(size);
                    for (int i = 0; i < size; i++) {
                        answered.put(ids.get(i), notes.get(i));
                    }
                    break;
                }
                if (response != null && response.statusCode() != 503
                        && response.statusCode() != 429) {
                    throw new AssertionError("unexpected answer " + response.statusCode() + ": " + response.body());
                }
                failures.incrementAndGet();
                // Whether a request lost in flight was applied is what the test is about: give some of those up.
                if (!sending.get() || (response == null && !attempt.refused() && random.nextInt(4) == 0)) {
                    givenUp.add(request);
                    break;
                }
                retried.incrementAndGet();
                Thread.sleep(attempt.refused() ? 50 : 10 + random.nextInt(50));
            }
        }
    }

    /**
     * One attempt's outcome: the answer; or none, {@code refused} when nothing listened (the engine is down),
     * else the connection broke with the request in flight (the engine was killed, having applied it or not).
     */
    private record Attempt(HttpResponse<String> response, boolean refused) {
    }

    private static Attempt send(HttpClient http, URI ingest, Request request) throws InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(ingest).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.body()));
        if (request.idempotencyKey() != null) {
            builder.header("Idempotency-Key", request.idempotencyKey());
        }
        try {
            return new Attempt(http.send(builder.build(), HttpResponse.BodyHandlers.ofString()), false);
        } catch (java.net.ConnectException e) {
            return new Attempt(null, true);
        } catch (java.io.IOException e) {
            return new Attempt(null, false);
        }
    }

    /** Waits for the engine's n-th "Serving on" line in the shared log. */
    private static void awaitServing(EngineProcess engine, int run) throws Exception {
        Pattern serving = Pattern.compile("Serving on http://");
        Await.until("the engine serving (run " + run + ")", Duration.ofSeconds(60), () -> {
            Matcher m = serving.matcher(engine.output());
            int found = 0;
            while (m.find()) {
                found++;
            }
            if (!engine.isAlive()) {
                throw new AssertionError("sluice run exited; output:\n" + LoadedPipeline.tail(engine.output()));
            }
            return found >= run;
        });
    }
}
