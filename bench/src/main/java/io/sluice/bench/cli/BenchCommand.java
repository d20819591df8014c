package io.sluice.bench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code sluice bench}: Sluice's benchmarks, each a subcommand. They live in their own jar (module
 * {@code bench/}) because they carry what Sluice is measured against, e.g. Debezium's JDBC sink with
 * Hibernate; {@code bin/sluice bench …} runs this jar, every other command the engine's.
 */
@Command(name = "sluice bench",
        mixinStandardHelpOptions = true,
        versionProvider = BenchCommand.Version.class,
        description = "Benchmarks of Sluice against the tools a user would pick instead and against the warehouse's"
                + " physical limits. Each starts the embedded database servers it needs.",
        subcommands = {WriterBenchCommand.class, GovernanceBenchCommand.class, TortureBenchCommand.class},
        footer = {"", "Also, run by the engine's jar (bin/sluice sends them there): snapshot (initial load against the COPY"
                + " pipe), lag (source commit to warehouse commit), ingest (HTTP events against COPY and direct"
                + " commits); see bin/sluice bench snapshot|lag|ingest --help.",
                "", "Exit codes: 0 done (and, where a benchmark checks results, they were right); 1 a check failed"
                + " or the benchmark could not run; 2 bad usage."})
public final class BenchCommand implements Runnable {

    static final int OK = 0;
    static final int FAILED = 1;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        // The engine's jar, on this class path too, carries a logback.xml of its own: name ours, before any
        // logger exists, so logback neither warns of two nor takes the engine's.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-bench.xml");
        }
        int exit = new CommandLine(new BenchCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExitCodeExceptionMapper(error -> FAILED)
                .execute(args);
        System.exit(exit);
    }

    /** Reads the version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = BenchCommand.class.getPackage().getImplementationVersion();
            return new String[] {"sluice bench " + (version == null ? "(development build)" : version)};
        }
    }
}
