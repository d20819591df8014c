package io.sluice.engine.demo;

import io.sluice.config.DeleteMode;
import io.sluice.config.FlushConfig;
import io.sluice.config.PipelineConfig;
import io.sluice.config.SnapshotMode;
import io.sluice.config.SourceConfig;
import io.sluice.config.SourceType;
import io.sluice.config.WarehouseConfig;
import io.sluice.config.WarehouseType;
import io.sluice.config.HttpConfig;
import io.sluice.engine.http.StatusServer;
import io.sluice.engine.metrics.PipelineMetrics;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.PipelineStats;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The demo: an embedded PostgreSQL shop, seeded, captured into a DuckDB file while a workload changes
 * it, then compared table by table. Prints progress at a steady interval and a summary at the end.
 */
public final class Demo {

    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(2);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(90);

    private final Duration duration;
    private final int rate;
    private final int customers;
    private final boolean keep;
    private final Integer servePort;
    private final PrintWriter out;

    public Demo(Duration duration, int rate, int customers, boolean keep, PrintWriter out) {
        this(duration, rate, customers, keep, null, out);
    }

    /** @param servePort where to serve the status page while the demo runs; null for nowhere */
    public Demo(Duration duration, int rate, int customers, boolean keep, Integer servePort, PrintWriter out) {
        this.servePort = servePort;
        this.duration = duration;
        this.rate = rate;
        this.customers = customers;
        this.keep = keep;
        this.out = out;
    }

    /** Runs the demo; true when the warehouse ended equal to the source. */
    public boolean run() throws Exception {
        try {
            return runDemo();
        } finally {
            out.flush();
        }
    }

    private boolean runDemo() throws Exception {
        Path work = Files.createTempDirectory("sluice-demo-");
        Path warehouseFile = work.resolve("shop.duckdb");
        try (EmbeddedSourceDatabase source = startSource(work.resolve("postgres"))) {
            try (PipelineMetrics metrics = new PipelineMetrics();
                 StatusServer http = servePort == null ? null
                         : StatusServer.bind(new HttpConfig("127.0.0.1", servePort, null));
                 Pipeline pipeline = Pipeline.start(pipelineConfig(source, warehouseFile), metrics)) {
                out.printf("Pipeline running: PostgreSQL %s:%d/%s -> DuckDB %s%n", source.host(), source.port(),
                        EmbeddedSourceDatabase.DATABASE, warehouseFile);
                if (http != null) {
                    metrics.watch(pipeline.sources(), pipeline.stats());
                    http.serve(pipeline, metrics);
                    out.printf("Status page: %s/%n", http.address());
                    out.flush();
                }
                long sourceChanges = runWorkload(source, pipeline.stats());
                List<TableComparison.Result> results = catchUp(source, pipeline);
                printSummary(results, sourceChanges, pipeline.stats());
                return verdict(results, out);
            }
        } finally {
            if (keep) {
                out.println("Warehouse kept at " + warehouseFile);
            } else {
                deleteRecursively(work);
            }
        }
    }

    private EmbeddedSourceDatabase startSource(Path directory) throws IOException, SQLException {
        long start = System.nanoTime();
        out.println("Starting embedded PostgreSQL (source, wal_level=logical)...");
        EmbeddedSourceDatabase source = EmbeddedSourceDatabase.start(directory);
        try (Connection connection = source.connect()) {
            ShopSchema.create(connection);
            ShopSchema.seed(connection, customers, new Random(42));
            try (var statement = connection.createStatement()) {
                statement.execute("ANALYZE"); // row estimates, for the status page's snapshot progress
            }
        }
        out.printf("Source ready in %d ms: %d customers, %d orders, %d order items seeded%n",
                Duration.ofNanos(System.nanoTime() - start).toMillis(), customers, customers * 2, customers * 6);
        return source;
    }

    private static PipelineConfig pipelineConfig(EmbeddedSourceDatabase source, Path warehouseFile) {
        SourceConfig shop = new SourceConfig("shop", SourceType.POSTGRES, source.host(), source.port(), source.user(),
                null, EmbeddedSourceDatabase.DATABASE, ShopSchema.TABLES, SnapshotMode.INITIAL, null, null, Map.of());
        WarehouseConfig warehouse = new WarehouseConfig(WarehouseType.DUCKDB, warehouseFile, null, null, null, null,
                DeleteMode.HARD, WarehouseConfig.DEFAULT_TABLE_NAME_TEMPLATE);
        return new PipelineConfig("demo", List.of(shop), warehouse, FlushConfig.DEFAULTS, null);
    }

    /** Runs the workload for the demo's duration, printing progress; returns the source row changes made. */
    private long runWorkload(EmbeddedSourceDatabase source, PipelineStats stats) throws Exception {
        out.printf("Streaming changes for %d s at %d transactions/s...%n", duration.toSeconds(), rate);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (Connection connection = source.connect()) {
            ShopWorkload workload = new ShopWorkload(connection, new Random(7));
            Future<?> running = executor.submit(() -> {
                workload.run(rate, duration);
                return null;
            });
            long start = System.nanoTime();
            while (!running.isDone()) {
                try {
                    running.get(PROGRESS_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException stillRunning) {
                    double seconds = (System.nanoTime() - start) / 1e9;
                    out.printf("  [%3.0fs] source changes %,d (%,.0f/s)  captured %,d  lag p50 %s%n", seconds,
                            workload.rowChanges(), workload.rowChanges() / seconds, stats.changes(),
                            millis(stats.lagPercentile(50)));
                }
            }
            running.get();
            return workload.rowChanges();
        } finally {
            executor.shutdownNow();
        }
    }

    /**
     * Compares until the warehouse equals the source, or the catch-up time runs out. A table the
     * warehouse does not have yet (the snapshot is still running) counts as not caught up.
     */
    private List<TableComparison.Result> catchUp(EmbeddedSourceDatabase source, Pipeline pipeline) throws Exception {
        long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
        out.println("Waiting for the warehouse to catch up...");
        while (true) {
            List<TableComparison.Result> results;
            try {
                results = compare(source, pipeline);
            } catch (SQLException notYet) {
                // A table the snapshot has not reached yet (a loaded machine is slow) does not exist in the
                // warehouse: wait for it like for any other difference, until the deadline.
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(500);
                continue;
            }
            if (results.stream().allMatch(TableComparison.Result::equal) || System.nanoTime() > deadline) {
                return results;
            }
            Thread.sleep(500);
        }
    }

    private static List<TableComparison.Result> compare(EmbeddedSourceDatabase source, Pipeline pipeline)
            throws SQLException {
        List<TableComparison.Result> results = new ArrayList<>();
        try (Connection sourceConnection = source.connect(); Connection warehouse = pipeline.warehouse().getConnection()) {
            for (String qualified : ShopSchema.TABLES) {
                String table = qualified.substring(qualified.indexOf('.') + 1);
                results.add(TableComparison.compare(table, sourceConnection, "public." + table, warehouse,
                        pipeline.dialect().quote(table), pipeline.dialect()::quote));
            }
        }
        return results;
    }

    private void printSummary(List<TableComparison.Result> results, long sourceChanges, PipelineStats stats) {
        out.println();
        out.printf("%-14s %12s %12s  %s%n", "table", "source rows", "warehouse", "");
        for (TableComparison.Result result : results) {
            out.printf("%-14s %,12d %,12d  %s%n", result.table(), result.sourceRows(), result.warehouseRows(),
                    result.equal() ? "equal" : "DIFFERENT");
            result.examples().forEach(example -> out.println("    " + example));
        }
        double seconds = Math.max(1, duration.toSeconds());
        out.printf("%nsource changes: %,d (%,.0f/s)   captured and committed: %,d changes in %,d flushes%n",
                sourceChanges, sourceChanges / seconds, stats.changes(), stats.flushes());
        out.printf("lag (source commit -> warehouse commit): p50 %s, p99 %s%n",
                millis(stats.lagPercentile(50)), millis(stats.lagPercentile(99)));
    }

    /** Prints the last line: {@code OK …} when every table is equal, else {@code MISMATCH …} naming the tables. */
    static boolean verdict(List<TableComparison.Result> results, PrintWriter out) {
        List<String> different = results.stream().filter(r -> !r.equal()).map(TableComparison.Result::table).toList();
        if (different.isEmpty()) {
            long rows = results.stream().mapToLong(TableComparison.Result::sourceRows).sum();
            out.printf("OK source and warehouse are equal: %d tables, %,d rows%n", results.size(), rows);
            return true;
        }
        out.println("MISMATCH tables differ between source and warehouse: " + String.join(", ", different));
        return false;
    }

    private static String millis(long value) {
        return value < 0 ? "n/a" : value + " ms";
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
