package io.sluice.bench.cli;

import io.sluice.bench.writer.DebeziumSinkRun;
import io.sluice.bench.writer.Warehouse;
import io.sluice.bench.writer.WriterBenchmark;
import io.sluice.config.FlushConfig;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sluice bench writer}: Sluice's warehouse writer against Debezium's JDBC sink and the bulk-load limit. */
@Command(name = "writer",
        mixinStandardHelpOptions = true,
        description = {"Generates N change events (70%% inserts, 20%% updates, 10%% deletes, with key reuse) for one"
                + " 10-column table as Debezium PostgreSQL-connector records, and writes them, in one run and into a"
                + " fresh database each, with (a) Sluice's reader, reduction buffer and writer, (b) Debezium's JDBC sink"
                + " task (insert.mode=upsert, delete.enabled=true, its fastest batch settings from a warm-up), and"
                + " (c) the warehouse's bulk load of the final rows (PostgreSQL COPY, MariaDB LOAD DATA LOCAL INFILE)."
                + " Prints rows/s for each, Sluice into DuckDB too, checks that (a) and (b) hold identical tables, and"
                + " ends with one RESULT line."},
        footer = {"", "Examples:", "  sluice bench writer", "  sluice bench writer --events 200000 --warehouse mariadb"})
final class WriterBenchCommand implements Callable<Integer> {

    /** What --runs accepts, on the command line and in WriterBenchmark.Run order. */
    private static final List<String> RUN_NAMES = List.of("sluice", "debezium", "bulk-load", "duckdb");

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--events", defaultValue = "1000000", paramLabel = "N",
            description = "change events to generate (default: ${DEFAULT-VALUE})")
    private int events;

    @Option(names = "--warehouse", defaultValue = "postgres", paramLabel = "DB",
            description = "postgres or mariadb (default: ${DEFAULT-VALUE}); its embedded server is started")
    private Warehouse warehouse;

    @Option(names = "--seed", defaultValue = "42", description = "seed of the change stream (default: ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--flush-rows", paramLabel = "N",
            description = "Sluice's flush.max-rows (default: the engine's, 10000)")
    private Integer flushRows;

    @Option(names = "--debezium-batch-sizes", split = ",", splitSynopsisLabel = ",", defaultValue = "500,2000,5000,10000", paramLabel = "N",
            description = "batch.size values of Debezium's sink to try in the warm-up; the fastest is measured"
                    + " (default: ${DEFAULT-VALUE}; the largest is Sluice's flush size, so neither merges changes"
                    + " over a wider window than the other)")
    private List<Integer> debeziumBatchSizes;

    @Option(names = "--tune-events", defaultValue = "100000", paramLabel = "N",
            description = "events in the warm-up that also picks Debezium's settings; 0 skips it and measures the first"
                    + " batch size (default: ${DEFAULT-VALUE})")
    private int tuneEvents;

    @Option(names = "--runs", split = ",", splitSynopsisLabel = ",", defaultValue = "sluice,debezium,bulk-load,duckdb", paramLabel = "RUN",
            description = "what to measure, of ${DEFAULT-VALUE} (default: all); the RESULT line needs the first three")
    private List<String> runs;

    @Override
    public Integer call() throws Exception {
        EnumSet<WriterBenchmark.Run> selected = EnumSet.noneOf(WriterBenchmark.Run.class);
        for (String run : runs) {
            int index = RUN_NAMES.indexOf(run.trim().toLowerCase(java.util.Locale.ROOT));
            if (index < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--runs: unknown run '" + run + "'; choose from " + String.join(", ", RUN_NAMES));
            }
            selected.add(WriterBenchmark.Run.values()[index]);
        }
        for (int batchSize : debeziumBatchSizes) {
            if (batchSize <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--debezium-batch-sizes: " + batchSize + " is not a batch size; give numbers above 0");
            }
        }
        if (events <= 0 || tuneEvents < 0 || (flushRows != null && flushRows <= 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--events and --flush-rows must be above 0 and --tune-events at least 0");
        }
        PrintStream out = System.out;
        if (selected.contains(WriterBenchmark.Run.SLUICE)) {
            Optional<String> unsupported = WriterBenchmark.sluiceUnsupported(warehouse);
            if (unsupported.isPresent()) {
                System.err.println("sluice bench writer: Sluice has no " + (warehouse == Warehouse.MARIADB ? "MariaDB" : warehouse.id())
                        + " dialect on this build (" + unsupported.get() + "). Use --warehouse postgres, or measure"
                        + " the others alone with --runs debezium,bulk-load.");
                return BenchCommand.FAILED;
            }
        }
        FlushConfig flush = FlushConfig.DEFAULTS;
        WriterBenchmark.Options options = new WriterBenchmark.Options(events, warehouse, seed,
                flushRows != null ? flushRows : flush.maxRows(), flush.maxBytes(), candidates(), tuneEvents, selected);
        WriterBenchmark.Result result = new WriterBenchmark(options, out).run();
        if (result.complete()) {
            out.println(result.line());
        } else {
            out.println("(no RESULT line: it needs the runs sluice, debezium and bulk-load)");
        }
        return result.allChecksPassed() ? BenchCommand.OK : BenchCommand.FAILED;
    }

    /**
     * Debezium's settings to try: each batch size with its reduction buffer (without it, the sink writes out its
     * batch at every switch between upserts and deletes, i.e. every few records here); on PostgreSQL also its
     * UNNEST insert, once, with the largest batch size.
     */
    private List<DebeziumSinkRun.Settings> candidates() {
        List<DebeziumSinkRun.Settings> candidates = new ArrayList<>();
        for (int batchSize : debeziumBatchSizes) {
            candidates.add(new DebeziumSinkRun.Settings(batchSize, true, false));
        }
        if (warehouse == Warehouse.POSTGRES) {
            candidates.add(new DebeziumSinkRun.Settings(Collections.max(debeziumBatchSizes), true, true));
        }
        return candidates;
    }
}
