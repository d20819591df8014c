package io.sluice.config;

import java.time.Duration;
import java.util.Objects;

/**
 * When the writer flushes: whichever limit is reached first. Rows and bytes bound memory; the age
 * bounds how stale the warehouse may be when the source is quiet.
 *
 * @param maxRows  changes held before a flush, above 0
 * @param maxBytes approximate bytes held before a flush, above 0
 * @param maxAge   longest a change waits before a flush, above 0
 * @param retry    how a flush the warehouse failed to take is tried again
 */
public record FlushConfig(int maxRows, long maxBytes, Duration maxAge, RetryConfig retry) {

    public static final FlushConfig DEFAULTS = new FlushConfig(10_000, 16L * 1024 * 1024, Duration.ofMillis(200));

    /** Limits with the default retries. */
    public FlushConfig(int maxRows, long maxBytes, Duration maxAge) {
        this(maxRows, maxBytes, maxAge, RetryConfig.DEFAULTS);
    }

    public FlushConfig {
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(retry, "retry");
        if (maxRows <= 0 || maxBytes <= 0 || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("flush limits must be above 0: " + maxRows + " rows, "
                    + maxBytes + " bytes, " + maxAge);
        }
    }
}
