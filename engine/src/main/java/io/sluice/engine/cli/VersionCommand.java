package io.sluice.engine.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code sluice version}: this build, and the Java it runs on. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print Sluice's version and the Java it runs on.")
final class VersionCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(new VersionProvider().getVersion()[0] + " (Java " + Runtime.version()
                + ", " + System.getProperty("java.vendor") + ")");
        return ExitCodes.OK;
    }
}
