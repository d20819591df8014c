package io.sluice.engine.bench;

import io.sluice.engine.demo.TableComparison;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

    /** Where the torture's source database comes from, given the embedded PostgreSQL that holds the warehouse. */
    @FunctionalInterface
    public interface SourceDatabase {
        BenchDatabase create(EmbeddedPostgresServer postgres) throws Exception;
    }

    /**
     * The torture as a command runs it: an embedded PostgreSQL for the warehouse (and, if {@code source} wants,
     * the source), the run, its summary and RESULT line on {@code out}; the work folder kept when something
     * differs. True when the warehouse came out exact and the engine's last exit was clean.
     */
    public static boolean runAndReport(SourceDatabase source, Options options, PrintStream out) throws Exception {
        try (WorkFolder work = WorkFolder.create("sluice-torture-");
             EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(work.path().resolve("postgres"), Map.of())) {
            BenchDatabase warehouse = postgres.createDatabase("torture_warehouse");
            Outcome outcome = new Torture(source.create(postgres), warehouse, options, work.path(), out).run();
            out.printf("%,d source changes; %d of %d kills during the snapshot%n", outcome.sourceChanges(),
                    outcome.killsDuringSnapshot(), outcome.kills());
            out.println(outcome.resultLine());
            if (!outcome.verdict().exact()) {
                work.keep();
                out.println("work folder kept: " + work.path());
            }
            return outcome.verdict().exact() && outcome.lastExitCode() == 0;
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
        LoadedPipeline pipeline = LoadedPipeline.prepare(PIPELINE, source, warehouse, work, options.accounts(),
                options.rate(), options.seed(), "  max-rows: 2000\n  max-age: 200ms\n");
        out.printf("source %s seeded with %,d rows; warehouse %s; engine log %s%n", source, options.accounts() * 4,
                warehouse, pipeline.log());
        VersionedLoad load = pipeline.load();
        pipeline.startLoad();
        int duringSnapshot = 0;
        try {
            for (int kill = 1; kill <= options.kills(); kill++) {
                boolean aimAtSnapshot = kill <= (options.kills() + 2) / 3;
                String before = pipeline.committedOffset();
                long started = System.nanoTime();
                try (EngineProcess engine = pipeline.startEngine()) {
                    pipeline.awaitCommit(engine, before, aimAtSnapshot);
                    Thread.sleep(aimAtSnapshot ? random.nextInt(400) : 500 + random.nextInt(3_500));
                    pipeline.requireRunning(engine);
                    engine.kill();
                }
                boolean inSnapshot = LoadedPipeline.isSnapshotInProgress(pipeline.committedOffset());
                duringSnapshot += inSnapshot ? 1 : 0;
                out.printf("kill %d/%d after %.1f s, %s (source: %,d load transactions so far)%n", kill, options.kills(),
                        (System.nanoTime() - started) / 1e9, inSnapshot ? "during the snapshot" : "while streaming",
                        load.transactions());
            }
            try (EngineProcess engine = pipeline.startEngine()) {
                pipeline.awaitCommit(engine, pipeline.committedOffset(), false);
                pipeline.stopLoad();
                List<TableComparison.Result> different = pipeline.awaitCatchUp(engine, options.catchUp());
                if (!different.isEmpty()) {
                    out.println("the warehouse did not catch up within " + options.catchUp().toSeconds() + " s: "
                            + different);
                }
                int exit = engine.terminate(60);
                out.printf("load stopped after %,d transactions; the engine caught up and exited %d on SIGTERM%n",
                        load.transactions(), exit);
                ExactlyOnceCheck.Verdict verdict = pipeline.verify();
                verdict.details().forEach(detail -> out.println("  " + detail));
                long changes = load.log().stream().filter(change -> change.op() != 'd').count();
                return new Outcome(options.kills(), duringSnapshot, changes, verdict, exit);
            }
        } finally {
            load.stop();
        }
    }
}
