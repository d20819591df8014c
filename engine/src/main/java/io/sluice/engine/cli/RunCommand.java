package io.sluice.engine.cli;

import io.sluice.config.ConfigException;
import io.sluice.config.PipelineConfig;
import io.sluice.config.PipelineLoader;
import io.sluice.engine.governance.GovernanceChain;
import io.sluice.engine.http.StatusServer;
import io.sluice.engine.metrics.PipelineMetrics;
import io.sluice.engine.pipeline.Pipeline;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice run pipeline.yaml}: runs until stopped with SIGTERM or Ctrl-C, or until a source fails. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = "Run a pipeline: capture changes from its sources and keep the warehouse in step"
                + " until stopped (SIGTERM or Ctrl-C stop it after the current flush commits).",
        footer = {"", "While it runs it serves health, Prometheus metrics, status JSON and a status page on the"
                + " pipeline file's http address (default http://127.0.0.1:8470), and logs 'Serving on ...' at start.",
                "", "Example:", "  WH_PATH=shop.duckdb PG_HOST=localhost ... sluice run examples/postgres-to-duckdb.yaml",
                "  sluice run pipeline.yaml --log-format json 2> sluice.log.json"})
final class RunCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PIPELINE.yaml", description = "the pipeline file")
    private Path file;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            converter = LogFormatConverter.class,
            description = "text (default) or json: one JSON object per line on standard error, for log shippers")
    private LogFormat logFormat;

    static final class LogFormatConverter implements CommandLine.ITypeConverter<LogFormat> {
        @Override
        public LogFormat convert(String value) {
            for (LogFormat format : LogFormat.values()) {
                if (format.name().equalsIgnoreCase(value)) {
                    return format;
                }
            }
            throw new CommandLine.TypeConversionException("expected text or json, got '" + value + "'");
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        logFormat.apply();
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
        StatusServer http;
        try {
            http = StatusServer.bind(config.http()); // before capture starts: a port in use stops nothing half-way
        } catch (IOException e) {
            err.println("ERROR: pipeline '" + config.name() + "': " + e.getMessage());
            return ExitCodes.FAILED;
        }
        PipelineMetrics metrics = new PipelineMetrics();
        Pipeline pipeline;
        try {
            pipeline = Pipeline.start(config, metrics);
        } catch (SQLException | RuntimeException e) {
            http.close();
            err.println("ERROR: pipeline '" + config.name() + "' could not start: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        metrics.watch(pipeline.sources(), pipeline.stats());
        http.serve(pipeline, metrics);
        GracefulStop stop = GracefulStop.onSignal(pipeline, http);
        try {
            pipeline.firstFailure().get();
            return ExitCodes.OK;
        } catch (ExecutionException e) {
            stop.cancel();
            err.println("ERROR: " + e.getCause().getMessage());
            err.flush();
            http.close();
            pipeline.close();
            return ExitCodes.FAILED;
        }
    }
}
