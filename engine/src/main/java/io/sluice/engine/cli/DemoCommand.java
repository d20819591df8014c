package io.sluice.engine.cli;

import io.sluice.config.Durations;
import io.sluice.engine.demo.Demo;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sluice demo}: an embedded PostgreSQL shop streaming into a DuckDB file, then checked. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {"Start an embedded PostgreSQL with a small shop schema, stream a steady mix of inserts,"
                + " updates and deletes into a DuckDB warehouse, and print a summary: rows per table in source and"
                + " warehouse, changes/s and lag. Ends with a line starting OK when they are equal, or MISMATCH"
                + " (exit 1) naming the tables that differ. Needs nothing installed but a JDK."},
        footer = {"", "Examples:", "  sluice demo --duration 10s --rate 300",
                "  sluice demo --duration 5m --serve 8470    # and open http://127.0.0.1:8470/"})
final class DemoCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--duration", defaultValue = "30s", paramLabel = "TIME",
            description = "how long the workload runs, e.g. 10s, 2m (default: ${DEFAULT-VALUE})")
    private String duration;

    @Option(names = "--rate", defaultValue = "200", paramLabel = "TX/S",
            description = "source transactions per second (default: ${DEFAULT-VALUE})")
    private int rate;

    @Option(names = "--customers", defaultValue = "500", paramLabel = "N",
            description = "customers seeded before capture starts, each with 2 orders of 3 items (default: ${DEFAULT-VALUE})")
    private int customers;

    @Option(names = "--keep", description = "keep the DuckDB warehouse file and print its path")
    private boolean keep;

    @Option(names = "--serve", paramLabel = "PORT",
            description = "serve the status page, /status and /metrics on http://127.0.0.1:PORT while the demo runs"
                    + " (0 for a free port)")
    private Integer servePort;

    @Override
    public Integer call() throws Exception {
        Duration length;
        try {
            length = Durations.parse(duration);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--duration: '" + duration + "': " + e.getMessage());
        }
        boolean equal = new Demo(length, rate, customers, keep, servePort, spec.commandLine().getOut()).run();
        return equal ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
