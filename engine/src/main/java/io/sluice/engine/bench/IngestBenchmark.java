package io.sluice.engine.bench;

import io.sluice.config.PipelineConfig;
import io.sluice.config.PipelineLoader;
import io.sluice.engine.http.StatusServer;
import io.sluice.engine.metrics.PipelineMetrics;
import io.sluice.engine.pipeline.Pipeline;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;

/**
 * HTTP ingest into a PostgreSQL warehouse against the database's own limits, in one run on one server:
 * (a) batched requests, 1,000 events each from 4 clients, against (b) COPY of the same rows into the same
 * shape of table; (c) single-event requests from 32 clients, each answered after its commit, against
 * (d) 32 JDBC clients inserting one row per transaction. The engine runs in this JVM, served on a free port.
 *
 * <p>Each figure is the steady state of a running server: before the clock, each of the three workloads
 * runs untimed for the warm-up's length into tables of its own (the JIT compiler otherwise takes a core for
 * the first ten seconds or so, inside whichever phase comes first).
 */
public final class IngestBenchmark {

    static final int BATCH = 1_000;
    static final int BATCH_CLIENTS = 4;
    static final int SINGLE_CLIENTS = 32;
    static final String TOKEN = "bench-ingest-token";

    private static final String COLUMNS = "(id bigint PRIMARY KEY, kind text, amount numeric)";

    public record Result(double batchedEventsPerSecond, double copyRowsPerSecond, double singleEventsPerSecond,
                         double directCommitsPerSecond, double singleP99Millis) {

        public String resultLine() {
            return String.format(Locale.ROOT, "RESULT batched_events_s=%.0f copy_rows_s=%.0f batched_vs_copy=%.2f"
                            + " single_events_s=%.0f direct_commits_s=%.0f single_vs_direct=%.2f single_p99_ms=%.1f",
                    batchedEventsPerSecond, copyRowsPerSecond, batchedEventsPerSecond / copyRowsPerSecond,
                    singleEventsPerSecond, directCommitsPerSecond, singleEventsPerSecond / directCommitsPerSecond,
                    singleP99Millis);
        }
    }

    private IngestBenchmark() {
    }

    /**
     * @param events batched events, and rows COPY moves
     * @param singles single-event requests, and rows the direct clients insert
     * @param warmUp how long each workload runs untimed first (zero: none)
     */
    public static Result run(BenchDatabase warehouse, int events, int singles, Duration warmUp, Path work,
                             PrintStream out) throws Exception {
        Path file = work.resolve("ingest.yaml");
        Files.writeString(file, """
                pipeline: bench-ingest
                sources:
                  - name: web
                    type: http
                    token: ${env:INGEST_TOKEN}
                    max-queued-events: 1000000
                    tables:
                      - name: events
                        key: [id]
                        columns: {id: bigint, kind: text, amount: numeric}
                      - name: warmup
                        key: [id]
                        columns: {id: bigint, kind: text, amount: numeric}
                      - name: warmup2
                        key: [id]
                        columns: {id: bigint, kind: text, amount: numeric}
                warehouse:
                  type: postgres
                  url: ${env:WH_URL}
                  user: ${env:WH_USER}
                  password: ${env:WH_PASSWORD}
                http: {port: 0}
                """);
        PipelineConfig config = PipelineLoader.load(file, Map.of("INGEST_TOKEN", TOKEN, "WH_URL", warehouse.jdbcUrl(),
                "WH_USER", warehouse.user(), "WH_PASSWORD", warehouse.password() == null ? "" : warehouse.password()));
        warehouse.execute("CREATE TABLE events_copy " + COLUMNS, "CREATE TABLE events_direct " + COLUMNS,
                "CREATE TABLE direct_warmup " + COLUMNS);
        StatusServer server = StatusServer.bind(config.http());
        PipelineMetrics metrics = new PipelineMetrics();
        AtomicLong writeNanos = new AtomicLong();
        io.sluice.engine.pipeline.FlushListener timing = (source, captured, result, lag) -> writeNanos.addAndGet(result.nanos());
        try (Pipeline pipeline = Pipeline.start(config, io.sluice.engine.pipeline.FlushListener.both(metrics, timing))) {
            server.serve(pipeline, metrics);
            URI ingest = server.address().resolve("/ingest/events");
            try (IngestClient first = new IngestClient(ingest, TOKEN)) {
                first.post(json(0, 1)); // creates the table
            }
            if (!warmUp.isZero()) {
                out.printf("warm-up: each workload for %d s, untimed, into tables of its own...%n", warmUp.toSeconds());
                warmUp(List.of(server.address().resolve("/ingest/warmup"), server.address().resolve("/ingest/warmup2")),
                        warehouse, warmUp);
            }

            byte[][] bodies = bodies(events);
            warehouse.execute("CHECKPOINT"); // each phase starts with no dirty pages left by the one before
            out.printf("(a) %,d events in requests of %,d from %d clients...%n", events, BATCH, BATCH_CLIENTS);
            long flushesBefore = pipeline.stats().flushes();
            writeNanos.set(0);
            long started = System.nanoTime();
            double batched = batched(ingest, bodies, events);
            out.printf("    %,.0f events/s; %,d commits, the writer busy %.0f%% of the time%n", batched,
                    pipeline.stats().flushes() - flushesBefore, 100.0 * writeNanos.get() / (System.nanoTime() - started));
            warehouse.execute("CHECKPOINT");
            out.printf("(b) COPY of %,d rows...%n", events);
            double copy = copy(warehouse, events);
            out.printf("    %,.0f rows/s%n", copy);
            warehouse.execute("CHECKPOINT");
            out.printf("(c) %,d single-event requests from %d clients...%n", singles, SINGLE_CLIENTS);
            long[] latencies = new long[singles];
            long singleFlushesBefore = pipeline.stats().flushes();
            writeNanos.set(0);
            long singleStart = System.nanoTime();
            double single = singles(ingest, events + 1L, singles, latencies);
            out.printf("    the writer busy %.0f%% of the time%n", 100.0 * writeNanos.get() / (System.nanoTime() - singleStart));
            Arrays.sort(latencies);
            double p99 = latencies[Math.min(singles - 1, (int) Math.ceil(singles * 0.99) - 1)] / 1e6;
            out.printf("    %,.0f events/s, p50 %.1f ms, p99 %.1f ms, %,d flushes%n", single,
                    latencies[singles / 2] / 1e6, p99, pipeline.stats().flushes() - singleFlushesBefore);
            warehouse.execute("CHECKPOINT");
            out.printf("(d) %,d one-row transactions from %d JDBC clients...%n", singles, SINGLE_CLIENTS);
            double direct = direct(warehouse, singles);
            out.printf("    %,.0f commits/s%n", direct);
            long rows = count(warehouse, "events");
            if (rows != (long) events + singles) { // ids 0..events-1 (the warm-up's 0 among them), then the singles
                throw new IllegalStateException("the warehouse holds " + rows + " rows, not the " + (events + singles)
                        + " events sent: the figures would not count what they claim");
            }
            return new Result(batched, copy, single, direct, p99);
        } finally {
            server.close();
        }
    }

    /**
     * Runs batched requests, single-event requests and direct one-row transactions, each for {@code length},
     * with ids of their own: inserts, as in the measured phases, not updates of rows already there.
     */
    private static void warmUp(List<URI> targets, BenchDatabase warehouse, Duration length) throws Exception {
        AtomicLong ids = new AtomicLong();
        // Two tables, half the clients each: a running server sees more than one table, and code compiled for
        // one table only (its schema always the one cached) was compiled again when (a)'s table came.
        AtomicInteger clients = new AtomicInteger();
        Opener<IngestClient> halves = () -> new IngestClient(targets.get(clients.getAndIncrement() % targets.size()), TOKEN);
        untilDeadline(SINGLE_CLIENTS, length, halves,
                client -> client.post(json(ids.getAndIncrement(), 1)));
        untilDeadline(SINGLE_CLIENTS, length, () -> new DirectInserter(warehouse, "direct_warmup"),
                inserter -> inserter.insert(ids.getAndIncrement()));
        // Batched last, as phase (a) follows: after the single events, the JIT compiler had recompiled the
        // decoding and reading code for them, and recompiled it again for batches within (a)'s clock (a fifth
        // of the JVM's CPU in the first seconds of (a)).
        untilDeadline(BATCH_CLIENTS, length, halves,
                client -> client.post(json(ids.getAndAdd(BATCH), BATCH)));
    }

    private interface Opener<T extends AutoCloseable> {
        T open() throws Exception;
    }

    private interface Step<T> {
        void run(T client) throws Exception;
    }

    /** {@code clients} threads, each with a client of its own, repeating {@code step} until the time is up. */
    private static <T extends AutoCloseable> void untilDeadline(int clients, Duration length, Opener<T> opener,
                                                                Step<T> step) throws Exception {
        List<T> opened = open(clients, opener);
        long deadline = System.nanoTime() + length.toNanos();
        timed(opened, client -> {
            while (System.nanoTime() < deadline) {
                step.run(client);
            }
        });
    }

    /** {@code count} clients, or none left open when one cannot be opened. */
    private static <T extends AutoCloseable> List<T> open(int count, Opener<T> opener) throws Exception {
        List<T> clients = new ArrayList<>(count);
        try {
            for (int c = 0; c < count; c++) {
                clients.add(opener.open());
            }
            return clients;
        } catch (Exception e) {
            for (T client : clients) {
                client.close();
            }
            throw e;
        }
    }

    /** A JDBC connection inserting one row per transaction (autocommit), as phase (d)'s clients do. */
    private static final class DirectInserter implements AutoCloseable {
        private final Connection connection;
        private final PreparedStatement insert;

        DirectInserter(BenchDatabase warehouse, String table) throws Exception {
            this.connection = warehouse.connect();
            this.insert = connection.prepareStatement(
                    "INSERT INTO " + table + " (id, kind, amount) VALUES (?, ?, ?::numeric)");
        }

        void insert(long id) throws Exception {
            insert.setLong(1, id);
            insert.setString(2, kind(id));
            insert.setString(3, amount(id));
            insert.executeUpdate();
        }

        @Override
        public void close() throws Exception {
            insert.close();
            connection.close();
        }
    }

    /** The batched requests' bodies, made before the clock starts, as COPY's text is. */
    private static byte[][] bodies(int events) {
        byte[][] bodies = new byte[(events + BATCH - 1) / BATCH][];
        for (int request = 0; request < bodies.length; request++) {
            long from = (long) request * BATCH;
            bodies[request] = json(from, (int) Math.min(BATCH, events - from));
        }
        return bodies;
    }

    private static double batched(URI ingest, byte[][] bodies, int events) throws Exception {
        AtomicInteger next = new AtomicInteger();
        double seconds = timed(open(BATCH_CLIENTS, connected(ingest)), client -> {
            int request;
            while ((request = next.getAndIncrement()) < bodies.length) {
                client.post(bodies[request]);
            }
        });
        return events / seconds;
    }

    private static double singles(URI ingest, long firstId, int singles, long[] latencies) throws Exception {
        AtomicInteger next = new AtomicInteger();
        double seconds = timed(open(SINGLE_CLIENTS, connected(ingest)), client -> {
            int i;
            while ((i = next.getAndIncrement()) < singles) {
                byte[] body = json(firstId + i, 1);
                long sent = System.nanoTime();
                client.post(body);
                latencies[i] = System.nanoTime() - sent;
            }
        });
        return singles / seconds;
    }

    /** Clients connected when opened: their connections are made before the clock starts. */
    private static Opener<IngestClient> connected(URI ingest) {
        return () -> {
            IngestClient client = new IngestClient(ingest, TOKEN);
            try {
                client.connect();
                return client;
            } catch (java.io.IOException e) {
                client.close();
                throw e;
            }
        };
    }

    /**
     * Runs {@code work} with each client on a thread of its own and closes the clients; the clock starts
     * once every thread is ready, the clients connected, as COPY's connection is open before its clock.
     *
     * @return seconds from the start to the last client's end
     */
    private static <T extends AutoCloseable> double timed(List<T> clients, Step<T> work) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(clients.size());
        java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(clients.size());
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (T client : clients) {
                done.add(threads.submit(() -> {
                    try (client) {
                        ready.countDown();
                        go.await();
                        work.run(client);
                    }
                    return null;
                }));
            }
            ready.await();
            long start = System.nanoTime();
            go.countDown();
            for (Future<?> future : done) {
                future.get();
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            go.countDown();
            threads.shutdown();
        }
    }

    private static double copy(BenchDatabase warehouse, int rows) throws Exception {
        StringBuilder text = new StringBuilder(rows * 24);
        for (int i = 0; i < rows; i++) {
            text.append(i).append('\t').append(kind(i)).append('\t').append(amount(i)).append('\n');
        }
        try (Connection connection = warehouse.connect()) {
            long start = System.nanoTime();
            connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY events_copy (id, kind, amount) FROM STDIN", new StringReader(text.toString()));
            return rows / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static double direct(BenchDatabase warehouse, int rows) throws Exception {
        AtomicInteger next = new AtomicInteger();
        double seconds = timed(open(SINGLE_CLIENTS, () -> new DirectInserter(warehouse, "events_direct")), inserter -> {
            int i;
            while ((i = next.getAndIncrement()) < rows) {
                inserter.insert(i);
            }
        });
        return rows / seconds;
    }

    private static byte[] json(long from, int count) {
        StringBuilder json = new StringBuilder(count * 48).append('[');
        for (long id = from; id < from + count; id++) {
            if (id > from) {
                json.append(',');
            }
            json.append("{\"id\":").append(id).append(",\"kind\":\"").append(kind(id)).append("\",\"amount\":")
                    .append(amount(id)).append('}');
        }
        return json.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String kind(long i) {
        return switch ((int) (i % 3)) {
            case 0 -> "click";
            case 1 -> "view";
            default -> "purchase";
        };
    }

    private static String amount(long i) {
        long cents = i % 100;
        return (i % 10_000) / 100 + (cents < 10 ? ".0" : ".") + cents; // no String.format: the clients share the CPU
    }

    private static long count(BenchDatabase warehouse, String table) throws Exception {
        try (Connection connection = warehouse.connect();
             var rows = connection.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
