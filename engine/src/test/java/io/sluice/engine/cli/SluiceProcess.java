package io.sluice.engine.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code sluice} command line run as a separate JVM with the test class path, so that tests can
 * send it signals and read its exit code and output as a user would.
 */
final class SluiceProcess implements AutoCloseable {

    private final Process process;
    private final Path output;

    private SluiceProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static SluiceProcess start(Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), SluiceCommand.class.getName()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("sluice-process-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        return new SluiceProcess(builder.start(), output);
    }

    /** Sends SIGTERM and waits for the exit code. */
    int terminate(long timeoutSeconds) throws Exception {
        process.destroy();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("sluice did not exit within " + timeoutSeconds + " s of SIGTERM; output:\n" + output());
        }
        return process.exitValue();
    }

    int awaitExit(long timeoutSeconds) throws Exception {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("sluice did not exit within " + timeoutSeconds + " s; output:\n" + output());
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String output() throws IOException {
        return Files.readString(output);
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        Files.deleteIfExists(output);
    }
}
