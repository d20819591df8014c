package io.sluice.engine.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sluice.config.HttpConfig;
import io.sluice.engine.metrics.PipelineMetrics;
import io.sluice.engine.pipeline.Pipeline;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.spi.JettyHttpServer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's HTTP server: health, Prometheus metrics, status JSON, the status page and the warehouse
 * browser behind it. Bound before the pipeline starts (a port in use stops {@code run} before any
 * capture), serving once the pipeline runs.
 *
 * <p>The server is Jetty, through its implementation of the JDK's {@code com.sun.net.httpserver} API, which
 * the handlers are written against. The JDK's own server took about twice Jetty's CPU per request (each
 * answer's headers and body two writes, a selector hand-off per request): single-event ingest is mostly that.
 *
 * <p>Every answer forbids inline script and any other origin (Content-Security-Policy), sniffing and
 * caching; the page builds its DOM with {@code textContent}, so warehouse data is never markup.
 */
public final class StatusServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /** On every answer, the ingest endpoint's too. */
    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-store",
            "X-Frame-Options", "DENY");

    /** The page's files, served from the jar; nothing else is read from the classpath. */
    private static final Map<String, String> PAGE_FILES = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/app.js", "app.js",
            "/app.css", "app.css");

    /** Threads for requests at most (an ingest request holds one only while its body is read and decoded). */
    private static final int MAX_THREADS = 200;

    private final Server jetty;
    private final HttpServer server;
    private final Access access;
    private final URI address;
    private final ObjectMapper json = new ObjectMapper();
    private volatile Pipeline pipeline;
    private volatile PipelineMetrics metrics;
    private volatile StatusReport report;
    private volatile WarehouseBrowser browser;
    private volatile WarehouseProbe probe;

    private StatusServer(Server jetty, ServerConnector connector, Access access) {
        this.jetty = jetty;
        this.access = access;
        InetSocketAddress bound = new InetSocketAddress(connector.getHost(), connector.getLocalPort());
        String host = bound.getAddress().getHostAddress();
        this.address = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort());
        // Shared: Jetty's own server, bound and started here, serves the API's contexts.
        this.server = new JettyHttpServer(jetty, true);
        server.createContext("/", this::handle);
        // Ingest has its own token, the event source's, required from every client, local or not; it answers
        // asynchronously, so it is a Jetty handler (the longest context path wins: /ingest/... comes here).
        ContextHandler ingest = new ContextHandler(
                new IngestEndpoint(() -> pipeline, SECURITY_HEADERS, json, Duration.ofMillis(connector.getIdleTimeout())),
                IngestEndpoint.CONTEXT);
        ingest.setAllowNullPathInContext(true); // POST /ingest is answered (no table: 404), not redirected
        jetty.getDescendant(ContextHandlerCollection.class).addHandler(ingest);
    }

    /** Binds the address of {@code config}, refusing requests that {@link Access} refuses; not yet serving. */
    public static StatusServer bind(HttpConfig config) throws IOException {
        return bind(config, Access.of(config));
    }

    static StatusServer bind(HttpConfig config, Access access) throws IOException {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 4);
        threads.setName("sluice-http");
        threads.setDaemon(true);
        Server jetty = new Server(threads);
        jetty.setHandler(new ContextHandlerCollection()); // where the API's contexts go
        jetty.setErrorHandler(StatusServer::errorPage);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setAcceptQueueSize(50);
        connector.setIdleTimeout(config.idleTimeout().toMillis());
        try {
            connector.open(); // binds now: a port in use stops the engine before it captures anything
        } catch (IOException e) {
            throw new IOException("cannot serve on " + config.host() + ":" + config.port() + " (" + e.getMessage()
                    + "); set http.port in the pipeline file to a free port, or 0 for any", e);
        }
        jetty.addConnector(connector);
        return new StatusServer(jetty, connector, access);
    }

    /**
     * What Jetty answers for requests it refuses itself (a malformed request line, an ambiguous path): the
     * status's reason as JSON, with the security headers; never an exception's message or class.
     */
    private static boolean errorPage(Request request, Response response, Callback callback) {
        SECURITY_HEADERS.forEach((name, value) -> response.getHeaders().put(name, value));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        String reason = HttpStatus.getMessage(response.getStatus());
        Content.Sink.write(response, true, "{\"error\":\"" + reason.replace("\"", "'") + "\"}", callback);
        return true;
    }

    /** Starts answering for {@code pipeline}; {@code metrics} feeds {@code /metrics}. */
    public void serve(Pipeline servedPipeline, PipelineMetrics servedMetrics) {
        this.probe = new WarehouseProbe(servedPipeline.warehouse());
        this.report = new StatusReport(servedPipeline, probe, json);
        this.browser = new WarehouseBrowser(servedPipeline.warehouse(), servedPipeline.dialect(),
                servedPipeline.warehouseSchema());
        this.metrics = servedMetrics;
        this.pipeline = servedPipeline;
        try {
            jetty.start();
        } catch (Exception e) {
            throw new IllegalStateException("the HTTP server cannot start: " + e.getMessage(), e);
        }
        LOG.info("Serving on {}", address());
    }

    /** Where it serves, e.g. {@code http://127.0.0.1:8470}; the same once closed. */
    public URI address() {
        return address;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            SECURITY_HEADERS.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            String path = exchange.getRequestURI().getPath();
            if (!access.allows(exchange)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"sluice\", charset=\"UTF-8\"");
                sendJson(exchange, 401, Map.of("error", "this server needs its token: Authorization: Bearer TOKEN,"
                        + " or basic auth with the token as password"));
                return;
            }
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                sendJson(exchange, 405, Map.of("error", "only GET and HEAD"));
                return;
            }
            try {
                route(exchange, exchange.getRequestURI().getPath(), query(exchange.getRequestURI()));
            } catch (HttpError e) {
                sendJson(exchange, e.status(), Map.of("error", e.getMessage()));
            } catch (SQLException e) {
                LOG.warn("A warehouse query for {} failed: {}", exchange.getRequestURI().getPath(), e.getMessage());
                sendJson(exchange, 502, Map.of("error", "the warehouse query failed: " + e.getMessage()));
            } catch (RuntimeException e) {
                LOG.warn("Answering {} failed", exchange.getRequestURI().getPath(), e);
                sendJson(exchange, 500, Map.of("error", e.toString()));
            }
        }
    }

    private void route(HttpExchange exchange, String path, Map<String, String> query) throws IOException, SQLException {
        switch (path) {
            case "/health/live" -> send(exchange, 200, "text/plain; charset=utf-8", "live\n".getBytes(StandardCharsets.UTF_8));
            case "/health/ready" -> {
                Map<String, Object> readiness = report.readiness();
                sendJson(exchange, Boolean.TRUE.equals(readiness.get("ready")) ? 200 : 503, readiness);
            }
            case "/metrics" -> send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                    metrics.scrape().getBytes(StandardCharsets.UTF_8));
            case "/status" -> sendJson(exchange, 200, report.status());
            case "/api/feed" -> sendJson(exchange, 200, feed(integer(query, "after", 0)));
            case "/api/tables" -> sendJson(exchange, 200, Map.of("tables", browser.tables()));
            case "/api/rows" -> sendJson(exchange, 200, browser.rows(query.get("table"), query.get("sort"),
                    "desc".equals(query.get("dir")), integer(query, "page", 0), integer(query, "size", 50),
                    query.get("filter"), query.get("value")));
            case "/api/chart" -> {
                WarehouseBrowser.Aggregate aggregate = choice(WarehouseBrowser.Aggregate.class, query.get("agg"), "agg");
                String bucket = query.get("bucket");
                sendJson(exchange, 200, Map.of("bars", browser.chart(query.get("table"), query.get("group"),
                        bucket == null || bucket.isEmpty() ? null : choice(WarehouseBrowser.Bucket.class, bucket, "bucket"),
                        aggregate == null ? WarehouseBrowser.Aggregate.COUNT : aggregate, query.get("value"))));
            }
            default -> {
                String file = PAGE_FILES.get(path);
                if (file == null) {
                    throw HttpError.notFound("nothing at " + path);
                }
                sendResource(exchange, file);
            }
        }
    }

    /**
     * The live feed: the newest committed changes (numbered above {@code after}, newest first) as the
     * messages forwarding sends, and each forward target's state.
     */
    private Map<String, Object> feed(long after) throws IOException {
        java.util.List<Map<String, Object>> changes = new java.util.ArrayList<>();
        for (io.sluice.engine.forward.LiveFeed.Entry entry : pipeline.forwarding().feed().after(after)) {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("number", entry.number());
            change.put("change", json.readTree(entry.payload()));
            changes.add(change);
        }
        Map<String, Object> feed = new LinkedHashMap<>();
        feed.put("changes", changes);
        feed.put("forward", pipeline.forwarding().status(1_000)); // the page asks every second: count at most once
        return feed;
    }

    private void sendResource(HttpExchange exchange, String file) throws IOException {
        try (InputStream in = StatusServer.class.getResourceAsStream("page/" + file)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks the status page file " + file);
            }
            String type = file.endsWith(".html") ? "text/html; charset=utf-8"
                    : file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
            send(exchange, 200, type, in.readAllBytes());
        }
    }

    private void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json; charset=utf-8", json.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> parameters = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }

    private static int integer(Map<String, String> query, String name, int absent) {
        String value = query.get(name);
        if (value == null || value.isEmpty()) {
            return absent;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("'" + name + "' must be a whole number");
        }
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String value, String name) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(value)) {
                return constant;
            }
        }
        throw HttpError.badRequest("'" + name + "' must be one of " + java.util.Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("The HTTP server did not stop cleanly: {}", e.toString());
        }
        if (probe != null) {
            probe.close();
        }
    }
}
