package io.sluice.engine.cli;

import io.sluice.config.ConfigException;
import io.sluice.config.PipelineConfig;
import io.sluice.config.PipelineLoader;
import io.sluice.config.SourceConfig;
import io.sluice.engine.governance.GovernanceChain;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice validate pipeline.yaml}: reads the file as {@code run} would — every key, every
 * {@code ${env:}}/{@code ${file:}} reference, and each governance rule's settings as its transform
 * checks them — without connecting to anything.
 */
@Command(name = "validate",
        mixinStandardHelpOptions = true,
        description = "Check a pipeline file without connecting to anything: every problem is reported at once,"
                + " each as FILE:LINE:COLUMN: key: what is wrong; how to fix it.",
        footer = {"", "Exit codes: 0 the file is valid; 2 it is not (or bad usage).",
                "", "Example:", "  PG_PASSWORD=... sluice validate examples/postgres-to-duckdb.yaml"})
final class ValidateCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PIPELINE.yaml", description = "the pipeline file")
    private Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PipelineConfig config;
        try {
            config = PipelineLoader.load(file);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            err.println("INVALID " + file + ": " + e.errors().size() + " problem" + (e.errors().size() == 1 ? "" : "s"));
            return ExitCodes.INVALID;
        }
        try {
            GovernanceChain.of(config.governance(), config.file()).close();
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println("INVALID " + file + ": 1 problem");
            return ExitCodes.INVALID;
        }
        int tables = config.sources().stream().mapToInt(s -> s.tables().size()).sum()
                + config.eventSources().stream().mapToInt(s -> s.tables().size()).sum();
        java.util.List<String> names = new java.util.ArrayList<>(config.sources().stream().map(SourceConfig::name).toList());
        config.eventSources().forEach(s -> names.add(s.name()));
        out.println("OK " + file + ": pipeline '" + config.name() + "', " + names.size() + " source(s) ("
                + String.join(", ", names) + "), " + tables
                + " table(s), " + config.governance().size() + " governance rule(s), "
                + config.warehouse().type().name().toLowerCase(java.util.Locale.ROOT) + " warehouse, serves on http://"
                + config.http().host() + ":" + config.http().port());
        return ExitCodes.OK;
    }
}
