package io.sluice.engine.cli;

import io.sluice.config.ConfigException;
import io.sluice.config.PipelineConfig;
import io.sluice.config.PipelineLoader;
import io.sluice.engine.governance.GovernanceChain;
import io.sluice.engine.pipeline.Pipeline;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sluice run pipeline.yaml}: runs until stopped with SIGTERM or Ctrl-C, or until a source fails. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = "Run a pipeline: capture changes from its sources and keep the warehouse in step"
                + " until stopped (SIGTERM or Ctrl-C stop it after the current flush commits).",
        footer = {"", "Example:", "  WH_PATH=shop.duckdb PG_HOST=localhost ... sluice run examples/postgres-to-duckdb.yaml"})
final class RunCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PIPELINE.yaml", description = "the pipeline file")
    private Path file;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        PipelineConfig config;
        try {
            config = PipelineLoader.load(file);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return ExitCodes.INVALID;
        }
        try {
            GovernanceChain.of(config.governance(), config.file()).close(); // a rule its transform refuses is a file error
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return ExitCodes.INVALID;
        }
        Pipeline pipeline;
        try {
            pipeline = Pipeline.start(config);
        } catch (SQLException | RuntimeException e) {
            err.println("ERROR: pipeline '" + config.name() + "' could not start: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        GracefulStop stop = GracefulStop.onSignal(pipeline);
        try {
            pipeline.firstFailure().get();
            return ExitCodes.OK;
        } catch (ExecutionException e) {
            stop.cancel();
            err.println("ERROR: " + e.getCause().getMessage());
            err.flush();
            pipeline.close();
            return ExitCodes.FAILED;
        }
    }
}
