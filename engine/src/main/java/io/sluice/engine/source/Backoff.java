package io.sluice.engine.source;

import io.sluice.config.RetryConfig;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * The waits between tries of one failing flush: exponential from {@code flush.retry.initial-delay} up to
 * {@code max-delay}, each shortened by a random part of up to half (jitter, so pipelines that share a
 * warehouse do not retry in step), until {@code max-duration} has passed since the first failure.
 * One instance per failing flush.
 */
final class Backoff {

    private final RetryConfig config;
    private final LongSupplier nanoTime;
    private final long firstFailure;
    private long nextDelayMillis;
    private int failures;

    Backoff(RetryConfig config, LongSupplier nanoTime) {
        this.config = config;
        this.nanoTime = nanoTime;
        this.firstFailure = nanoTime.getAsLong();
        this.nextDelayMillis = config.initialDelay().toMillis();
    }

    Backoff(RetryConfig config) {
        this(config, System::nanoTime);
    }

    /**
     * Called after each failed try: how long to wait before the next one, or empty when the next try
     * would start after the budget is spent.
     */
    OptionalLong nextDelay() {
        failures++;
        long base = nextDelayMillis;
        nextDelayMillis = Math.min(config.maxDelay().toMillis(), nextDelayMillis * 2);
        long delay = base - ThreadLocalRandom.current().nextLong(base / 2 + 1);
        if (elapsed().plusMillis(delay).compareTo(config.maxDuration()) > 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(delay);
    }

    /** Failed tries so far. */
    int failures() {
        return failures;
    }

    /** Time since the first failure. */
    Duration elapsed() {
        return Duration.ofNanos(nanoTime.getAsLong() - firstFailure);
    }
}
