package io.sluice.engine.cli;

import io.sluice.config.ConfigException;
import io.sluice.config.PipelineConfig;
import io.sluice.config.PipelineLoader;
import io.sluice.engine.quarantine.QuarantineReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice quarantine list|replay pipeline.yaml}: see the records that were not applied, and apply them again. */
@Command(name = "quarantine",
        mixinStandardHelpOptions = true,
        description = "See the records a pipeline quarantined (with the rule and the reason), and replay them"
                + " after fixing a rule or the data.",
        subcommands = {QuarantineCommand.ListCommand.class, QuarantineCommand.ReplayCommand.class})
final class QuarantineCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What both subcommands take. */
    static class Selection {
        @Parameters(paramLabel = "PIPELINE.yaml", description = "the pipeline file")
        Path file;

        @Option(names = "--rule", paramLabel = "RULE", description = "only records quarantined by this rule")
        String rule;

        @Option(names = "--id", paramLabel = "ID", split = ",", description = "only these records (ids from 'list')")
        List<String> ids = List.of();

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
                description = "at most this many records (default: ${DEFAULT-VALUE})")
        int limit;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List quarantined records, oldest first: id, time, source, table, rule, reason, key.",
            footer = {"", "Example:", "  sluice quarantine list pipeline.yaml --rule amount_positive"})
    static final class ListCommand implements Callable<Integer> {
        @CommandLine.Mixin
        Selection selection;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return QuarantineCommand.execute(spec, selection, false);
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = {"Put quarantined records through the pipeline's governance rules and writer again, and"
                    + " remove them from quarantine in the same transaction; records that still fail are quarantined"
                    + " again with the new reason. A replayed change is applied as it was."},
            footer = {"", "Example:", "  sluice quarantine replay pipeline.yaml --rule amount_positive"})
    static final class ReplayCommand implements Callable<Integer> {
        @CommandLine.Mixin
        Selection selection;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return QuarantineCommand.execute(spec, selection, true);
        }
    }

    private static int execute(CommandLine.Model.CommandSpec spec, Selection selection, boolean replay) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PipelineConfig config;
        try {
            config = PipelineLoader.load(selection.file);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return ExitCodes.INVALID;
        }
        try {
            QuarantineReport report = new QuarantineReport(config, out);
            if (replay) {
                report.replay(selection.rule, selection.ids, selection.limit);
            } else {
                report.list(selection.rule, selection.ids, selection.limit);
            }
            return ExitCodes.OK;
        } catch (SQLException | RuntimeException e) {
            err.println("ERROR: " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }
}
