package io.sluice.engine.cli;

import io.sluice.engine.pipeline.Pipeline;

/**
 * Stops a pipeline on SIGTERM or Ctrl-C: every source finishes and commits its current flush, then the
 * process exits 0 — a requested stop is a success, not the JVM's default 143.
 */
final class GracefulStop {

    private GracefulStop() {
    }

    static void onSignal(Pipeline pipeline, AutoCloseable... alsoAfter) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
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
        }, "sluice-stop"));
    }
}
