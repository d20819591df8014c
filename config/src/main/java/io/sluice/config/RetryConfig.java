package io.sluice.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How a flush the warehouse did not take because of the warehouse itself (connection lost, server
 * down; not a refused row, which goes to quarantine) is tried again: after {@code initialDelay}, each
 * wait twice the last, at most {@code maxDelay}, each shortened by a random part (jitter, so several
 * pipelines do not retry in step). While it retries the source is paused. Once the first failure is
 * {@code maxDuration} old, the pipeline fails.
 *
 * @param maxDuration  how long a flush may keep failing before the pipeline fails, above 0
 * @param initialDelay the wait before the first retry, above 0
 * @param maxDelay     the longest wait between two tries, at least {@code initialDelay}
 */
public record RetryConfig(Duration maxDuration, Duration initialDelay, Duration maxDelay) {

    public static final RetryConfig DEFAULTS = new RetryConfig(Duration.ofMinutes(5), Duration.ofMillis(200),
            Duration.ofSeconds(30));

    public RetryConfig {
        Objects.requireNonNull(maxDuration, "maxDuration");
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (!isPositive(maxDuration) || !isPositive(initialDelay) || !isPositive(maxDelay)) {
            throw new IllegalArgumentException("retry durations must be above 0: " + maxDuration + ", "
                    + initialDelay + ", " + maxDelay);
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("the longest retry delay " + maxDelay + " is shorter than the first "
                    + initialDelay);
        }
    }

    private static boolean isPositive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }
}
