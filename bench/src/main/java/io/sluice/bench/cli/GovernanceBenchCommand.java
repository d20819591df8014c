package io.sluice.bench.cli;

import io.sluice.bench.writer.GovernanceBenchmark;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sluice bench governance}: Sluice's path with no governance rules against a chain of five. */
@Command(name = "governance",
        mixinStandardHelpOptions = true,
        description = {"Writes N change events (the writer benchmark's stream) into PostgreSQL through Sluice's path,"
                + " without governance and with a chain of five rules (filter, quality, hash, partial, lineage),"
                + " alternating the runs; prints the best rate of each and ends with one RESULT line."},
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
        System.out.printf("governance benchmark: %,d events per run, %d rounds, into embedded PostgreSQL%n", events, rounds);
        GovernanceBenchmark.Result result = GovernanceBenchmark.run(events, rounds, 42, System.out);
        System.out.printf(Locale.ROOT, "RESULT plain_rows_s=%.0f governed_rows_s=%.0f overhead_pct=%.1f%n",
                result.plain().perSecond(), result.governed().perSecond(), result.overheadPercent());
        return BenchCommand.OK;
    }
}
