package io.sluice.bench.writer;

import io.sluice.connector.dialect.Dialects;
import io.sluice.testing.DatabaseServer;
import io.sluice.testing.TestDatabase;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The writer benchmark (issue 4): the same N change events, in one run, through (a) Sluice's reader,
 * reduction buffer and writer, (b) Debezium's JDBC sink task, into a fresh database each, and (c) the
 * warehouse's bulk load of the final rows into an empty table — then checks that (a) and (b) hold
 * identical tables. Also Sluice into a DuckDB file. Before measuring, a warm-up on a sample runs
 * Sluice once and each Debezium candidate setting once, and the fastest setting is measured.
 *
 * <p>Times are wall-clock around the writing only: making the records, starting servers and building
 * connection pools or Hibernate's session factory are not timed. The last line printed is the
 * {@link Result#line() RESULT line}.
 */
public final class WriterBenchmark {

    /** The parts of the benchmark that can be left out, e.g. while working on one of them. */
    public enum Run { SLUICE, DEBEZIUM, BULK_LOAD, DUCKDB }

    /**
     * @param events              change events to generate
     * @param seed                the change stream's seed
     * @param flushRows           Sluice's flush.max-rows
     * @param flushBytes          Sluice's flush.max-bytes
     * @param debeziumCandidates  settings of Debezium's sink tried in the warm-up; the fastest is measured
     * @param tuneEvents          events in the warm-up; 0 skips it and measures the first candidate
     * @param runs                what to measure
     */
    public record Options(int events, Warehouse warehouse, long seed, int flushRows, long flushBytes,
                          List<DebeziumSinkRun.Settings> debeziumCandidates, int tuneEvents, Set<Run> runs) {
        public Options {
            if (events <= 0) {
                throw new IllegalArgumentException("--events must be above 0, got " + events);
            }
            if (debeziumCandidates.isEmpty()) {
                throw new IllegalArgumentException("at least one Debezium batch size is needed");
            }
            runs = runs.isEmpty() ? EnumSet.noneOf(Run.class) : EnumSet.copyOf(runs);
        }
    }

    /**
     * The figures of one benchmark; a part not run is null.
     *
     * @param tablesIdentical whether Sluice's and Debezium's tables are identical
     * @param allChecksPassed whether, besides, every table written equals the final state computed in Java
     */
    public record Result(Throughput sluice, Throughput debezium, Throughput bulkLoad, Boolean tablesIdentical,
                         boolean allChecksPassed) {

        /** Whether everything the RESULT line needs was measured. */
        public boolean complete() {
            return sluice != null && debezium != null && bulkLoad != null && tablesIdentical != null;
        }

        /** The one-line summary; only when {@link #complete()}. */
        public String line() {
            return String.format(Locale.ROOT,
                    "RESULT sluice_rows_s=%d debezium_rows_s=%d copy_rows_s=%d sluice_vs_debezium=%.2f"
                            + " sluice_vs_copy=%.2f tables_identical=%s",
                    Math.round(sluice.perSecond()), Math.round(debezium.perSecond()), Math.round(bulkLoad.perSecond()),
                    sluice.perSecond() / debezium.perSecond(), sluice.perSecond() / bulkLoad.perSecond(), tablesIdentical);
        }
    }

    private static final String TABLE = BenchTable.TABLE;
    private static final String LIMIT_TABLE = "customers_limit";

    private final Options options;
    private final PrintStream out;
    private int checksFailed;

    public WriterBenchmark(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Why Sluice cannot write to this warehouse on this build, if it cannot. */
    public static Optional<String> sluiceUnsupported(Warehouse warehouse) {
        String sampleUrl = warehouse == Warehouse.MARIADB ? "jdbc:mariadb://127.0.0.1/sluice" : "jdbc:postgresql://127.0.0.1/sluice";
        try {
            Dialects.forJdbcUrl(sampleUrl);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    public Result run() throws Exception {
        Warehouse warehouse = options.warehouse();
        Set<Run> runs = options.runs();
        FinalState finalState = FinalState.replay(options.seed(), options.events());
        printf("Sluice writer benchmark: %,d change events on one 10-column table (%s), warehouse %s%n",
                options.events(), String.join(", ", BenchTable.COLUMNS), warehouse.id());
        printf("  mix: %,d inserts (%,d of them re-insert a deleted key), %,d updates, %,d deletes -> %,d rows at the end;"
                        + " seed %d%n", finalState.inserts(), finalState.reinserts(), finalState.updates(),
                finalState.deletes(), finalState.rows(), options.seed());
        printf("  machine: %d cores, load average %s at start; JVM max heap %,d MB%n",
                Runtime.getRuntime().availableProcessors(), loadAverage(), Runtime.getRuntime().maxMemory() >> 20);

        long started = System.nanoTime();
        DatabaseServer server = warehouse.server();
        printf("  %s server started in %.1f s (not timed)%n", warehouse.id(), (System.nanoTime() - started) / 1e9);

        DebeziumSinkRun.Settings debezium = tune(server);

        int events = options.events();
        printf("measured, %,d events, a fresh database each:%n", events);
        Throughput sluice = null;
        Throughput debeziumThroughput = null;
        Throughput bulk = null;
        Boolean identical = null;
        List<TestDatabase> databases = new ArrayList<>();
        try {
            TestDatabase sluiceDb = null;
            TestDatabase debeziumDb = null;
            TestDatabase bulkDb = null;
            if (runs.contains(Run.SLUICE)) {
                sluiceDb = track(databases, server.createDatabase());
                SluiceRun.Outcome outcome = new SluiceRun(options.flushRows(), options.flushBytes())
                        .run(sluiceDb.jdbcUrl(), sluiceDb.user(), sluiceDb.password(), records(events));
                sluice = outcome.throughput();
                report("(a) sluice -> " + warehouse.id() + String.format(Locale.ROOT, " (%,d flushes of up to %,d events)",
                        outcome.flushes(), options.flushRows()), sluice, "events");
            }
            if (runs.contains(Run.DEBEZIUM)) {
                debeziumDb = track(databases, server.createDatabase());
                debeziumThroughput = new DebeziumSinkRun(debezium)
                        .run(warehouse.debeziumUrl(debeziumDb), debeziumDb.user(), debeziumDb.password(), records(events));
                report("(b) debezium jdbc sink -> " + warehouse.id() + " (" + debezium + ")", debeziumThroughput, "events");
            }
            List<Object[]> finalRows = finalState.materialize();
            if (runs.contains(Run.BULK_LOAD)) {
                bulkDb = track(databases, server.createDatabase());
                bulk = bulkLoad(bulkDb, sluiceDb != null ? sluiceDb : debeziumDb, finalRows);
            }
            TableComparison.Result duckDbChecked = runs.contains(Run.DUCKDB) ? duckDb(finalRows) : null;

            out.println("verification:");
            if (sluiceDb != null && debeziumDb != null) {
                try (Connection a = sluiceDb.connect(); Connection b = debeziumDb.connect()) {
                    TableComparison.Result compared = TableComparison.compare(a, TABLE, b, TABLE);
                    identical = compared.identical();
                    printComparison("(a) sluice's and (b) debezium's tables", compared);
                }
            }
            checkFinalState("(a) sluice's table", sluiceDb, TABLE, finalRows);
            checkFinalState("(b) debezium's table", debeziumDb, TABLE, finalRows);
            checkFinalState("(c) the bulk-loaded table", bulkDb, LIMIT_TABLE, finalRows);
            if (duckDbChecked != null) {
                printComparison("sluice's duckdb table and the final state computed in Java", duckDbChecked);
            }
        } finally {
            for (TestDatabase database : databases) {
                database.close();
            }
        }
        printf("  load average at the end: %s%n", loadAverage());
        return new Result(sluice, debeziumThroughput, bulk, identical, checksFailed == 0);
    }

    /** Compares a table with the final state computed in Java and prints the outcome; nothing when it was not run. */
    private void checkFinalState(String what, TestDatabase database, String table, List<Object[]> finalRows)
            throws SQLException {
        if (database == null) {
            return;
        }
        try (Connection connection = database.connect()) {
            printComparison(what + " and the final state computed in Java",
                    TableComparison.compare(connection, table, finalRows));
        }
    }

    /**
     * Warms up both writers on a sample and returns Debezium's fastest candidate setting; with one
     * candidate or no warm-up, that candidate.
     */
    private DebeziumSinkRun.Settings tune(DatabaseServer server) throws SQLException, InterruptedException {
        List<DebeziumSinkRun.Settings> candidates = options.debeziumCandidates();
        int sample = Math.min(options.tuneEvents(), options.events());
        if (sample == 0) {
            return candidates.get(0);
        }
        printf("warm-up and choice of Debezium's settings on the first %,d events, a fresh database each:%n", sample);
        if (options.runs().contains(Run.SLUICE)) {
            try (TestDatabase db = server.createDatabase()) {
                report("sluice", new SluiceRun(options.flushRows(), options.flushBytes())
                        .run(db.jdbcUrl(), db.user(), db.password(), records(sample)).throughput(), "events");
            }
        }
        if (!options.runs().contains(Run.DEBEZIUM)) {
            return candidates.get(0);
        }
        // The first candidate measured would otherwise also pay for loading and compiling the sink's classes.
        try (TestDatabase db = server.createDatabase()) {
            report("debezium, warm-up only (" + candidates.get(0) + ")", new DebeziumSinkRun(candidates.get(0))
                    .run(options.warehouse().debeziumUrl(db), db.user(), db.password(), records(sample)), "events");
        }
        DebeziumSinkRun.Settings best = null;
        double bestRate = -1;
        for (DebeziumSinkRun.Settings candidate : candidates) {
            try (TestDatabase db = server.createDatabase()) {
                Throughput throughput = new DebeziumSinkRun(candidate)
                        .run(options.warehouse().debeziumUrl(db), db.user(), db.password(), records(sample));
                report("debezium " + candidate, throughput, "events");
                if (throughput.perSecond() > bestRate) {
                    best = candidate;
                    bestRate = throughput.perSecond();
                }
            } catch (RuntimeException e) {
                // A setting that cannot write this table is no candidate; say why and go on.
                printf("  %-84s fails: %s%n", "debezium " + candidate, rootCause(e));
            }
        }
        if (best == null) {
            throw new IllegalStateException("every candidate setting of Debezium's JDBC sink failed; see above");
        }
        printf("  -> measuring Debezium's fastest: %s%n", best);
        return best;
    }

    /** (c): the final rows into an empty table shaped like the one the writers created. */
    private Throughput bulkLoad(TestDatabase target, TestDatabase shapeOf, List<Object[]> rows) throws SQLException {
        Warehouse warehouse = options.warehouse();
        if (shapeOf == null) {
            throw new IllegalArgumentException("the bulk load copies the shape of Sluice's or Debezium's table: run one of them too");
        }
        List<String> columns;
        try (Connection connection = shapeOf.connect()) {
            columns = warehouse.columnDefinitions(connection, TABLE);
        }
        target.execute("CREATE TABLE " + LIMIT_TABLE + " (" + String.join(", ", columns) + ", PRIMARY KEY (id))");
        BulkLoad load = warehouse.bulkLoad();
        try (Connection connection = DriverManager.getConnection(warehouse.bulkLoadUrl(target), target.user(), target.password())) {
            Throughput throughput = load.load(connection, LIMIT_TABLE, rows);
            report("(c) " + load.name() + " of the final rows -> " + warehouse.id() + " (empty table, same shape)",
                    throughput, "rows");
            return throughput;
        }
    }

    /** Sluice into a DuckDB file (printed, not part of the RESULT line); returns its check against the final state. */
    private TableComparison.Result duckDb(List<Object[]> finalRows) throws SQLException, IOException, InterruptedException {
        Path directory = Files.createTempDirectory("sluice-bench-duckdb-");
        try {
            String url = "jdbc:duckdb:" + directory.resolve("warehouse.duckdb");
            Throughput throughput = new SluiceRun(options.flushRows(), options.flushBytes())
                    .run(url, null, null, records(options.events())).throughput();
            report("    sluice -> duckdb (temporary file)", throughput, "events");
            try (Connection connection = DriverManager.getConnection(url)) {
                return TableComparison.compare(connection, TABLE, finalRows);
            }
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + String.valueOf(cause.getMessage()).replaceAll("\\s+", " ");
    }

    private ChangeRecords records(int events) {
        return new ChangeRecords(options.seed(), events);
    }

    private static TestDatabase track(List<TestDatabase> databases, TestDatabase database) {
        databases.add(database);
        return database;
    }

    private void report(String what, Throughput throughput, String unit) {
        printf("  %-84s %,10d %s in %7.2f s = %,9.0f %s/s%n", what, throughput.count(), unit, throughput.seconds(),
                throughput.perSecond(), unit);
    }

    private void printComparison(String what, TableComparison.Result result) {
        checksFailed += result.identical() ? 0 : 1;
        printf("  %s: %,d and %,d rows, %s%n", what, result.leftRows(), result.rightRows(),
                result.identical() ? "identical" : String.format(Locale.ROOT, "%,d rows DIFFER", result.differences()));
        for (String example : result.examples()) {
            printf("    %s%n", example);
        }
    }

    private void printf(String format, Object... args) {
        out.printf(Locale.ROOT, format, args);
        out.flush();
    }

    /** The 1-minute load average, as {@code uptime} shows it. */
    static String loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f (1 min)", load);
    }
}
