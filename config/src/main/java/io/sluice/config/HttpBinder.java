package io.sluice.config;

import java.util.List;

/** Binds {@code http}: where the engine serves, and the token other machines must present. */
final class HttpBinder {

    static final List<String> KEYS = List.of("host", "port", "token", "idle-timeout");

    private static final ScalarParser<Integer> PORT_OR_FREE = ScalarParsers.integer(0, 65535);

    private HttpBinder() {
    }

    /** @return the settings, or null when anything about them was reported */
    static HttpConfig bind(YamlMapping http, Binding binding) {
        int errorsBefore = binding.errors().count();
        http.rejectUnknownKeys(KEYS);
        String host = http.optional("host", ScalarParsers.NON_EMPTY_TEXT).map(String::trim)
                .orElse(HttpConfig.DEFAULT_HOST);
        int port = http.optional("port", PORT_OR_FREE).orElse(HttpConfig.DEFAULT_PORT);
        String token = http.optional("token", ScalarParsers.NON_EMPTY_TEXT).orElse(null);
        java.time.Duration idleTimeout = http.optional("idle-timeout", ScalarParsers.POSITIVE_DURATION)
                .orElse(HttpConfig.DEFAULT_IDLE_TIMEOUT);
        if (token == null && http.has("host") && !HttpConfig.isLoopback(host)) {
            // Status and the table browser show warehouse data: never to the network without a secret.
            http.reportValue("host", "\"" + host + "\" is reachable from other machines, so the server needs a token;"
                    + " add token: ${env:SLUICE_HTTP_TOKEN}, or bind host: 127.0.0.1");
        }
        if (binding.errors().count() > errorsBefore) {
            return null;
        }
        return new HttpConfig(host, port, token, idleTimeout);
    }
}
