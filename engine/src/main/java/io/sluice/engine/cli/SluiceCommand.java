package io.sluice.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sluice} command line. */
@Command(name = "sluice",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Change data capture from PostgreSQL and MySQL/MariaDB into a warehouse, exactly once.",
        subcommands = {RunCommand.class, ValidateCommand.class, CheckCommand.class, ScanCommand.class,
                StatusCommand.class, QuarantineCommand.class, DropSlotCommand.class, DemoCommand.class,
                VersionCommand.class, BenchEngineCommand.class},
        footer = {"", "Exit codes: 0 success; 1 the pipeline failed, a check failed, a source to scan cannot be"
                + " reached, 'status' found the engine not ready, or the demo found a mismatch;"
                + " 2 bad usage or an invalid pipeline file."})
public final class SluiceCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        int exit = new CommandLine(new SluiceCommand())
                .setExitCodeExceptionMapper(error -> ExitCodes.FAILED)
                .execute(args);
        System.exit(exit);
    }
}
