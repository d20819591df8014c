package io.sluice.engine.http;

import com.sun.net.httpserver.HttpExchange;
import io.sluice.config.HttpConfig;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.function.Predicate;

/**
 * Who may read the server. Without a token the server is bound to loopback (the pipeline file refuses
 * anything else), so every request comes from this machine. With a token, a request from another
 * address — or one relayed by a local proxy, which says so with {@code X-Forwarded-For} or
 * {@code Forwarded} — must present it: {@code Authorization: Bearer TOKEN}, or basic auth with any
 * user name and the token as the password (what a browser prompts for).
 */
final class Access {

    private final byte[] token;
    private final Predicate<InetAddress> local;

    /** @param local which client addresses are this machine's own */
    Access(String token, Predicate<InetAddress> local) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.local = local;
    }

    static Access of(HttpConfig config) {
        return new Access(config.token(), InetAddress::isLoopbackAddress);
    }

    boolean allows(HttpExchange exchange) {
        if (token == null) {
            return true;
        }
        boolean relayed = exchange.getRequestHeaders().containsKey("X-forwarded-for")
                || exchange.getRequestHeaders().containsKey("Forwarded");
        if (!relayed && local.test(exchange.getRemoteAddress().getAddress())) {
            return true;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        return authorization != null && matches(presented(authorization.trim()));
    }

    /** The secret a request presents: a bearer token, or the password of basic auth; null for neither. */
    private static byte[] presented(String authorization) {
        int space = authorization.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String scheme = authorization.substring(0, space);
        String credentials = authorization.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return credentials.getBytes(StandardCharsets.UTF_8);
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            try {
                String decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? null : decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                return null;
            }
        }
        return null;
    }

    /** Constant time, so the answer's timing tells nothing about how much of a guess was right. */
    private boolean matches(byte[] presented) {
        return presented != null && MessageDigest.isEqual(presented, token);
    }
}
