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

    /** Best rows/s of each kind: no rules, {@link #RULES}, {@link #VALUE_RULES}. */
    public record Result(long plainRowsPerSecond, long governedRowsPerSecond, long valueRulesRowsPerSecond) {

        public double overheadPercent() {
            return overhead(governedRowsPerSecond);
        }

        /** The overhead of the rules that add no column. */
        public double valueRulesOverheadPercent() {
            return overhead(valueRulesRowsPerSecond);
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
            long bestPlain = 0;
            long bestGoverned = 0;
            long bestValueRules = 0;
            for (int round = 1; round <= rounds; round++) {
                long plain = once(postgres, source, work.path(), rows, "plain_" + round, "");
                out.printf("  round %d  plain                  %,d rows = %,10d rows/s%n", round, rows, plain);
                long governed = once(postgres, source, work.path(), rows, "governed_" + round, rules);
                out.printf("  round %d  governed               %,d rows = %,10d rows/s%n", round, rows, governed);
                long values = once(postgres, source, work.path(), rows, "values_" + round, valueRules);
                out.printf("  round %d  governed, no new column %,d rows = %,10d rows/s%n", round, rows, values);
                bestPlain = Math.max(bestPlain, plain);
                bestGoverned = Math.max(bestGoverned, governed);
                bestValueRules = Math.max(bestValueRules, values);
            }
            return new Result(bestPlain, bestGoverned, bestValueRules);
        }
    }

    /** One load into a fresh warehouse database by a pipeline of its own (its own slot); returns rows/s. */
    private static long once(EmbeddedPostgresServer postgres, BenchDatabase source, Path work, long rows, String name,
                             String rules) throws Exception {
        BenchDatabase warehouse = postgres.createDatabase("governance_" + name);
        Path pipeline = PipelineFile.write(work.resolve(name + ".yaml"), "governance_" + name, source,
                List.of("bench_rows"), false, warehouse, "", rules.isEmpty() ? "" : "governance:\n" + rules);
        long[] snapshot = SnapshotBenchmark.snapshotInChildJvm(pipeline, rows, work.resolve(name + ".log"));
        SnapshotBenchmark.requireCount(warehouse, "bench_rows", rows);
        // The child exits without dropping its slot; an idle slot would keep WAL for nothing.
        source.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE NOT active");
        return Math.round(rows / (snapshot[0] / 1000.0));
    }
}
