package io.sluice.bench.cli;

import io.sluice.bench.writer.GovernanceBenchmark;
import io.sluice.engine.bench.GovernanceEndToEnd;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sluice bench governance}: Sluice's path with no governance rules against a chain of five. */
@Command(name = "governance",
        mixinStandardHelpOptions = true,
        description = {"The cost of a chain of five governance rules (filter, quality, hash, partial, lineage) against"
                + " none, alternating the runs, best of each. First the writer path alone: N change events (the writer"
                + " benchmark's stream, made in memory) through the reader, the rules, the buffer and the writer into"
                + " PostgreSQL. Then the end-to-end pipeline, which the RESULT line reports: an N-row table in an"
                + " embedded PostgreSQL loaded by `sluice run` (Debezium's snapshot, the rules, the buffer, the writer)"
                + " into a PostgreSQL warehouse, each run in a JVM of its own; beside it, five rules that add no column"
                + " and the chain's two that add columns alone."},
        footer = {"", "Example:", "  sluice bench governance --events 200000"})
final class GovernanceBenchCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--events", defaultValue = "1000000", paramLabel = "N",
            description = "change events per run (default: ${DEFAULT-VALUE})")
    private int events;

    @Option(names = "--rounds", defaultValue = "2", paramLabel = "N",
            description = "plain/governed run pairs; the best of each counts (default: ${DEFAULT-VALUE})")
    private int rounds;

    @Override
    public Integer call() throws Exception {
        if (events <= 0 || rounds <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--events and --rounds must be above 0");
        }
        System.out.printf("governance benchmark, writer path: %,d events per run, %d rounds, into embedded PostgreSQL%n",
                events, rounds);
        GovernanceBenchmark.Result writerPath = GovernanceBenchmark.run(events, rounds, 42, System.out);
        System.out.printf(Locale.ROOT, "writer path: plain %.0f events/s, governed %.0f events/s, overhead %.1f%%%n",
                writerPath.plain().perSecond(), writerPath.governed().perSecond(), writerPath.overheadPercent());
        System.out.printf("governance benchmark, end to end: a %,d-row table loaded by sluice run, %d rounds%n", events, rounds);
        GovernanceEndToEnd.Result endToEnd = GovernanceEndToEnd.run(events, rounds, System.out);
        System.out.printf(Locale.ROOT, "five rules that add no column (filter, quality quarantine, hash, partial, mask):"
                + " %d rows/s, overhead %.1f%%%n", endToEnd.valueRulesRowsPerSecond(), endToEnd.valueRulesOverheadPercent());
        System.out.printf(Locale.ROOT, "the two rules that add columns alone (quality tag, lineage): %d rows/s, overhead"
                + " %.1f%%%n", endToEnd.columnRulesRowsPerSecond(), endToEnd.columnRulesOverheadPercent());
        System.out.printf(Locale.ROOT, "engine CPU per row (least of the rounds; all its threads, JIT and collector"
                + " included): plain %.2f µs, governed %.2f µs (+%.1f%%), no new column %.2f µs, only the new columns"
                + " %.2f µs%n", endToEnd.plainCpuMicros(), endToEnd.governedCpuMicros(), endToEnd.cpuOverheadPercent(),
                endToEnd.valueRulesCpuMicros(), endToEnd.columnRulesCpuMicros());
        System.out.printf(Locale.ROOT, "RESULT plain_rows_s=%d governed_rows_s=%d overhead_pct=%.1f%n",
                endToEnd.plainRowsPerSecond(), endToEnd.governedRowsPerSecond(), endToEnd.overheadPercent());
        return BenchCommand.OK;
    }
}
