package io.sluice.engine.bench;

import io.sluice.engine.demo.TableComparison;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * The kill -9 torture: {@code sluice run} as a separate process captures a source that a
 * {@link VersionedLoad} keeps changing, and is killed with SIGKILL at random moments, {@code kills} times —
 * the first third while the initial snapshot is being written, the rest while it streams (with a flush
 * every 200 ms under load, many land in the middle of one) — and started again each time. Then the
 * load stops, the engine catches up and is stopped with SIGTERM, and {@link ExactlyOnceCheck} compares
 * every table with the source and the history tables with every change the load made.
 *
 * <p>Ends with {@code RESULT kills=<n> lost=<n> duplicated=<n> tables_equal=<true|false>}.
 */
public final class Torture {

    /**
     * @param kills    how many times the engine is killed
     * @param accounts accounts seeded before the first start (each with a transfer of two lines)
     * @param rate     load transactions per second
     * @param seed     for the load and the kill moments
     */
    public record Options(int kills, int accounts, int rate, long seed, Duration catchUp) {

        public static Options of(int kills) {
            return new Options(kills, 5_000, 200, 42, Duration.ofSeconds(120));
        }
    }

    /** What one run found; {@link #resultLine()} is the harness's last line. */
    public record Outcome(int kills, int killsDuringSnapshot, long sourceChanges, ExactlyOnceCheck.Verdict verdict,
                          int lastExitCode) {

        public String resultLine() {
            return "RESULT kills=" + kills + " lost=" + verdict.lost() + " duplicated=" + verdict.duplicated()
                    + " tables_equal=" + verdict.tablesEqual();
        }
    }

    private static final String PIPELINE = "torture";

    private final BenchDatabase source;
    private final BenchDatabase warehouse;
    private final Options options;
    private final Path work;
    private final PrintStream out;
    private final Random random;

    /**
     * @param source    an empty database: the load creates its tables there
     * @param warehouse an empty PostgreSQL database
     * @param work      a folder for the pipeline file and the engine's log
     */
    public Torture(BenchDatabase source, BenchDatabase warehouse, Options options, Path work, PrintStream out) {
        this.source = source;
        this.warehouse = warehouse;
        this.options = options;
        this.work = work;
        this.out = out;
        this.random = new Random(options.seed());
    }

    public Outcome run() throws Exception {
        VersionedLoad.createTables(source);
        VersionedLoad load = new VersionedLoad(source, options.seed(), options.rate());
        load.seed(options.accounts());
        Path pipeline = PipelineFile.write(work.resolve("torture.yaml"), PIPELINE, source, VersionedLoad.TABLES, true,
                warehouse, "  max-rows: 2000\n  max-age: 200ms\n");
        Path log = work.resolve("engine.log");
        out.printf("source %s seeded with %,d rows; warehouse %s; engine log %s%n", source, options.accounts() * 4,
                warehouse, log);

        Thread loadThread = new Thread(load, "versioned-load");
        loadThread.start();
        int duringSnapshot = 0;
        try {
            for (int kill = 1; kill <= options.kills(); kill++) {
                boolean aimAtSnapshot = kill <= (options.kills() + 2) / 3;
                String before = committedOffset();
                long started = System.nanoTime();
                try (EngineProcess engine = EngineProcess.run(pipeline, log)) {
                    if (aimAtSnapshot) {
                        awaitOffset(engine, before, true);
                        Thread.sleep(random.nextInt(400));
                    } else {
                        awaitOffset(engine, before, false);
                        Thread.sleep(500 + random.nextInt(3_500));
                    }
                    requireAlive(engine, load);
                    engine.kill();
                }
                boolean inSnapshot = isSnapshotInProgress(committedOffset());
                duringSnapshot += inSnapshot ? 1 : 0;
                out.printf("kill %d/%d after %.1f s, %s (source: %,d load transactions so far)%n", kill, options.kills(),
                        (System.nanoTime() - started) / 1e9, inSnapshot ? "during the snapshot" : "while streaming",
                        load.transactions());
            }
            try (EngineProcess engine = EngineProcess.run(pipeline, log)) {
                awaitOffset(engine, committedOffset(), false);
                requireAlive(engine, load);
                load.stop();
                loadThread.join();
                if (load.failure() != null) {
                    throw new IllegalStateException("the load failed: " + load.failure(), load.failure());
                }
                awaitCatchUp(engine);
                int exit = engine.terminate(60);
                out.printf("load stopped after %,d transactions; the engine caught up and exited %d on SIGTERM%n",
                        load.transactions(), exit);
                ExactlyOnceCheck.Verdict verdict = ExactlyOnceCheck.check(source, warehouse, load.log());
                verdict.details().forEach(detail -> out.println("  " + detail));
                long changes = load.log().stream().filter(change -> change.op() != 'd').count();
                return new Outcome(options.kills(), duringSnapshot, changes, verdict, exit);
            }
        } finally {
            load.stop();
            loadThread.join();
        }
    }

    /**
     * Waits until the engine commits a flush after {@code before}: of the snapshot ({@code snapshot}), or of
     * streamed changes.
     */
    private void awaitOffset(EngineProcess engine, String before, boolean snapshot) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!engine.isAlive()) {
                throw new IllegalStateException("the engine exited by itself:\n" + tail(engine.output()));
            }
            String now = committedOffset();
            // Aiming at the snapshot, any new commit will do: a snapshot already over is as far as it goes.
            if (!now.isEmpty() && !now.equals(before) && (snapshot || !isSnapshotInProgress(now))) {
                return;
            }
            Thread.sleep(snapshot ? 20 : 100);
        }
        throw new IllegalStateException("the engine committed nothing for 3 minutes:\n" + tail(engine.output()));
    }

    private void awaitCatchUp(EngineProcess engine) throws Exception {
        long deadline = System.nanoTime() + options.catchUp().toNanos();
        List<TableComparison.Result> last = List.of();
        while (System.nanoTime() < deadline) {
            requireAlive(engine, null);
            try {
                last = ExactlyOnceCheck.compareTables(source, warehouse);
                if (last.stream().allMatch(TableComparison.Result::equal)) {
                    return;
                }
            } catch (SQLException notYet) {
                // a table the engine has not created yet
            }
            Thread.sleep(500);
        }
        out.println("the warehouse did not catch up within " + options.catchUp().toSeconds() + " s: " + last);
    }

    private static void requireAlive(EngineProcess engine, VersionedLoad load) throws Exception {
        if (!engine.isAlive()) {
            throw new IllegalStateException("the engine exited by itself:\n" + tail(engine.output()));
        }
        if (load != null && load.failure() != null) {
            throw new IllegalStateException("the load failed: " + load.failure(), load.failure());
        }
    }

    /** The source's committed offset in the warehouse, as the engine stored it; empty before the first flush. */
    private String committedOffset() throws SQLException {
        try (Connection connection = warehouse.connect();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT offset_value FROM _sluice_offsets WHERE pipeline = ? ORDER BY partition_key")) {
            statement.setString(1, PIPELINE);
            try (ResultSet rows = statement.executeQuery()) {
                StringBuilder offsets = new StringBuilder();
                while (rows.next()) {
                    offsets.append(rows.getString(1));
                }
                return offsets.toString();
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return ""; // no offsets table before the engine's first start
            }
            throw e;
        }
    }

    static boolean isSnapshotInProgress(String offset) {
        return offset.contains("\"snapshot\":\"INITIAL\"") && !offset.contains("\"last_snapshot_record\":true")
                && !offset.contains("\"snapshot_completed\":true");
    }

    private static String tail(String output) {
        String[] lines = output.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 40), lines.length));
    }

    /** A temp folder for one run. */
    public static Path workFolder() throws java.io.IOException {
        return Files.createTempDirectory("sluice-torture-");
    }
}
