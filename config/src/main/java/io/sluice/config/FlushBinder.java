package io.sluice.config;

import java.time.Duration;
import java.util.List;

/** Binds {@code flush} and its {@code retry}; each limit left out keeps its default. */
final class FlushBinder {

    static final List<String> KEYS = List.of("max-rows", "max-bytes", "max-age", "retry");
    static final List<String> RETRY_KEYS = List.of("max-duration", "initial-delay", "max-delay");

    private FlushBinder() {
    }

    static FlushConfig bind(YamlMapping flush, Binding binding) {
        flush.rejectUnknownKeys(KEYS);
        FlushConfig defaults = FlushConfig.DEFAULTS;
        RetryConfig retry = flush.mapping("retry", "a mapping with max-duration, initial-delay and max-delay")
                .map(FlushBinder::bindRetry)
                .orElse(RetryConfig.DEFAULTS);
        return new FlushConfig(
                flush.optional("max-rows", ScalarParsers.POSITIVE_INT).orElse(defaults.maxRows()),
                flush.optional("max-bytes", ScalarParsers.POSITIVE_SIZE).orElse(defaults.maxBytes()),
                flush.optional("max-age", ScalarParsers.POSITIVE_DURATION).orElse(defaults.maxAge()),
                retry);
    }

    private static RetryConfig bindRetry(YamlMapping retry) {
        retry.rejectUnknownKeys(RETRY_KEYS);
        RetryConfig defaults = RetryConfig.DEFAULTS;
        Duration maxDuration = retry.optional("max-duration", ScalarParsers.POSITIVE_DURATION)
                .orElse(defaults.maxDuration());
        Duration initial = retry.optional("initial-delay", ScalarParsers.POSITIVE_DURATION)
                .orElse(defaults.initialDelay());
        Duration max = retry.optional("max-delay", ScalarParsers.POSITIVE_DURATION)
                .orElse(defaults.maxDelay());
        if (max.compareTo(initial) < 0) {
            String at = retry.has("max-delay") ? "max-delay" : "initial-delay";
            retry.reportValue(at, "the longest delay (" + max.toMillis() + " ms) is shorter than the first ("
                    + initial.toMillis() + " ms); make max-delay at least initial-delay");
            max = initial;
        }
        return new RetryConfig(maxDuration, initial, max);
    }
}
