package io.sluice.engine.cli;

import io.sluice.engine.pipeline.Pipeline;

/**
 * Stops a pipeline on SIGTERM or Ctrl-C: every source finishes and commits its current flush, then the
 * process exits 0 — a requested stop is a success, not the JVM's default 143.
 */
final class GracefulStop {

    private final Thread hook;

    private GracefulStop(Thread hook) {
        this.hook = hook;
    }

    /** @param alsoAfter closed after the pipeline, e.g. the HTTP server */
    static GracefulStop onSignal(Pipeline pipeline, AutoCloseable... alsoAfter) {
        Thread hook = new Thread(() -> {
            pipeline.close();
            for (AutoCloseable closeable : alsoAfter) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // stopping anyway
                }
            }
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(ExitCodes.OK);
        }, "sluice-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        return new GracefulStop(hook);
    }

    /**
     * Withdraws the hook when the pipeline failed by itself, so that the process exits with the failure's
     * code rather than the hook's 0. Too late once a signal has started the shutdown; then the stop wins.
     */
    void cancel() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // a SIGTERM came first: the hook is running and exits 0
        }
    }
}
