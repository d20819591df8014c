package io.sluice.config;

import java.util.List;

/** Binds {@code flush}; each limit left out keeps its default. */
final class FlushBinder {

    static final List<String> KEYS = List.of("max-rows", "max-bytes", "max-age");

    private FlushBinder() {
    }

    static FlushConfig bind(YamlMapping flush, Binding binding) {
        flush.rejectUnknownKeys(KEYS);
        FlushConfig defaults = FlushConfig.DEFAULTS;
        return new FlushConfig(
                flush.optional("max-rows", ScalarParsers.POSITIVE_INT).orElse(defaults.maxRows()),
                flush.optional("max-bytes", ScalarParsers.POSITIVE_SIZE).orElse(defaults.maxBytes()),
                flush.optional("max-age", ScalarParsers.POSITIVE_DURATION).orElse(defaults.maxAge()));
    }
}
