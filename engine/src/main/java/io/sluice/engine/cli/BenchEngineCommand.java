package io.sluice.engine.cli;

import io.sluice.config.Durations;
import io.sluice.engine.bench.EmbeddedPostgresServer;
import io.sluice.engine.bench.IngestBenchmark;
import io.sluice.engine.bench.LagBenchmark;
import io.sluice.engine.bench.SnapshotBenchmark;
import io.sluice.engine.bench.WorkFolder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice bench-engine snapshot|lag|ingest}: the engine's own harnesses, outside the test suite ({@code sluice
 * bench torture} runs {@code engine.bench.Torture} from the bench module, which can start an embedded MariaDB).
 * Hidden: {@code sluice bench …} is the documented entry ({@code bin/sluice} sends these three here).
 * Each starts an embedded PostgreSQL 14 for the source and the warehouse.
 */
@Command(name = "bench-engine", hidden = true, mixinStandardHelpOptions = true,
        description = "The snapshot, lag and HTTP ingest benchmarks of the standalone engine.",
        subcommands = {BenchEngineCommand.SnapshotCommand.class,
                BenchEngineCommand.LagCommand.class, BenchEngineCommand.IngestCommand.class})
final class BenchEngineCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "snapshot", mixinStandardHelpOptions = true,
            description = {"Generate a table of --rows rows in an embedded PostgreSQL, snapshot it with Sluice into a"
                    + " PostgreSQL warehouse with -Xmx512m, then move it with COPY TO STDOUT | COPY FROM STDIN. Ends with"
                    + " RESULT rows=<n> rows_s=<n> copy_rows_s=<n> snapshot_vs_copy=<ratio> peak_heap_mb=<n>."},
            footer = {"", "Example:", "  sluice bench-engine snapshot --rows 10000000"})
    static final class SnapshotCommand implements Callable<Integer> {

        @Option(names = "--rows", defaultValue = "1000000", description = "rows in the table (default: ${DEFAULT-VALUE})")
        long rows;

        @Option(names = "--keep", description = "keep the work folder (pipeline file, the snapshot's log) and print its path")
        boolean keep;

        @Option(names = "--snapshot-threads", defaultValue = "2",
                description = "the pipeline's snapshot-threads: readers of Sluice's snapshot, 0 for Debezium's own"
                        + " (default: ${DEFAULT-VALUE})")
        int snapshotThreads;

        @Override
        public Integer call() throws Exception {
            try (WorkFolder work = WorkFolder.create("sluice-snapshot-bench-");
                 EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(work.path().resolve("postgres"), Map.of())) {
                if (keep) {
                    work.keep();
                    System.out.println("work folder: " + work.path());
                }
                SnapshotBenchmark.Result result = SnapshotBenchmark.run(postgres.createDatabase("bench_source"),
                        postgres.createDatabase("bench_warehouse"), rows, snapshotThreads, work.path(), System.out);
                System.out.println(result.resultLine());
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "lag", mixinStandardHelpOptions = true,
            description = {"Stream --rate inserted rows per second for --duration from an embedded PostgreSQL into a"
                    + " PostgreSQL warehouse with `sluice run` (-Xmx512m, default flush settings) and measure each row's"
                    + " source commit to warehouse commit. Ends with RESULT p50_ms=<n> p99_ms=<n>."},
            footer = {"", "Example:", "  sluice bench-engine lag --rate 10000 --duration 60s",
                    "  sluice bench-engine lag --rate 2000 --duration 60s --max-age 100ms"})
    static final class LagCommand implements Callable<Integer> {

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--rate", defaultValue = "10000", description = "rows per second (default: ${DEFAULT-VALUE})")
        int rate;

        @Option(names = "--duration", defaultValue = "60s", description = "how long, e.g. 30s, 2m (default: ${DEFAULT-VALUE})")
        String duration;

        @Option(names = "--max-age", paramLabel = "TIME", description = "the pipeline's flush.max-age (default: the"
                + " pipeline file's default, 200ms)")
        String maxAge;

        @Option(names = "--keep", description = "keep the work folder (pipeline file, the engine's log) and print its path")
        boolean keep;

        @Override
        public Integer call() throws Exception {
            Duration length = duration(spec, "--duration", duration);
            Duration age = maxAge == null ? null : duration(spec, "--max-age", maxAge);
            try (WorkFolder work = WorkFolder.create("sluice-lag-bench-");
                 EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(work.path().resolve("postgres"),
                         LagBenchmark.SERVER_SETTINGS)) {
                if (keep) {
                    work.keep();
                    System.out.println("work folder: " + work.path());
                }
                LagBenchmark.Result result = LagBenchmark.run(postgres.createDatabase("lag_source"),
                        postgres.createDatabase("lag_warehouse"), rate, length, age, work.path(), System.out);
                System.out.println(result.resultLine());
                return ExitCodes.OK;
            }
        }
    }

    /** A duration option's value; a bad one is a usage error naming the option. */
    static Duration duration(CommandLine.Model.CommandSpec spec, String option, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": '" + text + "': " + e.getMessage());
        }
    }

    @Command(name = "ingest", mixinStandardHelpOptions = true,
            description = {"HTTP ingest into an embedded PostgreSQL warehouse, side by side with the database's own"
                    + " limits in one run: (a) --events events in requests of 1,000 from 4 clients against (b) COPY of"
                    + " the same rows; (c) single-event requests from 32 clients, each answered after its commit,"
                    + " against (d) 32 JDBC clients inserting one row per transaction. Ends with RESULT"
                    + " batched_events_s=<n> copy_rows_s=<n> batched_vs_copy=<ratio> single_events_s=<n>"
                    + " direct_commits_s=<n> single_vs_direct=<ratio> single_p99_ms=<n>."},
            footer = {"", "Example:", "  sluice bench ingest --events 1000000"})
    static final class IngestCommand implements Callable<Integer> {

        @Option(names = "--events", defaultValue = "1000000", description = "batched events and COPY rows; far fewer measure mostly phase (a)'s slower start (default: ${DEFAULT-VALUE})")
        int events;

        @Option(names = "--single-events", description = "single-event requests and direct one-row transactions"
                + " (default: --events, at most 50000)")
        Integer singles;

        @Option(names = "--warm-up", defaultValue = "10s", paramLabel = "TIME", description = "how long each workload"
                + " runs untimed first, so the figures are a running server's (default: ${DEFAULT-VALUE}; 0s: none)")
        String warmUp;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (WorkFolder work = WorkFolder.create("sluice-ingest-bench-");
                 EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(work.path().resolve("postgres"), Map.of())) {
                IngestBenchmark.Result result = IngestBenchmark.run(postgres.createDatabase("ingest_warehouse"), events,
                        singles != null ? singles : Math.min(events, 50_000), duration(spec, "--warm-up", warmUp),
                        work.path(), System.out);
                System.out.println(result.resultLine());
                return ExitCodes.OK;
            }
        }
    }
}
