package io.sluice.engine.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.PGCopyInputStream;

/**
 * The initial-load benchmark: a table of {@code rows} rows generated in a PostgreSQL source with
 * {@code generate_series}, snapshotted by Sluice into a PostgreSQL warehouse in a JVM with
 * {@code -Xmx512m} ({@link SnapshotRun}: rows/s and peak heap), and, in the same run, the physical
 * limit: the same table moved by {@code COPY … TO STDOUT} streamed straight into the warehouse's
 * {@code COPY … FROM STDIN} (pgjdbc's CopyManager) into a table of the same definition.
 *
 * <p>Ends with {@code RESULT rows=<n> rows_s=<n> copy_rows_s=<n> snapshot_vs_copy=<ratio> peak_heap_mb=<n>}.
 */
public final class SnapshotBenchmark {

    /** A row of the kinds of columns operational tables have. */
    static final String COLUMNS = "(id bigint PRIMARY KEY, account int NOT NULL, label text NOT NULL,"
            + " amount numeric(12,2) NOT NULL, created_at timestamptz NOT NULL, active boolean NOT NULL, note varchar(40))";

    public record Result(long rows, long rowsPerSecond, long copyRowsPerSecond, long peakHeapMb) {

        public double ratio() {
            return (double) rowsPerSecond / copyRowsPerSecond;
        }

        public String resultLine() {
            return String.format(Locale.ROOT, "RESULT rows=%d rows_s=%d copy_rows_s=%d snapshot_vs_copy=%.2f peak_heap_mb=%d",
                    rows, rowsPerSecond, copyRowsPerSecond, ratio(), peakHeapMb);
        }
    }

    private SnapshotBenchmark() {
    }

    /**
     * @param source          and {@code warehouse}: empty PostgreSQL databases
     * @param snapshotThreads the pipeline's {@code snapshot-threads} (0: Debezium's own snapshot)
     */
    public static Result run(BenchDatabase source, BenchDatabase warehouse, long rows, int snapshotThreads, Path work,
                             PrintStream out) throws Exception {
        generate(source, rows, out);

        Path pipeline = PipelineFile.write(work.resolve("snapshot.yaml"), "snapshot_bench", source, List.of("bench_rows"),
                false, warehouse, "", "snapshot-threads: " + snapshotThreads + "\n");
        long[] snapshot = snapshotInChildJvm(pipeline, rows, work.resolve("snapshot.log"));
        long rowsPerSecond = Math.round(rows / (snapshot[0] / 1000.0));
        out.printf("Sluice snapshot (-Xmx512m, snapshot-threads %d): %,d rows in %.1f s = %,d rows/s, peak heap %d MB (at most %d MB"
                + " right after a collection)%n", snapshotThreads, rows, snapshot[0] / 1000.0, rowsPerSecond, snapshot[1], snapshot[2]);
        requireCount(warehouse, "bench_rows", rows);

        warehouse.execute("CREATE TABLE bench_rows_copy " + COLUMNS);
        long copyMillis = copyPipe(source, warehouse);
        long copyRowsPerSecond = Math.round(rows / (copyMillis / 1000.0));
        out.printf("COPY TO STDOUT | COPY FROM STDIN: %,d rows in %.1f s = %,d rows/s%n", rows, copyMillis / 1000.0,
                copyRowsPerSecond);
        requireCount(warehouse, "bench_rows_copy", rows);
        return new Result(rows, rowsPerSecond, copyRowsPerSecond, snapshot[1]);
    }

    /** Creates the table {@code bench_rows} of {@code rows} generated rows in {@code source}. */
    static void generate(BenchDatabase source, long rows, PrintStream out) throws SQLException {
        long start = System.nanoTime();
        source.execute("CREATE TABLE bench_rows " + COLUMNS,
                "INSERT INTO bench_rows SELECT g, g % 1000, 'label ' || g, (g % 10000000) / 100.0,"
                        + " timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second', g % 3 = 0,"
                        + " CASE WHEN g % 5 = 0 THEN NULL ELSE 'note ' || (g % 777) END"
                        + " FROM generate_series(1, " + rows + ") g",
                "VACUUM ANALYZE bench_rows");
        out.printf("generated %,d rows in the source in %.1f s%n", rows, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Runs {@link SnapshotRun} with {@code -Xmx512m}; returns {milliseconds, peak heap MB, most held after a GC MB,
     * the JVM's CPU milliseconds, its JIT compiler's milliseconds (both -1 when unknown)}.
     */
    static long[] snapshotInChildJvm(Path pipeline, long rows, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(EngineProcess.ENGINE_JVM_OPTIONS);
        command.addAll(EngineProcess.childJavaOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SnapshotRun.class.getName(),
                pipeline.toString(), Long.toString(rows)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit = process.waitFor();
        String output = Files.readString(log);
        Matcher result = Pattern.compile("SNAPSHOT millis=(\\d+) peak_heap_mb=(\\d+) after_gc_mb=(\\d+) cpu_ms=(-?\\d+) jit_ms=(-?\\d+)").matcher(output);
        if (exit != 0 || !result.find()) {
            throw new IllegalStateException("the snapshot run exited " + exit + ":\n" + LoadedPipeline.tail(output));
        }
        return new long[] {Long.parseLong(result.group(1)), Long.parseLong(result.group(2)), Long.parseLong(result.group(3)),
                Long.parseLong(result.group(4)), Long.parseLong(result.group(5))};
    }

    /** COPY out of the source streamed into COPY into the warehouse, on one thread; returns milliseconds. */
    static long copyPipe(BenchDatabase source, BenchDatabase warehouse) throws SQLException, IOException {
        try (Connection from = source.connect(); Connection to = warehouse.connect()) {
            long start = System.nanoTime();
            try (InputStream rows = new PGCopyInputStream(from.unwrap(PGConnection.class), "COPY bench_rows TO STDOUT")) {
                new CopyManager(to.unwrap(org.postgresql.core.BaseConnection.class)).copyIn("COPY bench_rows_copy FROM STDIN", rows, 1 << 16);
            }
            return (System.nanoTime() - start) / 1_000_000;
        }
    }

    static void requireCount(BenchDatabase database, String table, long rows) throws SQLException {
        long count = ((Number) database.queryValue("SELECT count(*) FROM " + table)).longValue();
        if (count != rows) {
            throw new IllegalStateException(table + " holds " + count + " rows, not " + rows);
        }
    }
}
