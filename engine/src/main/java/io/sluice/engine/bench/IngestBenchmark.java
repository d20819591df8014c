package io.sluice.engine.bench;

import io.sluice.config.PipelineConfig;
import io.sluice.config.PipelineLoader;
import io.sluice.engine.http.StatusServer;
import io.sluice.engine.metrics.PipelineMetrics;
import io.sluice.engine.pipeline.Pipeline;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
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
 * <p>Each figure is the steady state of a running server: right before its clock, each of the three workloads
 * runs untimed into tables of its own for at least the warm-up's length and then until the JIT compiler is
 * quiet (it otherwise takes half a core or more inside the phase, compiling for the workload in hand).
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
                // Creates the table, with an id no phase sends: had (a)'s first request met it, the writer would have
                // upserted that request through a staging table, a path the warm-up never took, and the classes it
                // loaded made the JIT compiler throw away and redo the writer's code inside (a)'s clock (a second
                // of compiling there, about a fifth of (a)).
                first.post(json(1L << 40, 1));
            }
            WarmUp warm = new WarmUp(List.of(server.address().resolve("/ingest/warmup"),
                    server.address().resolve("/ingest/warmup2")), warehouse, warmUp, out);
            byte[][] bodies = bodies(events);
            warm.batched();
            out.printf("(a) %,d events in requests of %,d from %d clients...%n", events, BATCH, BATCH_CLIENTS);
            long flushesBefore = pipeline.stats().flushes();
            writeNanos.set(0);
            long compiledBefore = JitQuiet.compileMillis();
            long started = System.nanoTime();
            double batched = batched(ingest, bodies, events);
            out.printf("    %,.0f events/s; %,d commits, the writer busy %.0f%% of the time, JIT compiling %,d ms%n", batched,
                    pipeline.stats().flushes() - flushesBefore, 100.0 * writeNanos.get() / (System.nanoTime() - started),
                    JitQuiet.compileMillis() - compiledBefore);
            warehouse.execute("CHECKPOINT");
            out.printf("(b) COPY of %,d rows...%n", events);
            double copy = copy(warehouse, events);
            out.printf("    %,.0f rows/s%n", copy);
            warm.singles();
            out.printf("(c) %,d single-event requests from %d clients...%n", singles, SINGLE_CLIENTS);
            long[] latencies = new long[singles];
            long singleFlushesBefore = pipeline.stats().flushes();
            writeNanos.set(0);
            long singleCompiledBefore = JitQuiet.compileMillis();
            long singleStart = System.nanoTime();
            double single = singles(ingest, events + 1L, singles, latencies);
            out.printf("    the writer busy %.0f%% of the time, JIT compiling %,d ms%n",
                    100.0 * writeNanos.get() / (System.nanoTime() - singleStart),
                    JitQuiet.compileMillis() - singleCompiledBefore);
            Arrays.sort(latencies);
            double p99 = latencies[Math.min(singles - 1, (int) Math.ceil(singles * 0.99) - 1)] / 1e6;
            out.printf("    %,.0f events/s, p50 %.1f ms, p99 %.1f ms, %,d flushes%n", single,
                    latencies[singles / 2] / 1e6, p99, pipeline.stats().flushes() - singleFlushesBefore);
            warm.direct();
            out.printf("(d) %,d one-row transactions from %d JDBC clients...%n", singles, SINGLE_CLIENTS);
            double direct = direct(warehouse, singles);
            out.printf("    %,.0f commits/s%n", direct);
            long rows = count(warehouse, "events") - 1; // the first request's row
            if (rows != (long) events + singles) { // ids 0..events-1, then the singles
                throw new IllegalStateException("the warehouse holds " + rows + " rows, not the " + (events + singles)
                        + " events sent: the figures would not count what they claim");
            }
            return new Result(batched, copy, single, direct, p99);
        } finally {
            server.close();
        }
    }

    /**
     * Each workload run untimed right before its measured phase, with ids of its own (inserts, as in the
     * measured phases, not updates of rows already there), for at least the warm-up's length and then until the
     * JIT compiler is quiet. Warmed in turn before the phases began, the later phases ran in code the JIT
     * compiler had specialised for the workload before them, and recompiled for theirs inside the clock (a
     * C2 compiler thread took half a core there; single-event requests measured 0.55-0.59 of direct commits after a
     * ten-second warm-up, 0.67-0.69 after thirty seconds).
     */
    private static final class WarmUp {

        /** Compilation time per second of warm-up below which the JIT compiler counts as quiet. */
        static final long QUIET_COMPILE_MILLIS_PER_SECOND = 20;
        /** The longest a workload warms, as a multiple of the warm-up's length, quiet or not. */
        static final int MOST_LENGTHS = 4;
        /** The least time the workload runs again after the warm-up's tables are emptied (the warm-up's length if shorter). */
        static final Duration SETTLE = Duration.ofSeconds(2);

        private final List<URI> targets;
        private final BenchDatabase warehouse;
        private final Duration length;
        private final PrintStream out;
        private final AtomicLong ids = new AtomicLong();

        WarmUp(List<URI> targets, BenchDatabase warehouse, Duration length, PrintStream out) {
            this.targets = targets;
            this.warehouse = warehouse;
            this.length = length;
            this.out = out;
        }

        void batched() throws Exception {
            run("batched requests", BATCH_CLIENTS, halves(), client -> client.post(json(ids.getAndAdd(BATCH), BATCH)));
        }

        void singles() throws Exception {
            run("single-event requests", SINGLE_CLIENTS, halves(), client -> client.post(json(ids.getAndIncrement(), 1)));
        }

        void direct() throws Exception {
            run("one-row transactions", SINGLE_CLIENTS, () -> new DirectInserter(warehouse, "direct_warmup"),
                    inserter -> inserter.insert(ids.getAndIncrement()));
        }

        /**
         * Two tables, half the clients each: a running server sees more than one table, and code compiled for
         * one table only (its schema always the one cached) was compiled again when the measured table came.
         */
        private Opener<IngestClient> halves() {
            AtomicInteger clients = new AtomicInteger();
            return () -> new IngestClient(targets.get(clients.getAndIncrement() % targets.size()), TOKEN);
        }

        private <T extends AutoCloseable> void run(String workload, int clients, Opener<T> opener, Step<T> step)
                throws Exception {
            if (length.isZero()) {
                warehouse.execute("CHECKPOINT");
                return;
            }
            JitQuiet warming = new JitQuiet(length, length.multipliedBy(MOST_LENGTHS));
            double seconds = until(warming, clients, opener, step);
            clearAway();
            // The benchmark's own statements (TRUNCATE, CHECKPOINT) share the JDBC driver with the writer and
            // took its code down branches the JIT compiler had left out: the writer's code was recompiled inside
            // the phase (0.6-0.9 s of compiling in (a)). A short run of the workload lets that happen here.
            JitQuiet settling = new JitQuiet(SETTLE.compareTo(length) < 0 ? SETTLE : length, length);
            double settled = until(settling, clients, opener, step);
            out.printf("warm-up: %s for %.0f s, then %.0f s more after emptying its tables, untimed (%s)%n", workload,
                    seconds, settled, warming.quiet() && settling.quiet() ? "the JIT compiler quiet at the end"
                            : "the JIT compiler still busy at the cap");
        }

        /**
         * Empties the warm-up's tables and writes every dirty page out, so that each phase starts alike: the
         * warm-up's rows (twelve million and more before a batched phase) neither wait in PostgreSQL's buffers
         * nor in the kernel's, to be written back while a phase runs — (b)'s COPY ran a tenth slower with them.
         */
        private void clearAway() throws SQLException {
            warehouse.execute("TRUNCATE warmup, warmup2, direct_warmup", "CHECKPOINT");
        }

        private <T extends AutoCloseable> double until(JitQuiet clock, int clients, Opener<T> opener, Step<T> step)
                throws Exception {
            return timed(open(clients, opener), client -> {
                while (clock.keepGoing()) {
                    step.run(client);
                }
            });
        }
    }

    /**
     * Goes on for at least the least time, then until the JIT compiler compiled for less than
     * {@link WarmUp#QUIET_COMPILE_MILLIS_PER_SECOND} in the last second, or the cap is reached.
     */
    private static final class JitQuiet {
        private static final CompilationMXBean COMPILER = ManagementFactory.getCompilationMXBean();
        private final long start = System.nanoTime();
        private final long least;
        private final long most;
        private volatile long windowStart = start;
        private long windowCompileMillis;
        private volatile boolean quiet;
        private volatile boolean done;

        JitQuiet(Duration least, Duration most) {
            this.least = least.toNanos();
            this.most = Math.max(least.toNanos(), most.toNanos());
            this.windowCompileMillis = compileMillis();
        }

        boolean keepGoing() {
            if (done) {
                return false;
            }
            long now = System.nanoTime();
            if (now - windowStart >= 1_000_000_000L) {
                synchronized (this) {
                    if (now - windowStart >= 1_000_000_000L) {
                        long compiled = compileMillis();
                        quiet = compiled - windowCompileMillis < WarmUp.QUIET_COMPILE_MILLIS_PER_SECOND;
                        windowCompileMillis = compiled;
                        windowStart = now;
                        done = (now - start >= least && quiet) || now - start >= most;
                    }
                }
            }
            return !done;
        }

        boolean quiet() {
            return quiet;
        }

        /** The JIT compiler's time so far; without a compilation-time monitor 0, and a warm-up lasts its length. */
        static long compileMillis() {
            return COMPILER != null && COMPILER.isCompilationTimeMonitoringSupported() ? COMPILER.getTotalCompilationTime() : 0;
        }
    }

    private interface Opener<T extends AutoCloseable> {
        T open() throws Exception;
    }

    private interface Step<T> {
        void run(T client) throws Exception;
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
            } catch (IOException e) {
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
        CountDownLatch ready = new CountDownLatch(clients.size());
        CountDownLatch go = new CountDownLatch(1);
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

    private static long count(BenchDatabase warehouse, String table) throws SQLException {
        return ((Number) warehouse.queryValue("SELECT count(*) FROM " + table)).longValue();
    }
}
