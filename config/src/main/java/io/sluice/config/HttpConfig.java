package io.sluice.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where {@code sluice run} serves health, metrics, status and the status page.
 *
 * @param host  address to bind; a loopback address unless a token guards the server
 * @param port  port to bind, 0..65535; 0 takes a free port (the log line says which)
 * @param token secret that requests from other machines must present (bearer, or basic password); null for none
 * @param idleTimeout how long a connection may stay silent — a request waiting for its commit included —
 *                    before the server gives up on it (an ingest request is then answered 503)
 */
public record HttpConfig(String host, int port, String token, Duration idleTimeout) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8470;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final HttpConfig DEFAULTS = new HttpConfig(DEFAULT_HOST, DEFAULT_PORT, null);

    /** With the default idle timeout. */
    public HttpConfig(String host, int port, String token) {
        this(host, port, token, DEFAULT_IDLE_TIMEOUT);
    }

    public HttpConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("http idle-timeout must be above 0: " + idleTimeout);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("http port must be 0..65535: " + port);
        }
        if (!isLoopback(host) && (token == null || token.isEmpty())) {
            throw new IllegalArgumentException("http host " + host + " is not a loopback address: it needs a token");
        }
    }

    /**
     * True for {@code localhost} and loopback address literals, decided without a DNS lookup (the
     * config module does no I/O beyond reading files): any other name counts as reachable from outside.
     */
    public static boolean isLoopback(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.matches("127(\\.\\d{1,3}){3}") || h.equals("::1")
                || h.equals("0:0:0:0:0:0:0:1");
    }

    @Override
    public String toString() {
        return "HttpConfig[host=" + host + ", port=" + port + ", token=" + Redaction.mask(token)
                + ", idleTimeout=" + idleTimeout + "]";
    }
}
