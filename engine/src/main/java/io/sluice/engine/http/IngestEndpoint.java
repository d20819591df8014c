package io.sluice.engine.http;

import com.sun.net.httpserver.HttpExchange;
import io.sluice.engine.events.DecodedEvent;
import io.sluice.engine.events.HttpEventSource;
import io.sluice.engine.events.IngestResult;
import io.sluice.engine.pipeline.Pipeline;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * {@code POST /ingest/<table>}: checks the source's token, bounds the body, parses and decodes it on the
 * request's thread, queues it with its source, and answers once the warehouse has committed it — a 2xx
 * means durable. The table in the path is only ever looked up among the declared tables, never put into
 * SQL; values reach the warehouse bound or streamed.
 */
final class IngestEndpoint {

    static final String PREFIX = "/ingest/";
    static final int MAX_IDEMPOTENCY_KEY = 200;

    /** What to answer, as the server sends it. */
    record Answer(int status, Map<String, Object> body, Map<String, String> headers) {
        static Answer of(int status, Map<String, Object> body) {
            return new Answer(status, body, Map.of());
        }
    }

    /**
     * Answers sent before the body was read close the connection: the server would otherwise drop it
     * mid-body anyway, and a client that reused it would find it gone.
     */
    private static final Map<String, String> UNREAD = Map.of("Connection", "close");

    private final Pipeline pipeline;

    IngestEndpoint(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    Answer handle(HttpExchange exchange, String table) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            return new Answer(405, Map.of("error", "only POST"), Map.of("Allow", "POST", "Connection", "close"));
        }
        String presented = bearer(exchange.getRequestHeaders().getFirst("Authorization"));
        List<HttpEventSource> sources = pipeline.ingestSources();
        if (sources.stream().noneMatch(s -> s.acceptsToken(presented))) {
            return new Answer(401, Map.of("error", "send the source's token: Authorization: Bearer TOKEN"),
                    Map.of("WWW-Authenticate", "Bearer realm=\"sluice\"", "Connection", "close"));
        }
        HttpEventSource source = pipeline.ingestSource(table).orElse(null);
        if (source == null || !source.acceptsToken(presented)) {
            return new Answer(404, Map.of("error", "no event table of that name is declared for this token"), UNREAD);
        }
        String idempotencyKey = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (idempotencyKey != null && (idempotencyKey.isEmpty() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY)) {
            throw HttpError.badRequest("Idempotency-Key must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters");
        }
        long limit = source.config().maxRequestBytes();
        byte[] body = readBody(exchange, limit);
        if (body == null) {
            return new Answer(413, Map.of("error", "the body is larger than max-request-size (" + limit + " bytes)"), UNREAD);
        }
        List<IngestBody.Item> items = IngestBody.parse(body);
        long now = System.currentTimeMillis();
        List<DecodedEvent> events = new ArrayList<>(items.size());
        String origin = source.decoder().newOrigin(now);
        for (IngestBody.Item item : items) {
            events.add(source.decoder().decode(table, item.value(), item.line(), now, origin));
        }
        IngestResult result;
        try {
            result = source.submit(table, events, idempotencyKey).get();
        } catch (HttpEventSource.Unavailable e) {
            return new Answer(503, Map.of("error", e.getMessage() + "; try again later"),
                    Map.of("Retry-After", Integer.toString(e.retryAfterSeconds())));
        } catch (ExecutionException e) {
            return new Answer(503, Map.of("error", "nothing of the request was committed ("
                    + e.getCause().getMessage() + "); try again later"), Map.of("Retry-After", "5"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(503, Map.of("error", "the server is stopping; try again later"), Map.of("Retry-After", "5"));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("table", table);
        answer.put("received", result.received());
        answer.put("applied", result.applied());
        answer.put("duplicates", result.duplicates());
        answer.put("quarantined", result.quarantined());
        if (!result.errors().isEmpty()) {
            answer.put("errors", result.errors());
        }
        return Answer.of(200, answer);
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    /** The body, or null when it is longer than {@code limit}; never reads more than one byte past it. */
    private static byte[] readBody(HttpExchange exchange, long limit) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        long declared = -1;
        if (length != null) {
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw HttpError.badRequest("Content-Length is not a number");
            }
            if (declared > limit) {
                return null;
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            if (declared >= 0 && declared <= Integer.MAX_VALUE - 8) {
                // The length is known and within the limit: one array of it, not a chain of 8 KB buffers copied.
                byte[] body = new byte[(int) declared];
                int read = in.readNBytes(body, 0, body.length);
                return read == body.length ? body : java.util.Arrays.copyOf(body, read);
            }
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            return body.length > limit ? null : body;
        }
    }
}
