package io.sluice.engine.bench;

import io.sluice.engine.cli.SluiceCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code sluice} command line ({@code sluice run PIPELINE.yaml}, mostly) as a separate JVM on this
 * JVM's class path, so that harnesses and tests can kill it (SIGKILL), stop it (SIGTERM) and read its exit
 * code and output as an operator would.
 */
public final class EngineProcess implements AutoCloseable {

    private final Process process;
    private final Path output;

    private EngineProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /**
     * How the benchmarks run an engine: the heap they document, and the collector {@code bin/sluice} gives the
     * engine (kept in step with it and with docker-compose.yml).
     */
    static final List<String> ENGINE_JVM_OPTIONS = List.of("-Xmx512m", "-XX:+UseParallelGC", "-XX:NewRatio=1");

    /**
     * JVM options for the engines the benchmarks start, and for nothing else: {@code SLUICE_CHILD_JAVA_OPTS},
     * split on spaces (e.g. a profiler agent, or {@code -XX:StartFlightRecording=filename=/tmp/jfr/}, a
     * folder: one recording per JVM).
     */
    static List<String> childJavaOptions() {
        String options = System.getenv("SLUICE_CHILD_JAVA_OPTS");
        return options == null || options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
    }

    /** Starts {@code sluice run pipeline} with {@code -Xmx512m}; its output goes to {@code output}. */
    public static EngineProcess run(Path pipeline, Path output) throws IOException {
        return start(Map.of(), output, "run", pipeline.toString());
    }

    /**
     * Starts {@code sluice args…} with {@code -Xmx512m} and these environment variables besides this
     * process's; its output (stdout and stderr) is appended to {@code output}.
     */
    public static EngineProcess start(Map<String, String> environment, Path output, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ENGINE_JVM_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        command.addAll(childJavaOptions());
        command.add(SluiceCommand.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        builder.environment().putAll(environment);
        return new EngineProcess(builder.start(), output);
    }

    /** SIGKILL: the process ends at once, whatever it was doing. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, then waits for the exit code; -1 when it did not exit in time (it is then killed). */
    public int terminate(long timeoutSeconds) throws InterruptedException {
        process.destroy();
        return awaitExit(timeoutSeconds);
    }

    /** The exit code; -1 when it did not exit in time (it is then killed). */
    public int awaitExit(long timeoutSeconds) throws InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            kill();
            return -1;
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the process printed so far (of every run that shared the output file). */
    public String output() throws IOException {
        return Files.readString(output);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
