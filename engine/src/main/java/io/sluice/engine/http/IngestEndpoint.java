package io.sluice.engine.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.engine.events.DecodedEvent;
import io.sluice.engine.events.HttpEventSource;
import io.sluice.engine.events.IngestResult;
import io.sluice.engine.pipeline.Pipeline;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /ingest/<table>}: checks the source's token, bounds the body, parses and decodes it on the
 * request's thread, queues it with its source, and answers once the warehouse has committed it — a 2xx
 * means durable. The table in the path is only ever looked up among the declared tables, never put into
 * SQL; values reach the warehouse bound or streamed.
 *
 * <p>A Jetty handler of its own, not one of the {@code com.sun.net.httpserver} handlers, because it answers
 * asynchronously: the request's thread returns once the events are queued, and the commit's thread writes
 * the answer. No thread waits for a commit, so many concurrent clients cost no thread each, and a commit of
 * a group does not have to wake one parked thread per request (on 2 cores, those context switches were the
 * largest single cost of single-event ingest).
 */
final class IngestEndpoint extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(IngestEndpoint.class);

    static final String CONTEXT = "/ingest";
    static final int MAX_IDEMPOTENCY_KEY = 200;
    /** Events in a request from which its answer is written by a thread of the server's, not the committing one. */
    private static final int ANSWER_ELSEWHERE_FROM = 64;

    /** What to answer. */
    record Answer(int status, Map<String, Object> body, Map<String, String> headers) {
        static Answer of(int status, Map<String, Object> body) {
            return new Answer(status, body, Map.of());
        }

        static Answer error(int status, String message) {
            return of(status, Map.of("error", message));
        }
    }

    /**
     * Answers sent before the body was read close the connection: the server would otherwise drop it
     * mid-body anyway, and a client that reused it would find it gone.
     */
    private static final Map<String, String> UNREAD = Map.of("Connection", "close");

    private final Supplier<Pipeline> pipeline;
    private final Map<String, String> headers;
    private final ObjectMapper json;
    private final Duration idleTimeout;

    /**
     * @param pipeline the pipeline served, null until it is
     * @param headers set on every answer (the server's security headers)
     * @param idleTimeout the connections' idle timeout: the longest a request waits for its commit
     */
    IngestEndpoint(Supplier<Pipeline> pipeline, Map<String, String> headers, ObjectMapper json, Duration idleTimeout) {
        super(InvocationType.BLOCKING); // reads and parses the body: not on the selector's thread
        this.pipeline = pipeline;
        this.headers = headers;
        this.json = json;
        this.idleTimeout = idleTimeout;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        CompletableFuture<Answer> answer;
        try {
            answer = accept(request);
        } catch (HttpError e) {
            answer = CompletableFuture.completedFuture(Answer.error(e.status(), e.getMessage()));
        } catch (IOException e) {
            // The body could not be read: the client went away (nobody reads this answer), or the server is
            // stopping under the request. Nothing of it was queued; the client may send it again.
            answer = CompletableFuture.completedFuture(new Answer(503, Map.of("error",
                    "the request's body could not be read; try again later"), Map.of("Retry-After", "1",
                    "Connection", "close")));
        } catch (RuntimeException e) {
            LOG.warn("An ingest request failed", e); // the path is not logged: it is the client's text
            answer = CompletableFuture.completedFuture(Answer.error(500, e.toString()));
        }
        AtomicBoolean answered = new AtomicBoolean();
        if (!answer.isDone()) {
            // Waiting for the commit, the connection is idle. Left to Jetty, its idle timeout would fail the
            // answer's write and send a bare 500; answered here, the client learns what it may do.
            request.addIdleTimeoutListener(timeout -> {
                if (answered.compareAndSet(false, true)) {
                    send(response, callback, notYetCommitted());
                }
                return false;
            });
        }
        answer.whenComplete((sent, failure) -> {
            if (answered.compareAndSet(false, true)) {
                send(response, callback, sent != null ? sent : failed(failure));
            }
        });
        return true;
    }

    /** The answer when the commit has taken longer than the idle timeout: the events may still commit. */
    private Answer notYetCommitted() {
        return new Answer(503, Map.of("error", "the warehouse has not committed the request within "
                + idleTimeout.toMillis() + " ms (http.idle-timeout); it may still commit: send it again, and with"
                + " event ids or an Idempotency-Key it applies once"), Map.of("Retry-After", "1", "Connection", "close"));
    }

    /** Checks, reads and decodes the request and queues its events; the answer completes after their commit. */
    private CompletableFuture<Answer> accept(Request request) throws IOException {
        Pipeline served = pipeline.get();
        if (served == null) {
            return CompletableFuture.completedFuture(new Answer(503, Map.of("error", "not serving yet"), UNREAD));
        }
        if (!request.getMethod().equals("POST")) {
            return CompletableFuture.completedFuture(new Answer(405, Map.of("error", "only POST"),
                    Map.of("Allow", "POST", "Connection", "close")));
        }
        String table = table(request);
        String presented = bearer(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        HttpEventSource source = table == null ? null : served.ingestSource(table).orElse(null);
        // The table's source first: a request it accepts costs one token digest, not one per source.
        if (source == null || !source.acceptsToken(presented)) {
            if (served.ingestSources().stream().noneMatch(s -> s.acceptsToken(presented))) {
                return CompletableFuture.completedFuture(new Answer(401,
                        Map.of("error", "send the source's token: Authorization: Bearer TOKEN"),
                        Map.of("WWW-Authenticate", "Bearer realm=\"sluice\"", "Connection", "close")));
            }
            return CompletableFuture.completedFuture(new Answer(404,
                    Map.of("error", "no event table of that name is declared for this token"), UNREAD));
        }
        String idempotencyKey = request.getHeaders().get("Idempotency-Key");
        if (idempotencyKey != null && (idempotencyKey.isEmpty() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY)) {
            throw HttpError.badRequest("Idempotency-Key must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters");
        }
        long limit = source.config().maxRequestBytes();
        byte[] body = readBody(request, limit);
        if (body == null) {
            return CompletableFuture.completedFuture(new Answer(413,
                    Map.of("error", "the body is larger than max-request-size (" + limit + " bytes)"), UNREAD));
        }
        List<IngestBody.Item> items = IngestBody.parse(body);
        long now = System.currentTimeMillis();
        List<DecodedEvent> events = new ArrayList<>(items.size());
        String origin = source.decoder().newOrigin(now);
        for (IngestBody.Item item : items) {
            events.add(source.decoder().decode(table, item.value(), item.line(), now, origin));
        }
        try {
            CompletableFuture<IngestResult> committed = source.submit(table, events, idempotencyKey);
            // A small request's answer is written by the thread that committed it: handing each of a group's
            // answers to another thread would cost a wake-up apiece. A large one's is handed over, so the
            // committing thread, which few large requests keep busy, goes back to the next group at once.
            return events.size() < ANSWER_ELSEWHERE_FROM
                    ? committed.thenApply(result -> answer(table, result))
                    : committed.thenApplyAsync(result -> answer(table, result), request.getComponents().getExecutor());
        } catch (HttpEventSource.Unavailable e) {
            return CompletableFuture.completedFuture(new Answer(503, Map.of("error", e.getMessage() + "; try again later"),
                    Map.of("Retry-After", Integer.toString(e.retryAfterSeconds()))));
        }
    }

    /** The table named by the path after {@code /ingest/}, or null when the path names none. */
    private static String table(Request request) {
        String path = Request.getPathInContext(request);
        if (path == null || !path.startsWith("/") || path.length() < 2) {
            return null;
        }
        return path.substring(1);
    }

    private static Answer answer(String table, IngestResult result) {
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

    /** The answer when the commit failed, or the server stopped: nothing of the request is committed. */
    private static Answer failed(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return new Answer(503, Map.of("error", "nothing of the request was committed (" + cause.getMessage()
                + "); try again later"), Map.of("Retry-After", "5"));
    }

    private void send(Response response, Callback callback, Answer answer) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(answer.body());
        } catch (IOException e) {
            callback.failed(e);
            return;
        }
        response.setStatus(answer.status());
        headers.forEach((name, value) -> response.getHeaders().put(name, value));
        answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    /** The body, or null when it is longer than {@code limit}; never reads more than one byte past it. */
    private static byte[] readBody(Request request, long limit) throws IOException {
        String length = request.getHeaders().get(HttpHeader.CONTENT_LENGTH);
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
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (declared >= 0 && declared <= Integer.MAX_VALUE - 8) {
                // The length is known and within the limit: one array of it, not a chain of buffers copied.
                byte[] body = new byte[(int) declared];
                int read = in.readNBytes(body, 0, body.length);
                return read == body.length ? body : java.util.Arrays.copyOf(body, read);
            }
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            return body.length > limit ? null : body;
        }
    }
}
