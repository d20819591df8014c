package io.sluice.engine.bench;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The steady-state lag benchmark: {@code sluice run} (a separate JVM, {@code -Xmx512m}, default flush
 * settings unless {@code max-age} is given) streams a PostgreSQL source into a PostgreSQL warehouse while the source takes {@code rate}
 * inserted rows per second, committed every 10 ms, for {@code duration}. The lag of each row is its
 * warehouse commit time minus its source commit time, both read back from the server
 * ({@code pg_xact_commit_timestamp(xmin)}; source and warehouse share one server with
 * {@code track_commit_timestamp = on}, so one clock). The first fifth of the run (at most 5 s) is
 * warm-up and left out.
 *
 * <p>Ends with {@code RESULT p50_ms=<n> p99_ms=<n>}.
 */
public final class LagBenchmark {

    /** Server setting the benchmark needs on its PostgreSQL server. */
    public static final Map<String, String> SERVER_SETTINGS = Map.of("track_commit_timestamp", "on");

    private static final long COMMIT_EVERY_NANOS = 10_000_000L;

    public record Result(long rows, double rowsPerSecond, long p50Millis, long p99Millis, long maxMillis) {

        public String resultLine() {
            return "RESULT p50_ms=" + p50Millis + " p99_ms=" + p99Millis;
        }
    }

    private LagBenchmark() {
    }

    /**
     * @param source and {@code warehouse}: empty databases on one PostgreSQL server with {@link #SERVER_SETTINGS}
     * @param maxAge the pipeline's {@code flush.max-age}, or null for the default
     */
    public static Result run(BenchDatabase source, BenchDatabase warehouse, int rate, Duration duration, Duration maxAge,
                             Path work, PrintStream out) throws Exception {
        source.execute("CREATE TABLE lag_events (id bigint PRIMARY KEY, account int NOT NULL,"
                + " amount numeric(12,2) NOT NULL, note text, created_at timestamptz NOT NULL)",
                "INSERT INTO lag_events VALUES (0, 0, 0, 'before the run', now())");
        Path pipeline = PipelineFile.write(work.resolve("lag.yaml"), "lag_bench", source, List.of("lag_events"), false,
                warehouse, maxAge == null ? "" : "  max-age: " + maxAge.toMillis() + "ms\n");
        try (EngineProcess engine = EngineProcess.run(pipeline, work.resolve("lag.log"))) {
            awaitRows(engine, warehouse, 1, Duration.ofMinutes(2));
            out.printf("engine streaming; inserting %,d rows/s for %d s%n", rate, duration.toSeconds());
            long[] window = insert(source, rate, duration);
            long inserted = window[2];
            awaitRows(engine, warehouse, inserted + 1, Duration.ofMinutes(2));
            engine.terminate(30);
            double achieved = inserted / ((window[1] - window[0]) / 1e9);
            long[] lags = lagsMillis(source, warehouse, duration);
            printTimeline(source, warehouse, out);
            Arrays.sort(lags);
            out.printf("%,d rows at %,.0f rows/s; lag of %,d rows after the warm-up: p50 %d ms, p99 %d ms, max %d ms%n",
                    inserted, achieved, lags.length, percentile(lags, 50), percentile(lags, 99),
                    lags.length == 0 ? -1 : lags[lags.length - 1]);
            return new Result(inserted, achieved, percentile(lags, 50), percentile(lags, 99),
                    lags.length == 0 ? -1 : lags[lags.length - 1]);
        }
    }

    /** Inserts at the rate, a commit every 10 ms; returns {start nanos, end nanos, rows}. */
    private static long[] insert(BenchDatabase source, int rate, Duration duration) throws SQLException {
        long perCommit = Math.max(1, Math.round(rate * (COMMIT_EVERY_NANOS / 1e9)));
        long interval = (long) (perCommit * 1e9 / rate);
        long id = 1;
        try (Connection connection = source.connect();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO lag_events VALUES (?, ?, ?, ?, clock_timestamp())")) {
            connection.setAutoCommit(false);
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            long next = start;
            while (System.nanoTime() < end) {
                for (int i = 0; i < perCommit; i++, id++) {
                    insert.setLong(1, id);
                    insert.setInt(2, (int) (id % 1000));
                    insert.setBigDecimal(3, BigDecimal.valueOf(id % 1_000_000, 2));
                    insert.setString(4, "event " + id);
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
                next += interval;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            return new long[] {start, System.nanoTime(), id - 1};
        }
    }

    private static void awaitRows(EngineProcess engine, BenchDatabase warehouse, long rows, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!engine.isAlive()) {
                throw new IllegalStateException("the engine exited:\n" + LoadedPipeline.tail(engine.output()));
            }
            try (Connection connection = warehouse.connect(); Statement statement = connection.createStatement();
                 ResultSet count = statement.executeQuery("SELECT count(*) FROM lag_events")) {
                count.next();
                if (count.getLong(1) >= rows) {
                    return;
                }
            } catch (SQLException notYet) {
                // the table is created with the first flush
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the warehouse did not reach " + rows + " rows:\n"
                + LoadedPipeline.tail(engine.output()));
    }

    /** Per row after the warm-up: warehouse commit minus source commit, in milliseconds. */
    private static long[] lagsMillis(BenchDatabase source, BenchDatabase warehouse, Duration duration)
            throws SQLException {
        Map<Long, Timestamp> committed = commitTimes(source);
        Map<Long, Timestamp> loaded = commitTimes(warehouse);
        long first = committed.entrySet().stream().filter(e -> e.getKey() > 0)
                .mapToLong(e -> e.getValue().getTime()).min().orElse(0);
        long warmUpEnd = first + Math.min(5_000, duration.toMillis() / 5);
        return committed.entrySet().stream()
                .filter(e -> e.getKey() > 0 && e.getValue().getTime() >= warmUpEnd && loaded.containsKey(e.getKey()))
                .mapToLong(e -> micros(loaded.get(e.getKey())) - micros(e.getValue()))
                .map(micros -> micros / 1000)
                .toArray();
    }

    /**
     * The worst lag of the rows committed in each second of the run, one figure per second: a stall shows
     * as a run of rising figures, and its second tells which log lines to read.
     */
    private static void printTimeline(BenchDatabase source, BenchDatabase warehouse, PrintStream out)
            throws SQLException {
        Map<Long, Timestamp> committed = commitTimes(source);
        Map<Long, Timestamp> loaded = commitTimes(warehouse);
        java.util.TreeMap<Long, Long> worstBySecond = new java.util.TreeMap<>();
        committed.forEach((id, at) -> {
            if (id > 0 && loaded.containsKey(id)) {
                long lag = (micros(loaded.get(id)) - micros(at)) / 1000;
                worstBySecond.merge(at.getTime() / 1000, lag, Math::max);
            }
        });
        StringBuilder line = new StringBuilder("worst lag (ms) per second from ");
        if (!worstBySecond.isEmpty()) {
            line.append(java.time.Instant.ofEpochSecond(worstBySecond.firstKey())).append(':');
        }
        worstBySecond.values().forEach(lag -> line.append(' ').append(lag));
        out.println(line);
    }

    private static Map<Long, Timestamp> commitTimes(BenchDatabase database) throws SQLException {
        Map<Long, Timestamp> times = new HashMap<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, pg_xact_commit_timestamp(xmin) FROM lag_events")) {
            while (rows.next()) {
                times.put(rows.getLong(1), rows.getTimestamp(2));
            }
        }
        return times;
    }

    private static long micros(Timestamp timestamp) {
        return timestamp.getTime() / 1000 * 1_000_000 + timestamp.getNanos() / 1000;
    }

    private static long percentile(long[] sorted, double percentile) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }
}
