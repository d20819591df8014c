package io.sluice.engine.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The cost of governance end to end: a generated table in an embedded PostgreSQL source, loaded by the
 * whole pipeline — Debezium's snapshot, the governance rules, the reduction buffer, the writer — into a
 * PostgreSQL warehouse, once with no rules, once with a chain of five (filter, quality, hash,
 * partial, lineage) and once with five that add no column, each in a JVM of its own ({@code -Xmx512m}, as {@link SnapshotBenchmark} runs it),
 * alternating so machine noise hits both alike; the best of each counts. The initial load is the
 * pipeline's busiest phase, so governance weighs most there.
 */
public final class GovernanceEndToEnd {

    /** The rules ({@code KEY_FILE} stands for the hash key's file), over the generated table's columns: every changed value is of a kind a data owner governs. */
    static final String RULES = chain("tag", """
              - type: lineage
                columns: [op, source_ts, position]
            """);

    /**
     * Five rules that rewrite or judge values and add no column (quality quarantines instead of tagging, mask
     * instead of lineage): with {@link #RULES}, which adds four columns (three of lineage, the quality tag),
     * they tell the transforms' own cost from the cost of writing wider rows.
     */
    static final String VALUE_RULES = chain("quarantine", """
              - type: mask
                columns: [flag]
            """);

    /** Filter, quality with {@code qualityAction}, hash and partial, then {@code lastRule}. */
    private static String chain(String qualityAction, String lastRule) {
        return """
                  - type: filter
                    condition: "account >= 0"
                  - type: quality
                    rules: "amount_range:range(amount, 0, 100000000):%s"
                  - type: hash
                    columns: [label]
                    key: ${file:KEY_FILE}
                  - type: partial
                    columns: [note]
                    keep.first: 0
                    keep.last: 2
                """.formatted(qualityAction) + lastRule;
    }

    /**
     * Best rows/s of each kind: no rules, {@link #RULES}, {@link #VALUE_RULES}; and the least CPU time per row
     * of the engine's JVM (all its threads, JIT and collector included) of each, in microseconds.
     */
    public record Result(long plainRowsPerSecond, long governedRowsPerSecond, long valueRulesRowsPerSecond,
                         double plainCpuMicros, double governedCpuMicros, double valueRulesCpuMicros) {

        public double overheadPercent() {
            return overhead(governedRowsPerSecond);
        }

        /** The overhead of the rules that add no column. */
        public double valueRulesOverheadPercent() {
            return overhead(valueRulesRowsPerSecond);
        }

        /** The engine's extra CPU per row for {@link #RULES}, in percent of the plain run's. */
        public double cpuOverheadPercent() {
            return 100.0 * (governedCpuMicros - plainCpuMicros) / plainCpuMicros;
        }

        private double overhead(long rowsPerSecond) {
            return 100.0 * (plainRowsPerSecond - rowsPerSecond) / plainRowsPerSecond;
        }
    }

    private GovernanceEndToEnd() {
    }

    public static Result run(long rows, int rounds, PrintStream out) throws Exception {
        try (WorkFolder work = WorkFolder.create("sluice-governance-bench-");
             EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(work.path().resolve("postgres"), Map.of())) {
            BenchDatabase source = postgres.createDatabase("governance_source");
            SnapshotBenchmark.generate(source, rows, out);
            Path keyFile = Files.writeString(work.path().resolve("hash.key"), "benchmark-hash-key-0123456789");
            String rules = RULES.replace("KEY_FILE", keyFile.toString());
            String valueRules = VALUE_RULES.replace("KEY_FILE", keyFile.toString());
            Run plain = Run.NONE;
            Run governed = Run.NONE;
            Run values = Run.NONE;
            for (int round = 1; round <= rounds; round++) {
                Run plainRun = once(postgres, source, work.path(), rows, "plain_" + round, "");
                out.printf("  round %d  plain                   %s%n", round, plainRun.describe(rows));
                Run governedRun = once(postgres, source, work.path(), rows, "governed_" + round, rules);
                out.printf("  round %d  governed                %s%n", round, governedRun.describe(rows));
                Run valuesRun = once(postgres, source, work.path(), rows, "values_" + round, valueRules);
                out.printf("  round %d  governed, no new column %s%n", round, valuesRun.describe(rows));
                plain = plain.best(plainRun);
                governed = governed.best(governedRun);
                values = values.best(valuesRun);
            }
            return new Result(plain.rowsPerSecond(), governed.rowsPerSecond(), values.rowsPerSecond(),
                    plain.cpuMicrosPerRow(), governed.cpuMicrosPerRow(), values.cpuMicrosPerRow());
        }
    }

    /**
     * One load's rows/s, the engine JVM's CPU microseconds per row and its JIT compiler's milliseconds (-1 when
     * unknown).
     */
    private record Run(long rowsPerSecond, double cpuMicrosPerRow, long jitMillis) {

        static final Run NONE = new Run(0, -1, -1);

        /** The most rows/s and, separately, the least known CPU per row of the two. */
        Run best(Run other) {
            double cpu = cpuMicrosPerRow < 0 ? other.cpuMicrosPerRow
                    : other.cpuMicrosPerRow < 0 ? cpuMicrosPerRow : Math.min(cpuMicrosPerRow, other.cpuMicrosPerRow);
            return new Run(Math.max(rowsPerSecond, other.rowsPerSecond), cpu, -1);
        }

        String describe(long rows) {
            return String.format(java.util.Locale.ROOT, "%,d rows = %,10d rows/s, engine CPU %.2f µs/row (JIT compiling"
                    + " %.1f s)", rows, rowsPerSecond, cpuMicrosPerRow, jitMillis / 1000.0);
        }
    }

    /** One load into a fresh warehouse database by a pipeline of its own (its own slot). */
    private static Run once(EmbeddedPostgresServer postgres, BenchDatabase source, Path work, long rows, String name,
                             String rules) throws Exception {
        BenchDatabase warehouse = postgres.createDatabase("governance_" + name);
        Path pipeline = PipelineFile.write(work.resolve(name + ".yaml"), "governance_" + name, source,
                List.of("bench_rows"), false, warehouse, "", rules.isEmpty() ? "" : "governance:\n" + rules);
        source.execute("CHECKPOINT"); // no run starts with dirty pages of the one before
        long[] snapshot = SnapshotBenchmark.snapshotInChildJvm(pipeline, rows, work.resolve(name + ".log"));
        SnapshotBenchmark.requireCount(warehouse, "bench_rows", rows);
        // The child exits without dropping its slot; an idle slot would keep WAL for nothing.
        source.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE NOT active");
        // Nor does the next run share the machine with the kernel writing this one's million rows back: a
        // dropped database's files go, and their dirty pages with them (the ingest benchmark's COPY ran a
        // tenth slower beside such writeback).
        postgres.dropDatabase("governance_" + name);
        return new Run(Math.round(rows / (snapshot[0] / 1000.0)), snapshot[3] < 0 ? -1 : snapshot[3] * 1000.0 / rows,
                snapshot[4]);
    }
}
