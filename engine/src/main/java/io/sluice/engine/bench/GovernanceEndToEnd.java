package io.sluice.engine.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The cost of governance end to end: a generated table in an embedded PostgreSQL source, loaded by the
 * whole pipeline — Debezium's snapshot, the governance rules, the reduction buffer, the writer — into a
 * PostgreSQL warehouse, once with no rules, once with a chain of five (filter, quality, hash,
 * partial, lineage), once with five that add no column and once with only the two of the chain that add
 * columns, each in a JVM of its own ({@code -Xmx512m}, as {@link SnapshotBenchmark} runs it),
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
                columns: [active]
            """);

    /**
     * Of {@link #RULES}, only the two that add columns (the quality tag, lineage's three): what wider rows cost the
     * reader, the writer and the warehouse, with little work in the rules themselves.
     */
    static final String COLUMN_RULES = """
              - type: quality
                rules: "amount_range:range(amount, 0, 100000000):tag"
              - type: lineage
                columns: [op, source_ts, position]
            """;

    /**
     * What each kind of load must leave in the warehouse, as one boolean over all its rows: proof that the rules
     * ran (a rule naming a column the table lacks does nothing, silently).
     */
    private static final String PLAIN_PROOF = "SELECT bool_and(label LIKE 'label %' AND (note IS NULL OR note LIKE 'note %'))"
            + " FROM bench_rows";
    private static final String RULES_PROOF = "SELECT bool_and(length(label) = 64 AND (note IS NULL OR note LIKE '*%')"
            + " AND __op = 'r' AND __source_ts IS NOT NULL AND __position LIKE '%/%' AND __quality_issues IS NULL)"
            + " FROM bench_rows";
    private static final String VALUE_RULES_PROOF = "SELECT bool_and(length(label) = 64 AND (note IS NULL OR note LIKE '*%')"
            + " AND NOT active) FROM bench_rows";
    private static final String COLUMN_RULES_PROOF = "SELECT bool_and(label LIKE 'label %' AND __op = 'r'"
            + " AND __position LIKE '%/%' AND __quality_issues IS NULL) FROM bench_rows";

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
                         long columnRulesRowsPerSecond, double plainCpuMicros, double governedCpuMicros,
                         double valueRulesCpuMicros, double columnRulesCpuMicros) {

        public double overheadPercent() {
            return overhead(governedRowsPerSecond);
        }

        /** The overhead of the rules that add no column. */
        public double valueRulesOverheadPercent() {
            return overhead(valueRulesRowsPerSecond);
        }

        /** The overhead of the two rules that add columns. */
        public double columnRulesOverheadPercent() {
            return overhead(columnRulesRowsPerSecond);
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
            Run columns = Run.NONE;
            for (int round = 1; round <= rounds; round++) {
                Run plainRun = once(postgres, source, work.path(), rows, "plain_" + round, "", PLAIN_PROOF);
                out.printf("  round %d  plain                   %s%n", round, plainRun.describe(rows));
                Run governedRun = once(postgres, source, work.path(), rows, "governed_" + round, rules, RULES_PROOF);
                out.printf("  round %d  governed                %s%n", round, governedRun.describe(rows));
                Run valuesRun = once(postgres, source, work.path(), rows, "values_" + round, valueRules,
                        VALUE_RULES_PROOF);
                out.printf("  round %d  governed, no new column %s%n", round, valuesRun.describe(rows));
                Run columnsRun = once(postgres, source, work.path(), rows, "columns_" + round, COLUMN_RULES,
                        COLUMN_RULES_PROOF);
                out.printf("  round %d  only the new columns    %s%n", round, columnsRun.describe(rows));
                plain = plain.best(plainRun);
                governed = governed.best(governedRun);
                values = values.best(valuesRun);
                columns = columns.best(columnsRun);
            }
            return new Result(plain.rowsPerSecond(), governed.rowsPerSecond(), values.rowsPerSecond(),
                    columns.rowsPerSecond(), plain.cpuMicrosPerRow(), governed.cpuMicrosPerRow(),
                    values.cpuMicrosPerRow(), columns.cpuMicrosPerRow());
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

    private static void requireTrue(BenchDatabase warehouse, String proof, String load) throws SQLException {
        if (!Boolean.TRUE.equals(warehouse.queryValue(proof))) {
            throw new IllegalStateException("the " + load + " load did not leave what its rules make: " + proof);
        }
    }

    /** One load into a fresh warehouse database by a pipeline of its own (its own slot), checked by {@code proof}. */
    private static Run once(EmbeddedPostgresServer postgres, BenchDatabase source, Path work, long rows, String name,
                             String rules, String proof) throws Exception {
        BenchDatabase warehouse = postgres.createDatabase("governance_" + name);
        Path pipeline = PipelineFile.write(work.resolve(name + ".yaml"), "governance_" + name, source,
                List.of("bench_rows"), false, warehouse, "", rules.isEmpty() ? "" : "governance:\n" + rules);
        source.execute("CHECKPOINT"); // no run starts with dirty pages of the one before
        long[] snapshot = SnapshotBenchmark.snapshotInChildJvm(pipeline, rows, work.resolve(name + ".log"));
        SnapshotBenchmark.requireCount(warehouse, "bench_rows", rows);
        requireTrue(warehouse, proof, name);
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
