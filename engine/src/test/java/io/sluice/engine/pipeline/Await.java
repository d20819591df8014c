package io.sluice.engine.pipeline;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition until it holds, failing with a description of what was awaited. */
public final class Await {

    private Await() {
    }

    public static void until(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
                last = null;
            } catch (Exception e) {
                last = e; // e.g. the warehouse table does not exist yet
            }
            Thread.sleep(200);
        }
        AssertionError failure = new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
        if (last != null) {
            failure.initCause(last);
        }
        throw failure;
    }
}
