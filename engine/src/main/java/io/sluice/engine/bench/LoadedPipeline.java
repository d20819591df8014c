package io.sluice.engine.bench;

import io.sluice.engine.demo.TableComparison;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A source under a {@link VersionedLoad}, a PostgreSQL warehouse, and the pipeline file between them,
 * every table with history: what the torture and the outage and SIGTERM tests share. The engine runs as
 * a separate process ({@link EngineProcess}); its output of every run goes to one log file.
 */
public final class LoadedPipeline {

    private final String name;
    private final BenchDatabase source;
    private final BenchDatabase warehouse;
    private final Path file;
    private final Path log;
    private final VersionedLoad load;
    private Thread loadThread;

    private LoadedPipeline(String name, BenchDatabase source, BenchDatabase warehouse, Path file, Path log,
                           VersionedLoad load) {
        this.name = name;
        this.source = source;
        this.warehouse = warehouse;
        this.file = file;
        this.log = log;
        this.load = load;
    }

    /**
     * Creates the load's tables in {@code source}, seeds them, and writes the pipeline file into {@code work}.
     *
     * @param accounts  accounts seeded before the first start (each with a transfer of two lines: 4 rows)
     * @param flushYaml the {@code flush:} block's body, indented by two spaces
     */
    public static LoadedPipeline prepare(String name, BenchDatabase source, BenchDatabase warehouse, Path work,
                                         int accounts, int rate, long seed, String flushYaml)
            throws SQLException, IOException {
        VersionedLoad.createTables(source);
        VersionedLoad load = new VersionedLoad(source, seed, rate);
        load.seed(accounts);
        Path file = PipelineFile.write(work.resolve(name + ".yaml"), name, source, VersionedLoad.TABLES, true, warehouse,
                flushYaml);
        return new LoadedPipeline(name, source, warehouse, file, work.resolve(name + ".log"), load);
    }

    public Path log() {
        return log;
    }

    public VersionedLoad load() {
        return load;
    }

    public EngineProcess startEngine() throws IOException {
        return EngineProcess.run(file, log);
    }

    /** Starts the load, or starts it again after {@link #stopLoad()}. */
    public void startLoad() {
        load.resume();
        loadThread = new Thread(load, "versioned-load");
        loadThread.start();
    }

    /** Stops the load and waits for its last transaction; fails when the load failed. */
    public void stopLoad() throws InterruptedException {
        load.stop();
        if (loadThread != null) {
            loadThread.join();
        }
        if (load.failure() != null) {
            throw new IllegalStateException("the load failed: " + load.failure(), load.failure());
        }
    }

    /** The engine must still run, and the load too. */
    public void requireRunning(EngineProcess engine) throws IOException {
        if (!engine.isAlive()) {
            throw new IllegalStateException("the engine exited by itself:\n" + tail(engine.output()));
        }
        if (load.failure() != null) {
            throw new IllegalStateException("the load failed: " + load.failure(), load.failure());
        }
    }

    /** The source's committed offsets in the warehouse, as the engine stored them; empty before the first flush. */
    public String committedOffset() throws SQLException {
        try (Connection connection = warehouse.connect();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT offset_value FROM _sluice_offsets WHERE pipeline = ? ORDER BY partition_key")) {
            statement.setString(1, name);
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

    /**
     * Waits until the engine commits a flush after the offsets {@code before}: any flush when
     * {@code snapshotWillDo}, else one of streamed changes.
     */
    public void awaitCommit(EngineProcess engine, String before, boolean snapshotWillDo) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            requireRunning(engine);
            String now = committedOffset();
            if (!now.isEmpty() && !now.equals(before) && (snapshotWillDo || !isSnapshotInProgress(now))) {
                return;
            }
            Thread.sleep(snapshotWillDo ? 20 : 100);
        }
        throw new IllegalStateException("the engine committed nothing for 3 minutes:\n" + tail(engine.output()));
    }

    /** Waits until every table equals the source; the last comparison when they did not within {@code timeout}. */
    public List<TableComparison.Result> awaitCatchUp(EngineProcess engine, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<TableComparison.Result> last = List.of();
        while (System.nanoTime() < deadline) {
            requireRunning(engine);
            try {
                last = ExactlyOnceCheck.compareTables(source, warehouse);
                if (last.stream().allMatch(TableComparison.Result::equal)) {
                    return List.of();
                }
            } catch (SQLException notYet) {
                // a table the engine has not created yet
            }
            Thread.sleep(500);
        }
        return last;
    }

    /** Tables and history against everything the load committed; call once the load has stopped. */
    public ExactlyOnceCheck.Verdict verify() throws SQLException {
        return ExactlyOnceCheck.check(source, warehouse, load.log());
    }

    /** True for the offsets of an initial snapshot still being written. */
    public static boolean isSnapshotInProgress(String offset) {
        return offset.contains("\"snapshot\":\"INITIAL\"") && !offset.contains("\"last_snapshot_record\":true")
                && !offset.contains("\"snapshot_completed\":true");
    }

    /** The last 40 lines of an output, for failure messages. */
    public static String tail(String output) {
        String[] lines = output.split("\n");
        return String.join("\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - 40), lines.length));
    }
}
